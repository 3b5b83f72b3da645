using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Cfg;
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
            Loops.Walk(pass.Info.Nodes, fn.Body, NodeKinds.SelectStmt, (n, loop) =>
            {
                // A select whose only case is the timer just sleeps: the timer always fires.
                if (loop == null || n is not SelectStmt sel || sel.Body.List.Count < 2) return;
                foreach (var clause in sel.Body.List)
                {
                    if (clause is not CommClause { Comm: { } comm } || TimerCall(pass, comm) is not { } call) continue;
                    pass.Report(pass.Span(call), $"time.After in a select inside a loop creates a timer on every iteration, and each one another case wins stays in memory until its duration elapses; the module's go.mod says {version}, and before go1.23 such timers are not collected: create one time.NewTimer outside the loop and Reset it, or use a context deadline",
                        [new RelatedLocation(pass.Span(loop.Pos(), loop.Pos() + 3), "the enclosing loop")], NewTimerFix(pass, fn, sel, (CommClause)clause, call));
                }
            });
        }
    }

    /// <summary>
    /// The mechanical fix: `timer := time.NewTimer(d)` on the line before the select, `<-timer.C` in the case,
    /// `timer.Stop()` on the line after it, so a timer another case beats is stopped at once. Certainly right only
    /// when moving d's evaluation before the select's other operands changes nothing (d is names, literals and one
    /// operator, the other operands call nothing but ctx.Done(), len or cap), every case leaves through the end
    /// of the select or out of the loop (no continue or goto skips the Stop), and the name `timer` is free: the
    /// function's only time.After call, and no identifier of the function is called timer.
    /// </summary>
    private static SuggestedFix? NewTimerFix(Pass pass, FunctionBody fn, SelectStmt sel, CommClause timerCase, CallExpr call)
    {
        if (call.Args is not [var d] || FixSites.SimpleText(d) is not { } duration || Expr.Unparen(call.Fun) is not SelectorExpr { X: Ident pkg }) return null;
        foreach (var clause in sel.Body.List)
        {
            if (clause is not CommClause cc) return null;
            if (!ReferenceEquals(cc, timerCase) && cc.Comm != null && Walker.Any(cc.Comm, n => n is CallExpr c && !IsDone(c) && Calls.BuiltinName(pass.Info, c) is not ("len" or "cap"))) return null;
            foreach (var s in cc.Body)
                if (Walker.Any(s, n => n is BranchStmt { Tok: Token.Continue or Token.Goto }, intoLiterals: false)) return null;
        }
        var afters = 0;
        Walker.Inspect(fn.Function, n =>
        {
            if (n is CallExpr c && Calls.Callee(pass.Info, c)?.FullName == "time.After") afters++;
            return true;
        });
        if (afters != 1 || !FixSites.NameUnused(fn, "timer") || FixSites.StatementOf(fn, sel) is not { } site) return null;
        if (FixSites.InsertLineBefore(pass, site, $"timer := {pkg.Name}.NewTimer({duration})") is not { } declare
            || FixSites.InsertLineAfter(pass, site, sel, "timer.Stop()") is not { } stop) return null;
        return new SuggestedFix("use one time.NewTimer per select and Stop it when another case wins", [declare, FixSites.Replace(pass, call, "timer.C"), stop]);
    }

    private static bool IsDone(CallExpr c) => c.Args.Count == 0 && Expr.Unparen(c.Fun) is SelectorExpr { Sel.Name: "Done" };

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
