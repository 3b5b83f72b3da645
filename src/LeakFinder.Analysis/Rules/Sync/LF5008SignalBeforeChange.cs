using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for a wake-up sent before the change it announces: `Close` calls `b.cond.Broadcast()`, then takes the lock
/// again and sets `b.closed = true`, which ends the wait loop, and signals no more. A waiter woken by the Broadcast
/// takes the lock before the change, finds the condition unchanged and sleeps again; nothing wakes it to see the
/// change. Silent when the Signal or Broadcast comes after the change on its way out (a later statement, a defer, a
/// signalling helper, a caller that signals after the call), and when the change follows the Signal inside the same
/// critical section (`mu.Lock(); cond.Signal(); items = append(items, x); mu.Unlock()`): a waiter re-checks only once
/// the lock is free, after the change.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckSignalBeforeChange(Pass pass, List<WaitLoop> loops, List<Write> writes, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        foreach (var loop in loops.DistinctBy(l => (l.Cond, l.Field, l.Test)))
        {
            var signallers = (HashSet<FuncDecl>?)null;
            foreach (var w in writes.Where(w => w.Field == loop.Field && loop.Test.EndedBy(w.Change) && !loops.Any(l => ReferenceEquals(l.In, w.In))))
            {
                if (LastSignalBefore(pass, w, loop.Cond) is not { } signal) continue;
                signallers ??= Signallers(pass, decls, byFunc, loop.Cond);
                if (SignalsAfter(pass, w, loop.Cond, signallers, byFunc) || !LockedBetween(pass, w.In, signal, w.At)
                    || CalledBySignaller(pass, w.In, decls, signallers, byFunc, loop.Cond) || !reported.Add(w.At)) continue;
                var what = ((SelectorExpr)signal.Fun).Sel.Name;
                pass.Report(w.At, $"{w.In.Name.Name} {w.Change.Describe(w.Text)}, which {(w.Change.Kind == "=" ? "ends" : "can end")} the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}), after its {what} (line {pass.Line(signal)}) and with the lock taken again in between, and signals no more: a goroutine woken by the {what} re-checks before the change, waits again, and nothing wakes it to see the change, so it waits for ever; call {what} after the change",
                    new RelatedLocation(pass.Span(signal), $"the {what}, before the change"),
                    new RelatedLocation(pass.Span(loop.Loop), "the loop waiting for the change"));
            }
        }
    }

    /// <summary>The function's last Signal or Broadcast on the Cond before the write, in its own statements (not a
    /// literal, not a defer); null when none, or when the write sits in a loop or a literal (a later iteration, or
    /// a call of the literal, may signal after it).</summary>
    private static CallExpr? LastSignalBefore(Pass pass, Write w, string condClass)
    {
        CallExpr? last = null;
        var inLoopOrLiteral = false;
        Walker.InspectWithAncestors(w.In.Body!, (n, ancestors) =>
        {
            if (ReferenceEquals(n, w.At)) inLoopOrLiteral = ancestors.Any(a => a is ForStmt or RangeStmt or FuncLit);
            if (n is FuncLit or DeferStmt) return false;
            if (n is CallExpr c && c.End().Value <= w.At.Pos().Value && IsSignal(pass, c, condClass)) last = c;
            return true;
        });
        return inLoopOrLiteral ? null : last;
    }

    /// <summary>A Signal or Broadcast on the Cond (or a call of a function that sends one) after the write, or a
    /// deferred one anywhere in the function.</summary>
    private static bool SignalsAfter(Pass pass, Write w, string condClass, HashSet<FuncDecl> signallers, Dictionary<Func, FuncDecl> byFunc)
    {
        bool Signal(CallExpr c) => IsSignal(pass, c, condClass) || Calls.Callee(pass.Info, c) is { } f && byFunc.TryGetValue(f, out var d) && signallers.Contains(d);
        var found = false;
        Walker.Inspect(w.In.Body!, n =>
        {
            if (found) return false;
            if (n is DeferStmt d)
            {
                found = Walker.Any(d, x => x is CallExpr c && Signal(c));
                return false;
            }
            if (n is CallExpr c && c.Pos().Value >= w.At.End().Value && Signal(c)) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>A Lock of a mutex between the Signal and the write, in the function's own statements: the Signal was
    /// sent outside the critical section that makes the change.</summary>
    private static bool LockedBetween(Pass pass, FuncDecl d, CallExpr signal, Node write) =>
        Walker.Any(d.Body!, n => n is CallExpr c && c.Pos().Value > signal.End().Value && c.End().Value <= write.Pos().Value
                                 && Calls.Callee(pass.Info, c)?.FullName is "(*sync.Mutex).Lock" or "(*sync.RWMutex).Lock", intoLiterals: false);
}
