using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

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

    /// <summary>The channel class a call of an accessor returns, or null. With <paramref name="throughInterfaces"/>, a call
    /// through an interface (`s.Events()` on a Sink) returns the class of the package's accessors of that name on types
    /// having every method of the interface, when they all hand out one class (one in-package sink type): the channel
    /// the package's own implementer serves. Only senders ask that: a receive through an interface may be another
    /// implementer's consumer (a test draining a watcher it got from the package), which says nothing about the class.</summary>
    public string? ClassOf(TypeInfo info, Expr e, bool throughInterfaces = false)
    {
        if (_classes.Count == 0 || Expr.Unparen(e) is not CallExpr { Args.Count: 0 } call || Calls.Callee(info, call) is not { } f) return null;
        if (_classes.TryGetValue(f, out var cls)) return cls;
        if (!throughInterfaces || Expr.Unparen(call.Fun) is not SelectorExpr sel || info.TypeOf(sel.X)?.Underlying is not InterfaceType iface) return null;
        string? found = null;
        foreach (var (accessor, accessorClass) in _classes)
        {
            if (accessor.Name != f.Name || accessor.Signature?.Recv?.Type is not { } recv || !HasMethods(recv, iface)) continue;
            if (found != null && found != accessorClass) return null;
            found = accessorClass;
        }
        return found;
    }

    /// <summary>Whether (a pointer to) the receiver's named type implements the interface: the package's implementers of
    /// the accessor interface.</summary>
    private static bool HasMethods(GoType recv, InterfaceType iface) =>
        (recv is PointerType p ? p.Elem : recv) is NamedType named && MethodSets.PointerImplements(named, iface);
}
