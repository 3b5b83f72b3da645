using LeakFinder.Analysis.Engine;
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
            if (n is not AssignStmt { Lhs: [Ident c, Ident k], Rhs: [var rhs] } a || !IsCancelOnly(pass, rhs, out var parent) || !IsRoot(pass, body, parent)
                || pass.Info.ObjectOf(c) is not Var ctx) return true;
            if (k.Name != "_" && (pass.Info.ObjectOf(k) is not Var cancel || !OnlyDiscarded(pass, body, cancel))) return true;
            var go = FirstGoAfter(body, a, g => GoroutineEndsOnlyOn(pass, g, ctx) != null);
            if (go == null) return true;
            pass.Report(a, $"the cancel of this context is discarded, and the goroutine started at line {pass.Line(go)} ends only when the context is done: its parent is a root context, which is never done, so nothing can ever end that goroutine; keep the cancel and call it when the goroutine's work is over",
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
