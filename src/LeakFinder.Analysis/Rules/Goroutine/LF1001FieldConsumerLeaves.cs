using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a producer whose channel is handed out in a field: the creator makes the channel unbuffered, starts a
/// goroutine that sends on it again and again outside any select (a forwarder ranging over a queue), and hands the
/// channel out only as a field of a value (`return &amp;Subscription{C: out}`). A consumer of that field in the package
/// leaves its loop receiving from it early (`for ev := range sub.C { if ev.Exit { return } }`): the producer's next
/// send waits for a receiver that is gone, and no cancel reaches a goroutine parked on a plain send.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static bool CheckFieldConsumerLeaves(Pass pass, FunctionBody fn, Var ch, SendStmt send, Node goroutine, Node reportAt, string who)
    {
        if (FieldHandedOut(pass, fn.Body, ch, goroutine) is not var (cls, store)) return false;
        var loops = FieldReceiveLoops(pass, cls);
        foreach (var (consumer, loop, label) in loops)
        {
            if (Loops.EarlyExit(loop, label) is not { } exit) continue;
            // A break followed by more receiving from the field (a drain after the loop) still serves the producer.
            if (exit is not ReturnStmt && loops.Any(l => ReferenceEquals(l.Consumer, consumer) && l.Loop.Pos().Value >= loop.End().Value)) continue;
            var how = Loops.ExitWord(exit);
            var field = cls[(cls.IndexOf('.') + 1)..];
            pass.Report(pass.Span(reportAt),
                $"{who} sends on {ch.Name} in a loop without a select, and {fn.Name} gives {ch.Name} away only as the field {field}, whose consumer {consumer.Name.Name} can leave its loop receiving from it early ({how} at line {pass.Line(exit)}): {ch.Name} is unbuffered, so the goroutine blocks for ever on its next send and leaks with everything it references; select on a done channel closed when the consumer leaves, beside the send",
                [
                    new RelatedLocation(pass.Span(send), "the goroutine sends again here"),
                    new RelatedLocation(pass.Span(store), $"{ch.Name} is handed out as {field} here"),
                    new RelatedLocation(pass.Span(exit), $"leaves the loop receiving from {field}"),
                ]);
            return true;
        }
        return false;
    }

    /// <summary>The field class the creator stores ch in, when that store (a composite literal's `C: ch`, or `x.f =
    /// ch`) is ch's only use besides its definition and the goroutine: the field is then the only way to its
    /// consumers.</summary>
    private static (string Class, Node Store)? FieldHandedOut(Pass pass, BlockStmt body, Var ch, Node goroutine)
    {
        (string, Node)? store = null;
        var bad = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (bad || ReferenceEquals(n, goroutine)) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), ch)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            switch (parent)
            {
                case AssignStmt { Tok: Token.Define } a when a.Lhs.Any(l => ReferenceEquals(l, id)):
                case ValueSpec:
                    break;
                case KeyValueExpr kv when ReferenceEquals(kv.Value, id) && kv.Key is Ident key && ancestors.Count > 1 && ancestors[^2] is CompositeLit lit
                                          && pass.Info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType } named && store == null:
                    store = ((named.Origin ?? named).Obj.Name + "." + key.Name, kv);
                    break;
                case AssignStmt { Lhs: [var l], Rhs: [var r] } a when ReferenceEquals(r, id) && LockPaths.Of(pass.Info, l) is { Class: { } c } && store == null:
                    store = (c, a);
                    break;
                default:
                    bad = true;
                    break;
            }
            return false;
        });
        return bad ? null : store;
    }

    /// <summary>The loops of the package's functions receiving from the field class (a range over it, or the
    /// innermost loop around a receive of it), with their labels and the declaration holding them.</summary>
    private static List<(FuncDecl Consumer, Stmt Loop, string? Label)> FieldReceiveLoops(Pass pass, string cls)
    {
        var loops = new List<(FuncDecl, Stmt, string?)>();
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl) continue; // literals are walked inside their declaration
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.SelectorExpr, (n, ancestors) =>
            {
                if (n is not SelectorExpr sel || LockPaths.Of(pass.Info, sel)?.Class != cls) return true; // `a.b.c`: its inner selectors too
                var list = ancestors.ToList();
                var parent = list.Count > 0 ? list[^1] : null;
                if (parent is RangeStmt r && ReferenceEquals(r.X, sel)) loops.Add((decl, r, Label(list, list.Count - 1)));
                else if (parent is UnaryExpr { Op: Token.Arrow } && Loops.Innermost(list) is var (loop, label)) loops.Add((decl, loop, label));
                return false;
            });
        }
        return loops;
    }
}
