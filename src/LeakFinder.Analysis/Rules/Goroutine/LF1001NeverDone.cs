using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// A goroutine's select whose only other way out is the Done of a context that is never done (a request's `Context()`
/// falling back to Background, a loop's TODO context) waits on its one real case alone: LF1001 judges that case as a
/// plain send or receive, and says why the Done case is no way out.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>The one case of a select without default whose every other case waits on a never-done context, or null.
    /// A context one caller of the package (not a test) leaves never done counts: that caller's goroutine leaks.</summary>
    private static CommClause? PlainCase(Pass pass, SelectStmt select)
    {
        if (select.Body.List.Count < 2 || !pass.UsesFunction("context.Background") && !pass.UsesFunction("context.TODO")) return null;
        var contexts = pass.ResultOf(NeverDoneContexts.Analysis);
        CommClause? kept = null;
        foreach (var clause in select.Body.List)
        {
            if (clause is not CommClause { Comm: not null } cc) return null; // a default
            if (contexts.DoneCase(cc, witnesses: true) != null) continue;
            if (kept != null) return null;
            kept = cc;
        }
        return kept;
    }

    /// <summary>" (its select's other case waits on req.Context().Done(), never done: context.Background() at line 26
    /// when StatObject calls it at line 74)" for an operation of a reduced select, else "".</summary>
    private static string NeverDoneNote(Pass pass, BlockStmt body, Node at)
    {
        SelectStmt? around = null;
        Walker.Inspect(body, n =>
        {
            if (around != null || n is FuncLit) return false;
            if (n is SelectStmt s && s.Pos().Value <= at.Pos().Value && at.End().Value <= s.End().Value) around = s;
            return around == null;
        });
        // The innermost select holding the operation.
        Walker.Inspect(around ?? (Node)body, n =>
        {
            if (n is SelectStmt s && !ReferenceEquals(s, around) && s.Pos().Value <= at.Pos().Value && at.End().Value <= s.End().Value) around = s;
            return n is not FuncLit;
        });
        if (around == null || PlainCase(pass, around) == null) return "";
        var contexts = pass.ResultOf(NeverDoneContexts.Analysis);
        foreach (var clause in around.Body.List.OfType<CommClause>())
            if (contexts.DoneCase(clause, witnesses: true) is { } nd && clause.Comm is { } comm)
            {
                var done = Expr.Unparen(comm is ExprStmt e ? e.X : ((AssignStmt)comm).Rhs[0]) is UnaryExpr u ? ContextText(u.X) : "ctx.Done()";
                var witness = "";
                if (nd.Witness is { } w)
                {
                    var caller = pass.ResultOf(FunctionLookup.Analysis).EnclosingDeclaration(w)?.Name.Name;
                    var callee = Semantics.Checking.Calls.Callee(pass.Info, w)?.Name;
                    witness = caller != null && callee != null ? $" when {caller} calls {callee} at line {pass.Line(w)}" : $" for the call at line {pass.Line(w)}";
                }
                return $" (its select's other case waits on {done}, which is never done: it is {nd.Root} at line {pass.Line(nd.RootAt)}{witness})";
            }
        return "";
    }

    /// <summary>An expression as the note names it: names, fields and calls without arguments (`req.Context().Done()`).</summary>
    private static string ContextText(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => ContextText(sel.X) + "." + sel.Sel.Name,
        CallExpr { Args.Count: 0 } call => ContextText(call.Fun) + "()",
        _ => "…",
    };
}
