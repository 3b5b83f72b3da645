using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for a flag that releases every waiter but wakes one: `Close` sets `q.closed = true`, which ends the wait
/// loop (`for len(q.items) == 0 &amp;&amp; !q.closed { q.cond.Wait() }`) for every goroutine in it, and calls Signal, which
/// wakes one of them. The others sleep on, and nothing will set the flag again. Silent when the flag can be set back,
/// when the waiters pass the wake-up on (the waiting function signals too), or when the only waiter is one goroutine
/// the package starts once.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private void CheckSignalOnShutdown(Pass pass, List<WaitLoop> loops, List<Write> writes, List<FuncDecl> decls, HashSet<Node> reported)
    {
        foreach (var loop in loops.Where(l => l.Test.Op is Token.Not or Token.Ident).DistinctBy(l => (l.Cond, l.Field)))
        {
            var ending = writes.Where(w => w.Field == loop.Field && loop.Test.EndedBy(w.Change)).ToList();
            // The flag is one-way: nothing sets it back, so the waiters it releases are released for good.
            if (ending.Count == 0 || writes.Any(w => w.Field == loop.Field && !loop.Test.EndedBy(w.Change))) continue;
            var waiters = loops.Where(l => l.Cond == loop.Cond && l.Field == loop.Field).Select(l => l.In).Distinct().ToList();
            if (waiters.Any(d => Signals(pass, d, loop.Cond, "Signal") || Signals(pass, d, loop.Cond, "Broadcast")) || waiters.All(d => StartedOnce(pass, decls, d))) continue;
            foreach (var w in ending.DistinctBy(w => w.In))
            {
                if (waiters.Contains(w.In) || !Signals(pass, w.In, loop.Cond, "Signal") || Signals(pass, w.In, loop.Cond, "Broadcast") || !reported.Add(w.At)) continue;
                pass.Report(w.At, $"{w.In.Name.Name} {w.Change.Describe(w.Text)}, which ends the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}) for every goroutine waiting there, but wakes only one of them with Signal: the others sleep on, and nothing sets the flag again, so they wait for ever; call Broadcast when a change releases every waiter",
                    new RelatedLocation(pass.Span(loop.Loop), "the goroutines wait here"));
            }
        }
    }

    private static bool Signals(Pass pass, FuncDecl d, string condClass, string method) =>
        Walker.Any(d.Body!, n => n is CallExpr c && c.Fun is SelectorExpr s && s.Sel.Name == method && IsSignal(pass, c, condClass));

    /// <summary>The function runs only as one goroutine the package starts once (`go q.run()` in a constructor, and no
    /// other reference): one waiter, which one Signal wakes.</summary>
    private static bool StartedOnce(Pass pass, List<FuncDecl> decls, FuncDecl d)
    {
        if (pass.Info.Defs.GetValueOrDefault(d.Name) is not Func f) return false;
        var goes = 0;
        var others = 0;
        foreach (var decl in decls)
            Walker.InspectWithAncestors(decl.Body!, (n, ancestors) =>
            {
                if (n is Ident id && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), f))
                {
                    if ((ancestors.Count >= 2 && ancestors[^2] is GoStmt || ancestors.Count >= 3 && ancestors[^1] is SelectorExpr && ancestors[^3] is GoStmt) && !ancestors.Any(a => a is ForStmt or RangeStmt)) goes++;
                    else others++;
                }
                return true;
            });
        return goes == 1 && others == 0;
    }
}
