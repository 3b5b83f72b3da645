using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Analysis.Rules.Sync;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009's ordering mistake: the function that cancels a goroutine's context first waits for that goroutine
/// (`wg.Wait()`, `&lt;-done`), and the goroutine ends only when the context is cancelled. Two forms:
/// <list type="bullet">
/// <item>a Stop that waits on the group the loop counts (or its done channel) before calling the cancel field Start
/// stored (`s.wg.Wait(); s.cancel()`), when it is the only method calling that field;</item>
/// <item>a function that derives the context from a root context, starts the goroutine and waits for it, with the
/// cancel only deferred (or called after the wait) and used nowhere else: the parent is never done.</item>
/// </list>
/// </summary>
public sealed partial class LF1009CancelFieldLost
{
    /// <summary>The field form: the only canceller waits for the started goroutine before it cancels.</summary>
    private static void CancelAfterWait(Pass pass, Started s, FuncDecl canceller)
    {
        if (RunLoops.ReceiverOf(pass.Info, canceller) is not { } recv || StartedBodies.Of(pass, s.Go, s.Receiver, m => DeclOf(pass, m)) is not var (body, root)) return;
        foreach (var st in canceller.Body!.List)
        {
            // The first statement that calls the cancel (`s.cancel()`, `if s.cancel != nil { s.cancel() }`) ends the search.
            if (CallsField(pass, st, recv, s.Field)) return;
            if (st is DeferStmt) continue;
            if (WaitFor(pass, st, recv) is not var (wait, suffix, isGroup) || !Signals(pass, body, p => ReferenceEquals(p.Root, root) && p.Text == root.Name + suffix, isGroup)) continue;
            var waited = recv.Name + suffix;
            pass.Report(wait,
                $"{canceller.Name.Name} waits for {s.Goroutine} ({(isGroup ? waited + ".Wait" : "<-" + waited)}) before it cancels its context ({recv.Name}.{s.FieldName}), but {s.Goroutine} ends only when that context is cancelled: unless the parent context ended first, the wait never returns and the cancel is never reached; cancel first, then wait",
                new RelatedLocation(pass.Span(s.Go), $"{s.Goroutine} is started here and waits only for the context"),
                new RelatedLocation(pass.Span(s.Store), $"{s.Starter.Name.Name} keeps the cancel in {recv.Name}.{s.FieldName} here"));
            return;
        }
    }

    /// <summary>The local form, in one function: root-derived context, goroutine, wait, cancel only after.</summary>
    private static void CancelAfterWaitLocal(Pass pass, BlockStmt body)
    {
        Var? ctx = null, cancel = null;
        AssignStmt? derivation = null;
        var started = new List<(GoStmt Go, BlockStmt Body, Var Root)>();
        foreach (var st in body.List)
        {
            switch (st)
            {
                case AssignStmt { Lhs: [Ident c, Ident k], Rhs: [var rhs] } a when IsCancelOnly(pass, rhs, out var parent) && IsRoot(pass, body, parent)
                                                                             && pass.Info.ObjectOf(c) is Var cv && pass.Info.ObjectOf(k) is Var kv:
                    (ctx, cancel, derivation) = (cv, kv, a);
                    started.Clear();
                    break;
                case GoStmt go when ctx != null && go.Call.Fun is FuncLit lit && LiteralEndsOnlyOn(pass, lit, ctx):
                    started.Add((go, lit.Body, ctx));
                    break;
                case ExprStmt when ctx != null && cancel != null && started.Count > 0 && WaitForLocal(pass, st) is var (wait, key, isGroup):
                    var waited = started.FirstOrDefault(g => Signals(pass, g.Body, p => p.Key == key, isGroup)).Go;
                    if (waited == null || !CancelOnlyAfter(pass, body, cancel, derivation!, wait)) break;
                    pass.Report(wait,
                        $"this waits for the goroutine started at line {pass.Line(waited)}, which ends only when {ctx.Name} is cancelled, but {cancel.Name} runs only after the wait: {ctx.Name}'s parent is a root context, which is never done, so the wait never returns; call {cancel.Name}() before waiting",
                        new RelatedLocation(pass.Span(waited), "the goroutine that waits for the cancel"),
                        new RelatedLocation(pass.Span(derivation!), $"{ctx.Name} and {cancel.Name} are made here"));
                    return;
            }
        }
    }

