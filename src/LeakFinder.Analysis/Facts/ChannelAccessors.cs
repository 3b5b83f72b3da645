using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Methods of the package that only hand out one of their receiver's channel fields
/// (`func (m *Monitor) Events() &lt;-chan Event { return m.events }`): a receive from `m.Events()` is a receive
/// from the field's channel class, so the consumers a package's API serves are seen as its own loops are.
/// </summary>
internal sealed class ChannelAccessors
{
    private readonly Dictionary<Func, string> _classes = new(ReferenceEqualityComparer.Instance);

    public ChannelAccessors(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Type.Params.List.Count: 0 } decl || info.Defs.GetValueOrDefault(decl.Name) is not Func f) continue;
            if (decl.Body?.List is not [ReturnStmt { Results: [var result] }]) continue;
            if (info.TypeOf(result)?.Underlying is not Semantics.Types.ChanType || Expr.Unparen(result) is not SelectorExpr { X: Ident recv }) continue;
            if (info.ObjectOf(recv) is not Var { } rv || decl.Recv.List is not [{ Names: [var name] }] || !ReferenceEquals(info.Defs.GetValueOrDefault(name), rv)) continue;
            if (LockPaths.Of(info, result)?.Class is { } cls) _classes[f] = cls;
        }
    }

    /// <summary>Whether an exported method hands the class out to code outside the package (`ResultChan()`).</summary>
    public bool HandsOut(string cls, Engine.Visibility visibility) => _classes.Any(c => c.Value == cls && visibility.Outside(c.Key));

    /// <summary>The channel class a call of an accessor returns, or null.</summary>
    public string? ClassOf(TypeInfo info, Expr e) =>
        _classes.Count > 0 && Expr.Unparen(e) is CallExpr { Args.Count: 0 } call && Calls.Callee(info, call) is { } f ? _classes.GetValueOrDefault(f) : null;
}
