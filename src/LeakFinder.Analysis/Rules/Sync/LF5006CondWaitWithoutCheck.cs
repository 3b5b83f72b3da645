using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5006: `cond.Wait()` of a sync.Cond with no condition checked before it: a Signal or Broadcast sent before the
/// goroutine waits is not remembered, so it may wait for ever. The sync documentation asks for
/// `for !condition() { c.Wait() }`. Docs: docs/rules/LF5006.md.
/// </summary>
public sealed class LF5006CondWaitWithoutCheck : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5006", "cond-wait-without-check", RuleCategory.Deadlock, Severity.Error,
        "sync.Cond.Wait with no condition checked first can miss the Signal it waits for")
    {
        Since = "0.4",
        Summary = "`cond.Wait()` right after locking, with no condition checked: a Signal sent before the Wait is lost",
    };

    public override void Run(Pass pass)
    {
        // Every finding is at a Wait call: a package that never names Cond.Wait has none.
        if (!pass.UsesFunction("(*sync.Cond).Wait")) return;
        foreach (var fn in pass.Functions)
        {
            var reported = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
            Visit(pass, fn.Body.List, reported);
            CheckedBeforeLocking(pass, fn.Body, reported);
        }
    }

    /// <summary>
    /// A Wait straight after a Lock inside an `if` on the condition (`if !r.ready() { r.mu.Lock(); r.cond.Wait() }`):
    /// the condition was read before the lock was taken, so the Broadcast can come between the check and the
    /// Lock, and the Wait then sleeps through it. Literals are functions of their own, visited as such.
    /// </summary>
    private static void CheckedBeforeLocking(Pass pass, BlockStmt body, HashSet<CallExpr> reported)
    {
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is not IfStmt ifs) return true;
            var list = ifs.Body.List;
            for (var i = 0; i + 1 < list.Count; i++)
                if (list[i] is ExprStmt { X: CallExpr lk } && IsLock(pass, lk) && list[i + 1] is ExprStmt { X: CallExpr wait } && IsCondWait(pass, wait) && reported.Add(wait))
                {
                    var cond = CondText(pass, wait);
                    pass.Report(wait, $"{cond}.Wait() right after locking, in an if whose condition was checked before the lock was taken (line {pass.Line(ifs)}): a Broadcast between that check and the Lock is lost, so it can wait for ever; "
                        + $"lock first, then wait in a loop on the condition: for !condition {{ {cond}.Wait() }}",
                        new RelatedLocation(pass.Span(ifs.Cond), "the condition, read without the lock"));
                    break;
                }
            return true;
        });
    }

    /// <summary>
    /// Looks for a Wait that is the first thing a statement list does after locking: nothing tested, nothing
    /// written before it. A Wait after a check of the condition under the lock (`if q.n == 0 { c.Wait() }`,
    /// an early return when closed) or after setting state that the signaller reads under the lock (a close
    /// handshake) cannot miss a Signal, whatever it does on wake-up; one with no predicate at all can.
    /// Only plain blocks are searched inside: a Wait in an if, a switch or a loop is checked, and literals are
    /// functions of their own, visited as such.
    /// </summary>
    private static void Visit(Pass pass, IReadOnlyList<Stmt> list, HashSet<CallExpr> reported, bool unconditional = true)
    {
        foreach (var stmt in list)
        {
            if (stmt is ExprStmt { X: CallExpr call })
            {
                if (IsCondWait(pass, call))
                {
                    if (unconditional && reported.Add(call)) Report(pass, call);
                    return;
                }
                if (IsLock(pass, call)) continue;
            }
            if (stmt is DeferStmt) continue;
            if (stmt is BlockStmt b) Visit(pass, b.List, reported, unconditional);
            // Anything else tests or writes something first (a Wait inside an if or a switch is checked).
            unconditional = false;
        }
    }

    private static void Report(Pass pass, CallExpr call)
    {
        var cond = CondText(pass, call);
        pass.Report(call, $"{cond}.Wait() checks no condition first: a Signal or Broadcast sent before this goroutine locked and waited is lost, so it can wait for ever; "
            + $"wait in a loop on the condition, under the lock the signaller changes it with: for !condition {{ {cond}.Wait() }}");
    }

    private static string CondText(Pass pass, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr sel && FieldPath.Of(pass, sel.X) is { } path ? path.Text : "cond";

    private static bool IsLock(Pass pass, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Lock" or "RLock" } && Calls.Callee(pass.Info, call)?.Pkg?.Path == "sync";

    internal static bool IsCondWait(Pass pass, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Wait" } && Calls.Callee(pass.Info, call)?.FullName == "(*sync.Cond).Wait";
}
