using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a forwarding goroutine method whose channel field is handed out through an accessor: a method the
/// package starts as a goroutine sends on an unbuffered channel field of its receiver in a loop, outside any select
/// (a decorator forwarding the events it keeps), and the package hands that field out only through a method that
/// returns it (`func (fw *filteredWatch) ResultChan() &lt;-chan Event { return fw.result }`), called directly or
/// through an interface the type is returned as. A consumer ranging over that accessor's channel can return early
/// (it found the event it waited for, then Stop): the goroutine's next send waits for a receiver that is gone, and
/// no Stop reaches a goroutine parked on a plain send.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckAccessorConsumers(Pass pass, RunLoops model)
    {
        if (model.Started.Count == 0) return;
        var info = pass.Info;
        foreach (var g in model.Started)
        {
            if (g.Body == null || RunLoops.ReceiverOf(info, g) is not { } recv) continue;
            var classes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (send, cls) in LoopFieldSends(pass, g, recv))
            {
                if (!classes.Add(cls) || !model.Fields.TryGetValue(cls, out var use) || !use.UnbufferedMake || use.OtherValue || use.NotMade
                    || use.ReceiveSites.Count > 0 || Accessors(pass, cls) is not { Count: > 0 } accessors) continue;
                if (EarlyConsumer(pass, accessors) is not var (consumer, exit, accessor)) continue;
                var field = cls[(cls.IndexOf('.') + 1)..];
                var owner = cls[..cls.IndexOf('.')];
                pass.Report(send,
                    $"{g.Name.Name} sends on {field} in a loop without a select, and the package hands {field} out only through {owner}.{accessor.Name}, whose caller {consumer.Name.Name} can leave its range over it early (return at line {pass.Line(exit)}): {field} is unbuffered, so the goroutine blocks for ever on its next send and leaks with everything it references, and no Stop reaches a goroutine parked on a plain send; select on a stop channel that the type's Stop closes, beside the send",
                    new RelatedLocation(pass.Span(exit), $"leaves the range over {accessor.Name}() early"));
            }
        }
    }

    /// <summary>The plain sends (outside any select and any literal) of a method on its receiver's channel fields,
    /// inside a loop of the method.</summary>
    private static List<(SendStmt Send, string Class)> LoopFieldSends(Pass pass, FuncDecl g, Var recv)
    {
        var found = new List<(SendStmt, string)>();
        pass.Info.Nodes.Inspect(g.Body!, NodeKinds.FuncLit | NodeKinds.SendStmt, (n, parents) =>
        {
            if (n is not SendStmt s) return false;
            if (RunLoops.FieldOf(pass.Info, s.Chan, recv) is { } cls && !(parents.Up(1) is CommClause cc && ReferenceEquals(cc.Comm, s))
                && parents.ToList().Any(p => p is ForStmt or RangeStmt))
                found.Add((s, cls));
            return true;
        });
        return found;
    }

    /// <summary>The methods that hand the field class out, `func (x *T) C() &lt;-chan E { return x.c }` (the body that
    /// one return), when every other use of the field in the package is a send, a close, len or cap, a comparison
    /// or an assignment to it; null when it is used any other way.</summary>
    private static List<Func>? Accessors(Pass pass, string cls)
    {
        var accessors = new List<Func>();
        var ok = true;
        foreach (var fn in pass.Functions)
        {
            if (!ok) break;
            if (fn.Function is not FuncDecl decl) continue; // literals are walked inside their declaration
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.SelectorExpr, (n, parents) =>
            {
                if (!ok || n is not SelectorExpr sel || LockPaths.Of(pass.Info, sel)?.Class != cls) return ok;
                switch (parents.Up(1))
                {
                    case SendStmt snd when ReferenceEquals(snd.Chan, sel):
                    case CallExpr c when Calls.BuiltinName(pass.Info, c) is "close" or "len" or "cap":
                    case AssignStmt a when a.Lhs.IndexOf(sel) >= 0:
                    case BinaryExpr { Op: Token.Eql or Token.Neq }:
                        break;
                    case ReturnStmt { Results: [var r] } ret when ReferenceEquals(r, sel) && decl.Recv != null && decl.Body!.List is [var only]
                                                                  && ReferenceEquals(only, ret) && pass.Info.Defs.GetValueOrDefault(decl.Name) is Func f:
                        accessors.Add(f);
                        break;
                    default:
                        ok = false;
                        break;
                }
                return false;
            });
        }
        return ok ? accessors : null;
    }

    /// <summary>A function of the package ranging over an accessor's channel (`for ev := range w.ResultChan()`) that can
    /// return from inside the range: called on the type itself, or through an interface the type has every method of
    /// and is returned as by a function of the package.</summary>
    private static (FuncDecl Consumer, Stmt Exit, Func Accessor)? EarlyConsumer(Pass pass, List<Func> accessors)
    {
        var info = pass.Info;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl) continue;
            (FuncDecl, Stmt, Func)? found = null;
            info.Nodes.Inspect(fn.Body, NodeKinds.RangeStmt, (n, parents) =>
            {
                if (found != null || n is not RangeStmt r || Expr.Unparen(r.X) is not CallExpr { Fun: var fun } call || Expr.Unparen(fun) is not SelectorExpr sel) return found == null;
                var accessor = Calls.Callee(info, call) is { } f && accessors.Contains(f) ? f
                    : info.TypeOf(sel.X)?.Underlying is InterfaceType iface
                        ? Implementers.MethodsOf(info, iface, sel.Sel.Name).FirstOrDefault(m => accessors.Contains(m) && ReturnedAs(pass, m, iface))
                        : null;
                if (accessor != null && Loops.EarlyExit(r, parents.Up(1) is LabeledStmt ls ? ls.Label.Name : null) is ReturnStmt exit)
                    found = (decl, exit, accessor);
                return true;
            });
            if (found != null) return found;
        }
        return null;
    }

    /// <summary>Whether a function of the package returns a value of the method's receiver type (or a pointer to it) as
    /// a result of the interface type: the type reaches the interface's consumers.</summary>
    private static bool ReturnedAs(Pass pass, Func method, InterfaceType iface)
    {
        if (method.Signature?.Recv?.Type is not { } rt || (rt is PointerType p ? p.Elem : rt) is not NamedType named) return false;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl || pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func { Signature.Results.Vars: var results }) continue;
            var slots = results.Select((v, i) => (v, i)).Where(x => ReferenceEquals(x.v.Type.Underlying, iface) || TypeIdentity.Identical(x.v.Type.Underlying, iface)).Select(x => x.i).ToList();
            if (slots.Count == 0) continue;
            var hit = pass.Info.Nodes.Any(fn.Body, NodeKinds.ReturnStmt, n => n is ReturnStmt ret && slots.Any(i => i < ret.Results.Count
                && pass.Info.TypeOf(ret.Results[i]) is var t && (t is PointerType { Elem: NamedType e } && ReferenceEquals(e.Origin ?? e, named.Origin ?? named)
                                                                || t is NamedType nt && ReferenceEquals(nt.Origin ?? nt, named.Origin ?? named))), intoLiterals: false);
            if (hit) return true;
        }
        return false;
    }
}
