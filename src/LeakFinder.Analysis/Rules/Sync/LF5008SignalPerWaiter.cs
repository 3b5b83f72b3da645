using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for waiters that each wait for their own value: the wait loop compares a field with the waiting function's
/// own parameter or local (`for s.next != seq { s.turn.Wait() }`), so each goroutine waits for a different value, and a
/// function that changes the field wakes one of them with Signal. Signal wakes the longest waiter, not the one whose
/// turn it is: that one re-checks and sleeps again, and the goroutine the change was meant for is never woken.
/// Silent unless several goroutines wait at once, and when the waiters pass the wake-up on.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckSignalPerWaiter(Pass pass, List<WaitLoop> loops, List<FuncDecl> decls, HashSet<Node> reported)
    {
        foreach (var loop in loops.DistinctBy(l => (l.Cond, l.Field)))
        {
            if (OwnOperand(pass, loop) is not { } own) continue;
            var waiters = loops.Where(l => l.Cond == loop.Cond && l.Field == loop.Field).Select(l => l.In).Distinct().ToList();
            if (waiters.Any(d => Signals(pass, d, loop.Cond, "Signal") || Signals(pass, d, loop.Cond, "Broadcast")) || !ManyWait(pass, waiters)) continue;
            foreach (var d in decls)
            {
                if (waiters.Contains(d) || !ChangesField(pass, d, loop.Field) || Signals(pass, d, loop.Cond, "Broadcast")) continue;
                if (FirstSignal(pass, d, loop.Cond) is not { } signal || !reported.Add(signal)) continue;
                pass.Report(signal,
                    $"{d.Name.Name} changes the field the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}) compares with each waiter's own {own.Name}, and wakes one waiter with Signal: Signal wakes whichever goroutine waited longest, not the one this change is for, which re-checks and sleeps again while the right one is never woken; call Broadcast so every waiter re-checks its own condition",
                    new RelatedLocation(pass.Span(loop.Loop), $"each goroutine waits here for its own {own.Name}"));
            }
        }
    }

    /// <summary>The waiting function's own variable (a parameter or local, not a field or global) the loop condition
    /// compares the field with (`s.next != seq`).</summary>
    private static Var? OwnOperand(Pass pass, WaitLoop loop)
    {
        Var? own = null;
        if (loop.Loop.Cond is not { } cond) return null;
        Walker.Inspect(cond, n =>
        {
            if (own != null || n is not BinaryExpr { Op: Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq } b) return own == null;
            var (field, other) = LockPaths.Of(pass.Info, b.X)?.Class == loop.Field ? (b.X, b.Y) : LockPaths.Of(pass.Info, b.Y)?.Class == loop.Field ? (b.Y, b.X) : (null, null);
            if (field != null && Expr.Unparen(other!) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v)
                && v.Pos >= loop.In.Pos().Value && v.Pos < loop.In.End().Value)
                own = v;
            return own == null;
        });
        return own;
    }

    private static bool ChangesField(Pass pass, FuncDecl d, string field) =>
        Walker.Any(d.Body!, n => n is AssignStmt a && a.Lhs.Any(l => LockPaths.Of(pass.Info, l)?.Class == field)
                                 || n is IncDecStmt inc && LockPaths.Of(pass.Info, inc.X)?.Class == field);

    private static CallExpr? FirstSignal(Pass pass, FuncDecl d, string condClass) =>
        SignalCalls(pass, d).Select(s => s.Call).FirstOrDefault(c => c.Fun is SelectorExpr { Sel.Name: "Signal" } && IsSignal(pass, c, condClass));
}
