using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

public sealed partial class LF1001BlockedChannel
{
    /// <summary>
    /// Whether, between the go statement and the exit, a loop gated by a local flag (`for !done { ... select { case
    /// &lt;-doneCh: done = true; default: } }`) can end only once ch was served: the flag starts false and is set true
    /// only in a block that receives from (or sends on) ch. The path search does not follow the flag's value, so the
    /// loop's exit looked like a way past the receive.
    /// </summary>
    private static bool FlagLoopServes(Pass pass, BlockStmt body, Var ch, Node go, Node exit)
    {
        var found = false;
        Walker.Inspect(body, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is ForStmt { Cond: { } cond } loop && loop.Pos().Value > go.Pos().Value && loop.End().Value <= exit.Pos().Value
                && FlagOf(pass, cond) is { } flag && SetOnlyWhenServed(pass, body, flag, ch)) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>The local bool a loop condition waits to become true: `!done` or `done == false`.</summary>
    private static Var? FlagOf(Pass pass, Expr cond)
    {
        var id = Expr.Unparen(cond) switch
        {
            UnaryExpr { Op: Token.Not, X: var x } => Expr.Unparen(x) as Ident,
            BinaryExpr { Op: Token.Eql, X: var x, Y: var y } when Expr.Unparen(y) is Ident { Name: "false" } => Expr.Unparen(x) as Ident,
            _ => null,
        };
        return id != null && pass.Info.ObjectOf(id) is Var { IsField: false } v && v.Type.Underlying is BasicType { Name: "bool" } ? v : null;
    }

    /// <summary>Every value the body gives the flag is false, or true inside a select case on ch or a statement list
    /// that receives from ch before it; its address is never taken and no literal assigns it.</summary>
    private static bool SetOnlyWhenServed(Pass pass, BlockStmt body, Var flag, Var ch)
    {
        var ok = true;
        var setTrue = 0;
        bool IsFlag(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), flag);
        bool IsConst(Expr e, string name) => Expr.Unparen(e) is Ident { Name: var n } c && n == name && pass.Info.ObjectOf(c) is Const;
        bool OnCh(Node n) => Walker.Any(n, x => x is UnaryExpr { Op: Token.Arrow, X: var c } && Expr.Unparen(c) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch), intoLiterals: false);
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            switch (n)
            {
                case UnaryExpr { Op: Token.And } u when IsFlag(u.X):
                    ok = false;
                    break;
                case AssignStmt a:
                    for (var i = 0; i < a.Lhs.Count; i++)
                    {
                        if (!IsFlag(a.Lhs[i])) continue;
                        var value = a.Lhs.Count == a.Rhs.Count ? a.Rhs[i] : null;
                        if (value != null && IsConst(value, "false")) continue;
                        if (value == null || !IsConst(value, "true") || ancestors.Any(x => x is FuncLit)) { ok = false; continue; }
                        // In `case <-ch:` (or `case v := <-ch:`), or after a receive from ch in the same statement list.
                        var clause = ancestors.OfType<CommClause>().LastOrDefault();
                        var list = StatementLists.Of(ancestors[^1]);
                        if (clause?.Comm is { } comm && OnCh(comm) || list != null && list.TakeWhile((Stmt st) => !ReferenceEquals(st, a)).Any(st => OnCh(st))) setTrue++;
                        else ok = false;
                    }
                    break;
                case ValueSpec vs:
                    for (var i = 0; i < vs.Names.Count; i++)
                        if (ReferenceEquals(pass.Info.ObjectOf(vs.Names[i]), flag) && vs.Values.Count == vs.Names.Count && !IsConst(vs.Values[i], "false")) ok = false;
                    break;
            }
            return ok;
        });
        return ok && setTrue > 0;
    }
}
