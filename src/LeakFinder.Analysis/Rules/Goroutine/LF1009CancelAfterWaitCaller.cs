using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Rules.Sync;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009's ordering mistake in one function, with the parent handed in by the caller: `ctx, cancel :=
/// context.WithCancel(parent); defer cancel()`, a goroutine that can end only on ctx.Done (a heartbeat), then the
/// function's own work (the task the heartbeat keeps alive), then a wait for that goroutine (`&lt;-hbDone`,
/// `wg.Wait()`) before the deferred cancel runs: the function waits for a goroutine that waits for it, and returns only
/// when the caller's context ends. "Run until the caller's context ends" is a real idiom, so the proof is stricter
/// than for a root parent: the function does work of its own between the start and the wait (a function that starts
/// goroutines and only waits is that idiom), nothing before the wait waits on ctx or the parent's Done, the goroutine
/// has no return before its loop, ctx and cancel are assigned only once, and cancel is used only by defers or calls
/// after the wait.
/// </summary>
public sealed partial class LF1009CancelFieldLost
{
    private static void CancelAfterWaitCallerParent(Pass pass, BlockStmt body)
    {
        for (var i = 0; i < body.List.Count; i++)
        {
            if (body.List[i] is not AssignStmt { Lhs: [Ident c, Ident k], Rhs: [var rhs] } derivation || !IsCancelOnly(pass, rhs, out var parent)
                || IsRoot(pass, body, parent) || pass.Info.ObjectOf(c) is not Var ctx || pass.Info.ObjectOf(k) is not Var cancel
                || !AssignedOnlyAt(pass, body, derivation, ctx, cancel)) continue;
            var parentVar = Expr.Unparen(parent) is Ident p ? pass.Info.ObjectOf(p) as Var : null;
            var started = new List<(GoStmt Go, BlockStmt Body, int Index)>();
            for (var j = i + 1; j < body.List.Count; j++)
            {
                var st = body.List[j];
                if (st is GoStmt { Call.Fun: FuncLit lit } go && LiteralEndsOnlyOn(pass, lit, ctx, strict: true))
                {
                    started.Add((go, lit.Body, j));
                    continue;
                }
                if (started.Count > 0 && WaitForLocal(pass, st) is var (wait, key, isGroup)
                    && started.FirstOrDefault(g => Signals(pass, g.Body, f => f.Key == key, isGroup)) is { Go: not null } waited)
                {
                    if (!WorksBetween(pass, body, waited.Index, j) || !CancelOnlyAfter(pass, body, cancel, derivation, wait)) return;
                    pass.Report(wait,
                        $"this waits for the goroutine started at line {pass.Line(waited.Go)}, which ends only when {ctx.Name} is cancelled, but {cancel.Name} runs only after the wait (deferred): the function waits for a goroutine that waits for it, so it returns only when the caller's context ({Text(pass, parent)}) ends, however soon its own work is done; call {cancel.Name}() before waiting",
                        new RelatedLocation(pass.Span(waited.Go), "the goroutine that waits for the cancel"),
                        new RelatedLocation(pass.Span(derivation), $"{ctx.Name} and {cancel.Name} are made here"));
                    return;
                }
                // The function waited for the context itself (`<-ctx.Done()`, a select on it): it is done by the wait.
                // A goroutine or a literal waiting on it is not this function waiting.
                if (st is not GoStmt && Walker.Any(st, n => n is CallExpr call && IsDone(call, e => IsVar(pass, ctx)(e) || parentVar != null && IsVar(pass, parentVar)(e)), intoLiterals: false)) break;
            }
        }
    }

    /// <summary>The literal-form test of <see cref="LiteralEndsOnlyOn(Pass, FuncLit, Var)"/>, with no return before the loop.</summary>
    private static bool LiteralEndsOnlyOn(Pass pass, FuncLit lit, Var ctx, bool strict)
    {
        if (EndsOnlyOn(pass, lit.Body, IsVar(pass, ctx), strict)) return true;
        if (lit.Body.List.Where(st => st is not DeferStmt).ToList() is not [ExprStmt { X: CallExpr call }]
            || Calls.Callee(pass.Info, call) is not { } callee || DeclOf(pass, callee) is not { Body: not null } decl) return false;
        var index = call.Args.ToList().FindIndex(a => Expr.Unparen(a) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ctx));
        var param = index < 0 ? null : Facts.SummaryBuilder.ParamVars(decl, pass.Info).ElementAtOrDefault(index);
        return param != null && EndsOnlyOn(pass, decl.Body, IsVar(pass, param), strict);
    }

    /// <summary>ctx and cancel are assigned nowhere but in the derivation, and their addresses are not taken.</summary>
    private static bool AssignedOnlyAt(Pass pass, BlockStmt body, AssignStmt derivation, Var ctx, Var cancel) =>
        !Walker.Any(body, n => n switch
        {
            AssignStmt a when !ReferenceEquals(a, derivation) => a.Lhs.Any(l => Expr.Unparen(l) is Ident id && pass.Info.ObjectOf(id) is var o && (ReferenceEquals(o, ctx) || ReferenceEquals(o, cancel))),
            UnaryExpr { Op: Token.And, X: var x } => Expr.Unparen(x) is Ident id && pass.Info.ObjectOf(id) is var o && (ReferenceEquals(o, ctx) || ReferenceEquals(o, cancel)),
            _ => false,
        });

    /// <summary>Between the start and the wait the function does work of its own, which can end before the caller's
    /// context does: a statement other than another start, a WaitGroup Add or a declaration, and no endless `for` with no
    /// break (after which the wait is never reached).</summary>
    private static bool WorksBetween(Pass pass, BlockStmt body, int start, int wait)
    {
        var work = false;
        for (var i = start + 1; i < wait; i++)
        {
            var st = body.List[i];
            if (st is ForStmt { Cond: null } endless && !Walker.Any(endless.Body, n => n is BranchStmt { Tok: Token.Break or Token.Goto }, intoLiterals: false)) return false;
            if (st is GoStmt or DeclStmt || st is ExprStmt { X: CallExpr add } && WaitGroups.Call(pass, add, "Add") != null) continue;
            work = true;
        }
        return work;
    }
}
