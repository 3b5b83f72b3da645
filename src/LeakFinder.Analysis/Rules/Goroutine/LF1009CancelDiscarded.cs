using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009's local form of "never called": a function derives a cancellable context from a root context
/// (`context.Background()`, `context.TODO()`), discards the cancel (`ctx, _ :=`, or `_ = cancel` as its only use),
/// and starts a goroutine that ends only on that context's Done. Nothing can ever end that goroutine.
/// </summary>
public sealed partial class LF1009CancelFieldLost
{
    private static void CancelDiscarded(Pass pass, BlockStmt body)
    {
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is not AssignStmt { Lhs: [Ident c, var k], Rhs: [var rhs] } a || !IsCancelOnly(pass, rhs, out var parent)
                || !IsRoot(pass, body, parent) && pass.ResultOf(NeverDoneContexts.Analysis).Of(parent) == null
                || pass.Info.ObjectOf(c) is not Var ctx) return true;
            string how;
            if (k is Ident { Name: "_" }) how = "discarded";
            else if (k is Ident kept && pass.Info.ObjectOf(kept) is Var cancel && OnlyDiscarded(pass, body, cancel)) how = "discarded";
            else if (k is Ident timed && pass.Info.ObjectOf(timed) is Var timedCancel && OnlyOnStoppedTimer(pass, body, timedCancel) is { } stop)
                how = $"handed only to a timer (time.AfterFunc) that is stopped at line {pass.Line(stop)} without looking at Stop's result: when the work ends before the deadline, Stop keeps the cancel from ever running";
            else if (CopyFieldDeadAfter(pass, body, a, k) is { } copy) how = $"stored in {copy.Name}.{((SelectorExpr)k).Sel.Name}, a copy of a value that is never stored back or read again, so it is lost";
            else return true;
            var go = FirstGoAfter(body, a, g => GoroutineEndsOnlyOn(pass, g, ctx) != null);
            if (go == null) return true;
            pass.Report(a, $"the cancel of this context is {how}, and the goroutine started at line {pass.Line(go)} ends only when the context is done: its parent is never done (a root context), so nothing can ever end that goroutine; keep the cancel and call it when the goroutine's work is over",
                new RelatedLocation(pass.Span(go), "the goroutine that waits for the cancel"));
            return true;
        });
    }

    /// <summary>`context.WithCancel(parent)` or `WithCancelCause(parent)`: a context only its cancel ends (a timeout
    /// or deadline ends it by itself).</summary>
    private static bool IsCancelOnly(Pass pass, Expr rhs, out Expr parent)
    {
        parent = null!;
        if (Expr.Unparen(rhs) is not CallExpr { Args: [var p] } call
            || Calls.Callee(pass.Info, call)?.FullName is not ("context.WithCancel" or "context.WithCancelCause")) return false;
        parent = p;
        return true;
    }

    /// <summary>`context.Background()` or `context.TODO()`, directly or through a local defined from one and never assigned again.</summary>
    private static bool IsRoot(Pass pass, BlockStmt body, Expr e)
    {
        e = Expr.Unparen(e);
        if (e is CallExpr call) return Calls.Callee(pass.Info, call)?.FullName is "context.Background" or "context.TODO";
        if (e is not Ident id || pass.Info.ObjectOf(id) is not Var v || v.IsField) return false;
        Expr? only = null;
        var count = 0;
        Walker.Inspect(body, n =>
        {
            if (n is AssignStmt asg)
                for (var i = 0; i < asg.Lhs.Count; i++)
                    if (Expr.Unparen(asg.Lhs[i]) is Ident l && ReferenceEquals(pass.Info.ObjectOf(l), v))
                    {
                        count++;
                        only = asg.Lhs.Count == asg.Rhs.Count ? asg.Rhs[i] : null;
                    }
            return true;
        });
        return count == 1 && only is CallExpr c && Calls.Callee(pass.Info, c)?.FullName is "context.Background" or "context.TODO";
    }

    /// <summary>The cancel's every use is `_ = cancel`.</summary>
    private static bool OnlyDiscarded(Pass pass, BlockStmt body, Var cancel)
    {
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), cancel)
                && !(ancestors.Count > 0 && ancestors[^1] is AssignStmt { Lhs: [Ident { Name: "_" }], Rhs: [var r] } && ReferenceEquals(Expr.Unparen(r), id)))
                ok = false;
            return true;
        });
        return ok;
    }

    /// <summary>
    /// The cancel's one use is `t := time.AfterFunc(d, cancel)`, and t's only uses are `t.Stop()` (or `defer t.Stop()`)
    /// whose result is thrown away: when Stop stops the timer, the cancel never runs. Returns the Stop call.
    /// </summary>
    private static CallExpr? OnlyOnStoppedTimer(Pass pass, BlockStmt body, Var cancel)
    {
        Var? timer = null;
        CallExpr? stop = null;
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok || n is not Ident id) return ok;
            var used = pass.Info.Uses.GetValueOrDefault(id);
            if (ReferenceEquals(used, cancel))
            {
                // time.AfterFunc(d, cancel) defining a local timer.
                if (timer == null && ancestors.Count > 1 && ancestors[^1] is CallExpr { Args: [_, var f] } call && ReferenceEquals(f, id)
                    && Calls.Callee(pass.Info, call)?.FullName == "time.AfterFunc"
                    && ancestors[^2] is AssignStmt { Lhs: [Ident t], Rhs: [var r] } && ReferenceEquals(r, call) && pass.Info.ObjectOf(t) is Var tv)
                    timer = tv;
                else ok = false;
            }
            else if (timer != null && ReferenceEquals(used, timer))
            {
                // t.Stop() as a statement or deferred, nothing else.
                if (ancestors.Count > 2 && ancestors[^1] is SelectorExpr { Sel.Name: "Stop" } && ancestors[^2] is CallExpr sc && ancestors[^3] is ExprStmt or DeferStmt)
                    stop ??= sc;
                else ok = false;
            }
            return ok;
        });
        return ok && timer != null ? stop : null;
    }

    /// <summary>
    /// `t.cancel` where t is a local struct value (`t, ok := p.tracked[id]` copies the map's entry), and nothing reads
    /// the cancel back out of t after the store: no later use of t but its other fields, t never captured by a
    /// literal, its address never taken, and no enclosing loop that could carry the store to an earlier read. The
    /// cancel then dies with the copy (nomad's periodic dispatcher, which never wrote the entry back).
    /// </summary>
    private static Var? CopyFieldDeadAfter(Pass pass, BlockStmt body, AssignStmt store, Expr lhs)
    {
        if (lhs is not SelectorExpr { X: Ident x } sel || pass.Info.ObjectOf(x) is not Var t || t.IsField
            || t.Type.Underlying is not LeakFinder.Semantics.Types.StructType || pass.Info.Selections.GetValueOrDefault(sel) is not { Kind: SelectionKind.FieldVal }) return null;
        var field = sel.Sel.Name;
        var dead = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!dead) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), t)) return true;
            if (ancestors.OfType<FuncLit>().Any()) { dead = false; return false; }
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            var otherField = parent is SelectorExpr s && ReferenceEquals(s.X, id) && s.Sel.Name != field
                             && pass.Info.Selections.GetValueOrDefault(s) is { Kind: SelectionKind.FieldVal };
            if (id.Pos().Value < store.Pos().Value)
            {
                // Before the store only what a loop could carry round matters, and a pointer that outlives it.
                if (parent is UnaryExpr { Op: Token.And } || (!otherField && parent is SelectorExpr { } m && ReferenceEquals(m.X, id) && pass.Info.Selections.GetValueOrDefault(m) is { Kind: SelectionKind.MethodVal }))
                    dead = false;
                return true;
            }
            if (ReferenceEquals(id, x)) return true;
            var overwritten = parent is SelectorExpr w && ReferenceEquals(w.X, id) && w.Sel.Name == field
                              && ancestors.Count > 1 && ancestors[^2] is AssignStmt asg && asg.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), w));
            if (!otherField && !overwritten) dead = false;
            return true;
        });
        return dead && !InLoopAround(body, store, t, pass) ? t : null;
    }

    /// <summary>The store sits in a loop that t outlives (t declared outside it): a later round could read it.</summary>
    private static bool InLoopAround(BlockStmt body, AssignStmt store, Var t, Pass pass)
    {
        var carried = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (carried || n is FuncLit) return false;
            if (!ReferenceEquals(n, store)) return true;
            foreach (var loop in ancestors.Where(a => a is ForStmt or RangeStmt))
                if (t.Pos < loop.Pos().Value) carried = true;
            return false;
        });
        return carried;
    }

    private static GoStmt? FirstGoAfter(BlockStmt body, Node after, Func<GoStmt, bool> match)
    {
        GoStmt? found = null;
        Walker.Inspect(body, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is GoStmt g && g.Pos().Value > after.End().Value && match(g)) found = g;
            return found == null;
        });
        return found;
    }
}