    /// <summary>A literal that ends only on ctx: its own loop or wait, or a call of a package function given ctx that does
    /// (`go func() { defer wg.Done(); s.poll(ctx) }()`).</summary>
    private static bool LiteralEndsOnlyOn(Pass pass, FuncLit lit, Var ctx)
    {
        if (EndsOnlyOn(pass, lit.Body, IsVar(pass, ctx))) return true;
        return lit.Body.List.Where(st => st is not DeferStmt).ToList() is [ExprStmt { X: CallExpr call }] && CallEndsOnlyOn(pass, call, ctx) != null;
    }

    /// <summary>A statement that waits on a field of the receiver: `recv.wg.Wait()` (a group) or `&lt;-recv.done`; the field
    /// path after the receiver (".wg").</summary>
    private static (Node Wait, string Suffix, bool IsGroup)? WaitFor(Pass pass, Stmt st, Var recv)
    {
        if (st is not ExprStmt { X: var x }) return null;
        if (Expr.Unparen(x) is CallExpr call && WaitGroups.Call(pass, call, "Wait") is { IsVariable: false } g && ReferenceEquals(g.Root, recv))
            return (call, g.Text[recv.Name.Length..], true);
        if (Expr.Unparen(x) is UnaryExpr { Op: Token.Arrow } recvOp && FieldPath.Of(pass, recvOp.X) is { IsVariable: false } c && ReferenceEquals(c.Root, recv))
            return (recvOp, c.Text[recv.Name.Length..], false);
        return null;
    }

    /// <summary>`wg.Wait()` or `&lt;-done` on a local variable, as a statement: its key.</summary>
    private static (Node Wait, string Key, bool IsGroup)? WaitForLocal(Pass pass, Stmt st)
    {
        if (st is not ExprStmt { X: var x }) return null;
        if (Expr.Unparen(x) is CallExpr call && WaitGroups.Call(pass, call, "Wait") is { } g) return (call, g.Key, true);
        if (Expr.Unparen(x) is UnaryExpr { Op: Token.Arrow } r && FieldPath.Of(pass, r.X) is { IsVariable: true } c) return (r, c.Key, false);
        return null;
    }

    /// <summary>Whether the goroutine's body calls Done on the group (isGroup) or closes the done channel that target accepts.</summary>
    private static bool Signals(Pass pass, BlockStmt body, Func<FieldPath, bool> target, bool isGroup) =>
        Walker.Any(body, n => n is CallExpr call && (isGroup
            ? WaitGroups.Call(pass, call, "Done") is { } g && target(g)
            : Calls.BuiltinName(pass.Info, call) == "close" && call.Args.Count == 1 && FieldPath.Of(pass, call.Args[0]) is { } c && target(c)));

    /// <summary>Every use of cancel in the function is its derivation, a `defer cancel()`, or a call after the wait.</summary>
    private static bool CancelOnlyAfter(Pass pass, BlockStmt body, Var cancel, AssignStmt derivation, Node wait)
    {
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), cancel) || ReferenceEquals(ancestors.LastOrDefault(), derivation)) return true;
            var parent = ancestors.LastOrDefault();
            var called = parent is CallExpr c && ReferenceEquals(c.Fun, id);
            if (!called || ancestors.Any(a => a is FuncLit)) ok = false;
            else if (ancestors.Count > 1 && ancestors[^2] is DeferStmt) { }
            else if (id.Pos().Value < wait.End().Value) ok = false;
            return true;
        });
        return ok;
    }
}
