using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>Contexts a function derives (`ctx, cancel := context.WithTimeout(parent, d)`), shared by the rules
/// that ask which context a goroutine waits on and who ends it.</summary>
public static class ContextDerivations
{
    /// <summary>`ctx, cancel := context.WithCancel(..)` (or WithTimeout, WithDeadline): the two variables.</summary>
    public static (Var Ctx, Var Cancel)? Derived(TypeInfo info, AssignStmt a) =>
        a is { Lhs: [Ident c, Ident k], Rhs: [var rhs] } && IsDerivation(info, rhs)
        && info.ObjectOf(c) is Var ctx && info.ObjectOf(k) is Var cancel
            ? (ctx, cancel) : null;

    public static bool IsDerivation(TypeInfo info, Expr rhs) =>
        Expr.Unparen(rhs) is CallExpr call && Calls.Callee(info, call)?.FullName is "context.WithCancel" or "context.WithTimeout" or "context.WithDeadline";

    /// <summary>
    /// A child the function derives from <paramref name="parent"/> and cancels on its way out: a top-level
    /// `child, cancel := context.WithX(parent, ...)` followed by a top-level `defer cancel()`. Its Done closes when
    /// the function returns; the parent's does not.
    /// </summary>
    public static Var? ChildCancelledOnReturn(TypeInfo info, BlockStmt body, Var parent)
    {
        Var? child = null, cancel = null;
        foreach (var stmt in body.List)
        {
            if (stmt is AssignStmt a && Derived(info, a) is var (c, k) && Expr.Unparen(a.Rhs[0]) is CallExpr { Args: [Ident p, ..] }
                && ReferenceEquals(info.ObjectOf(p), parent) && !ReferenceEquals(c, parent))
                (child, cancel) = (c, k);
            if (cancel != null && stmt is DeferStmt { Call: { Fun: Ident f, Args.Count: 0 } } && ReferenceEquals(info.ObjectOf(f), cancel)) return child;
        }
        return null;
    }

    /// <summary>
    /// For a select with no default whose cases other than <paramref name="keep"/> all wait on `&lt;-p.Done()` for one
    /// context variable p: that p; null when any other case (a timer, another channel, a default) is a way out.
    /// </summary>
    public static Var? OnlyOtherWayOutIsDone(TypeInfo info, SelectStmt select, CommClause keep)
    {
        Var? ctx = null;
        foreach (var clause in select.Body.List.OfType<CommClause>())
        {
            if (ReferenceEquals(clause, keep)) continue;
            var recv = clause.Comm switch
            {
                ExprStmt { X: var x } => x,
                AssignStmt { Rhs: [var r] } => r,
                _ => null, // default, or a send: another way on
            };
            if (recv is not UnaryExpr { Op: Token.Arrow } u || Expr.Unparen(u.X) is not CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: Ident id }, Args.Count: 0 }
                || info.ObjectOf(id) is not Var v || !Channels.IsContext(v.Type) || ctx != null && !ReferenceEquals(ctx, v)) return null;
            ctx = v;
        }
        return ctx;
    }
}
