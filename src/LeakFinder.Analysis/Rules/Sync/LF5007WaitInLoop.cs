using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007 for a Wait inside the loop that starts the goroutines: `wg.Add(len(items))` counts every goroutine before
/// the loop, and each iteration starts one and then waits. In the first iteration one goroutine has started, so one
/// Done comes and the counter stays above zero: that Wait never returns, and the loop never starts the rest.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckWaitInLoop(Pass pass, FunctionBody creator)
    {
        if (!pass.AnyNode(creator, n => n is GoStmt)) return;
        // Adds outside loops that count more than one (a constant of 2 or more, or a value not known here).
        var adds = new List<(string Key, CallExpr Call)>();
        var loops = new List<Stmt>();
        Loops.Walk(creator.Body, (n, loop) =>
        {
            if (n is CallExpr { Args: [var count] } call && loop == null && WaitGroups.Call(pass, call, "Add") is { } g
                && !(pass.Info.Types.TryGetValue(count, out var tv) && tv.Value?.AsInt is { } k && k < 2))
                adds.Add((g.Key, call));
            if (n is ForStmt or RangeStmt) loops.Add((Stmt)n);
        });
        if (adds.Count == 0) return;
        foreach (var loop in loops)
        {
            var body = loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;
            // The Wait is one of the body's own statements: it runs in every iteration, the first included.
            foreach (var stmt in body.List)
            {
                if (stmt is not ExprStmt { X: CallExpr wait } || WaitGroups.Call(pass, wait, "Wait") is not { } g) continue;
                var add = adds.FirstOrDefault(a => a.Key == g.Key && a.Call.End().Value <= loop.Pos().Value);
                if (add.Call == null || EndsAfterFirstIteration(body) || !CountsOnlyItsGoroutines(pass, creator, loop, g.Key, out var go)) continue;
                var name = g.Text;
                pass.Report(wait, $"this {name}.Wait() runs in every iteration of the loop that starts the goroutines {name} counts, but the Add at line {pass.Line(add.Call)} counted all of them before the loop: when the first iteration waits, only the goroutines started so far can call Done, so the counter never reaches zero, this Wait blocks for ever and the loop never starts the rest; call Wait once after the loop",
                    new RelatedLocation(pass.Span(add.Call), "counts every goroutine of the loop"), new RelatedLocation(pass.Span(go!), "one goroutine per iteration"));
            }
        }
    }

    /// <summary>The body's last statement leaves the loop (`break`, `return`): there is no second iteration.</summary>
    private static bool EndsAfterFirstIteration(BlockStmt body) =>
        body.List.Count > 0 && body.List[^1] is ReturnStmt or BranchStmt { Tok: Token.Break or Token.Goto };

    /// <summary>
    /// The loop starts goroutines that count the group down (a literal calling Done, or a function handed the group),
    /// nothing in the loop counts it up again (an Add per iteration makes the Add before the loop count something
    /// else), and the creator never calls Done itself outside its goroutines.
    /// </summary>
    private static bool CountsOnlyItsGoroutines(Pass pass, FunctionBody creator, Stmt loop, string key, out GoStmt? started)
    {
        GoStmt? go = null;
        var ok = true;
        Walker.Inspect(loop, n =>
        {
            if (!ok) return false;
            switch (n)
            {
                case GoStmt g when Walker.Any(g.Call, x => x is CallExpr c && WaitGroups.Call(pass, c, "Done")?.Key == key
                                                       || x is UnaryExpr { Op: Token.And } u && FieldPath.Of(pass, u.X)?.Key == key):
                    go ??= g;
                    return false;
                case CallExpr c when WaitGroups.Call(pass, c, "Add")?.Key == key:
                    ok = false;
                    break;
            }
            return true;
        });
        started = go;
        if (!ok || go == null) return false;
        // A Done of the creator's own (outside goroutines and literals) counts the group down without a goroutine.
        return !Walker.Any(creator.Body, x => x is CallExpr c && WaitGroups.Call(pass, c, "Done")?.Key == key, intoLiterals: false);
    }
}
