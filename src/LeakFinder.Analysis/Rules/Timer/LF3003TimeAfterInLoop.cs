using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Timer;

/// <summary>
/// LF3003: `case <-time.After(d)` in a select inside a loop, in modules whose go.mod says go &lt; 1.23: each
/// iteration that another case wins leaves a timer the runtime keeps until it fires. Docs: docs/rules/LF3003.md.
/// </summary>
public sealed class LF3003TimeAfterInLoop : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF3003", "time-after-in-loop", RuleCategory.TimerLeak, Severity.Warning,
        "time.After in a loop's select keeps a timer per iteration alive until it fires (before Go 1.23)")
    {
        Since = "0.1",
        Summary = "`time.After` in a loop's select, before Go 1.23",
    };

    public static readonly GoVersion CollectedSince = new(1, 23);

    public override void Run(Pass pass)
    {
        if (pass.GoVersion is not { } version || version >= CollectedSince) return;
        foreach (var fn in pass.Functions)
        {
            Loops.Walk(fn.Body, (n, loop) =>
            {
                // A select whose only case is the timer just sleeps: the timer always fires.
                if (loop == null || n is not SelectStmt sel || sel.Body.List.Count < 2) return;
                foreach (var clause in sel.Body.List)
                {
                    if (clause is not CommClause { Comm: { } comm } || TimerCall(pass, comm) is not { } call) continue;
                    pass.Report(call, $"time.After in a select inside a loop creates a timer on every iteration, and each one another case wins stays in memory until its duration elapses; the module's go.mod says {version}, and before go1.23 such timers are not collected: create one time.NewTimer outside the loop and Reset it, or use a context deadline",
                        new RelatedLocation(pass.Span(loop.Pos(), loop.Pos() + 3), "the enclosing loop"));
                }
            });
        }
    }

    /// <summary>The time.After call in `case <-time.After(d):` or `case v := <-time.After(d):`.</summary>
    private static CallExpr? TimerCall(Pass pass, Stmt comm)
    {
        var recv = comm switch
        {
            ExprStmt es => es.X,
            AssignStmt { Rhs.Count: 1 } a => a.Rhs[0],
            _ => null,
        };
        if (recv == null || Expr.Unparen(recv) is not UnaryExpr { Op: Token.Arrow } u || Expr.Unparen(u.X) is not CallExpr call) return null;
        return Calls.Callee(pass.Info, call)?.FullName == "time.After" ? call : null;
    }
}
