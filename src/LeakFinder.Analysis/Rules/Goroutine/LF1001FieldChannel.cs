using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a method goroutine on a field channel: `go a.runWait()` whose body sends on `a.statusCh` (or
/// receives from it) outside any select, when the function that starts it is the only place in the package
/// that serves that field, and it can return without serving it (a select that leaves on an abort channel or
/// a timeout). The field is the creator's private line to the goroutine, so nobody else can unblock it.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckMethodGoroutine(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, GoStmt go, RunLoops model)
    {
        if (fn.Function is not FuncDecl creator) return;
        if (Expr.Unparen(go.Call.Fun) is not SelectorExpr sel || Calls.Callee(pass.Info, go.Call) is not { IsMethod: true } callee) return;
        if (pass.Facts.BodyOf(callee) is not { Decl: { Body: { } body } decl }) return;
        if (LockPaths.Of(pass.Info, sel.X) is not { } owner || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) return;
        var ops = BlockingOps(body, e => RunLoops.FieldOf(pass.Info, e, recv) is { } ? recv : null);
        foreach (var (_, op, at) in ops)
        {
            var chExpr = op switch { Op.Send => ((SendStmt)at).Chan, Op.Recv => ((UnaryExpr)at).X, _ => ((RangeStmt)at).X };
            if (RunLoops.FieldOf(pass.Info, chExpr, recv) is not { } cls || pass.ExportedOutside(cls, last: true)) continue;
            if (!model.Fields.TryGetValue(cls, out var use) || !use.Unbuffered) continue;
            // The partners of the blocked operation: all in the creator's own statements.
            var partners = op == Op.Send ? use.Receivers : use.Senders.Concat(use.Closers).ToHashSet();
            if (partners.Count != 1 || !partners.Contains(creator)) continue;
            var field = cls[cls.LastIndexOf('.')..];
            var key = owner.Key + field;
            var sinks = FieldServingNodes(pass, cfg, key, cls, op, out var unsure);
            if (unsure || sinks.Count == 0) continue;
            if (AbandoningReturn(pass, cfg, block, index, sinks) is not { } exit) continue;
            var (verb, serve) = Words(op);
            var name = MustReleaseReporter.DisplayName(callee);
            var text = owner.Text + field;
            pass.Report(go, $"the goroutine running {name} blocks for ever {verb} {text}: {fn.Name} is the only code that serves it, and it can return at line {pass.Line(exit)} without {serve} it; {text} is unbuffered, so the goroutine and everything it references leak; make {text} buffered (capacity 1) or serve it on every path",
                new RelatedLocation(pass.Span(at), $"{name} blocks here {verb} {recv.Name}{field}"),
                new RelatedLocation(pass.Span(exit), $"returns without {serve} {text}"));
            return;
        }
    }

    /// <summary>The creator's CFG nodes that serve the field (by path key); unsure when the creator uses the field's
    /// class any other way (another instance, inside a literal), which we do not follow.</summary>
    private static HashSet<(int, int)> FieldServingNodes(Pass pass, ControlFlowGraph cfg, string key, string cls, Op op, out bool unsure)
    {
        var sinks = new HashSet<(int, int)>();
        var other = false;
        var caseBodies = CaseBodies(cfg);
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            var (bi, idx) = Place(caseBodies, block, i, node);
            Walker.InspectWithAncestors(node, (n, ancestors) =>
            {
                if (n is FuncLit lit)
                {
                    // A literal of the creator that uses the field may serve it (or not): beyond this search.
                    if (Walker.Any(lit, x => x is SelectorExpr e && LockPaths.Of(pass.Info, e)?.Class == cls)) other = true;
                    return false;
                }
                if (n is not SelectorExpr se || LockPaths.Of(pass.Info, se) is not { Class: { } c } path || c != cls) return true;
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                var serves = op == Op.Send ? parent is UnaryExpr { Op: Token.Arrow } or RangeStmt
                    : parent is SendStmt snd && ReferenceEquals(snd.Chan, se) || parent is CallExpr call && Calls.BuiltinName(pass.Info, call) == "close";
                if (path.Key != key) other = true;
                else if (serves) sinks.Add((bi, idx));
                return false;
            });
        }
        unsure = other;
        return sinks;
    }
}
