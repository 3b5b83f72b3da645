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
/// when the waiters pass the wake-up on (the waiting function signals too), and unless the package shows several
/// goroutines waiting at once (a go statement in a loop, or two, running the waiting code).
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckSignalOnShutdown(Pass pass, List<WaitLoop> loops, List<Write> writes, HashSet<Node> reported)
    {
        foreach (var loop in loops.Where(l => l.Test.Op is Token.Not or Token.Ident).DistinctBy(l => (l.Cond, l.Field)))
        {
            var ending = writes.Where(w => w.Field == loop.Field && loop.Test.EndedBy(w.Change)).ToList();
            // The flag is one-way: nothing sets it back, so the waiters it releases are released for good.
            if (ending.Count == 0 || writes.Any(w => w.Field == loop.Field && !loop.Test.EndedBy(w.Change))) continue;
            var waiters = loops.Where(l => l.Cond == loop.Cond && l.Field == loop.Field).Select(l => l.In).Distinct().ToList();
            if (waiters.Any(d => Signals(pass, d, loop.Cond, "Signal") || Signals(pass, d, loop.Cond, "Broadcast")) || !ManyWait(pass, waiters)) continue;
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

    /// <summary>
    /// The package shows several goroutines waiting at once: a go statement in a loop, or two go statements, that run a
    /// waiting function or a function calling one (`for i := 0; i &lt; n; i++ { go func() { for { q.Get() } }() }`). One
    /// waiter (a Close waiting for its worker, a loop started once) is woken by one Signal.
    /// </summary>
    private static bool ManyWait(Pass pass, List<FuncDecl> waiters)
    {
        var waiting = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var d in waiters)
            if (pass.Info.Defs.GetValueOrDefault(d.Name) is Func f) waiting.Add(f);
        // The functions calling a waiter wait too (one level: a worker loop around Get).
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl decl && pass.Info.Defs.GetValueOrDefault(decl.Name) is Func caller && CallsAny(pass, fn.Body, waiting)) waiting.Add(caller);
        var starts = 0;
        var inLoop = false;
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit) return false; // a literal is a function of the list, walked on its own
                if (n is not GoStmt go) return true;
                if (!CallsAny(pass, go.Call, waiting)) return false;
                starts++;
                if (ancestors.Any(a => a is ForStmt or RangeStmt)) inLoop = true;
                return false;
            });
        return inLoop || starts > 1;
    }

    private static bool CallsAny(Pass pass, Node root, HashSet<GoObject> functions) =>
        Walker.Any(root, n => n is CallExpr c && Calls.Callee(pass.Info, c) is { } f && functions.Contains(f));
}
