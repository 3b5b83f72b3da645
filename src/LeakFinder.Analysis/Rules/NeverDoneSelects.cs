using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>How a message says why a select's `case &lt;-ctx.Done():` is no way out (<see cref="NeverDoneContexts"/>):
/// shared by the rules that judge such a select as its one real case.</summary>
internal static class NeverDoneSelects
{
    /// <summary>" (its select's other case waits on req.Context().Done(), which is never done: it is context.Background()
    /// at line 26 when StatObject calls Do at line 74)" for an operation that is a case of a select with a never-done
    /// Done case, else "". The rule must require <see cref="NeverDoneContexts.Analysis"/> and <see cref="FunctionLookup.Analysis"/>.</summary>
    /// <param name="witnesses">As <see cref="NeverDoneContexts.DoneCase"/>: whether one caller's context is enough.</param>
    public static string Note(Pass pass, Node at, bool witnesses)
    {
        if (!NeverDoneContexts.MayApply(pass)) return "";
        if (pass.ResultOf(FunctionLookup.Analysis).EnclosingDeclaration(at) is not { Body: { } body }) return "";
        SelectStmt? around = null;
        Walker.Inspect(body, n =>
        {
            if (n == null) return false;
            if (n is SelectStmt s && s.Pos().Value <= at.Pos().Value && at.End().Value <= s.End().Value) around = s;
            return n.Pos().Value <= at.Pos().Value && at.End().Value <= n.End().Value;
        });
        if (around == null) return "";
        var contexts = pass.ResultOf(NeverDoneContexts.Analysis);
        foreach (var clause in around.Body.List.OfType<CommClause>())
            if (contexts.DoneCase(clause, witnesses) is { } nd && clause.Comm is { } comm)
            {
                var done = Expr.Unparen(comm is ExprStmt e ? e.X : ((AssignStmt)comm).Rhs[0]) is UnaryExpr u ? Text(u.X) : "ctx.Done()";
                var witness = "";
                if (nd.Witness is { } w)
                {
                    var caller = pass.ResultOf(FunctionLookup.Analysis).EnclosingDeclaration(w)?.Name.Name;
                    var callee = Calls.Callee(pass.Info, w)?.Name;
                    witness = caller != null && callee != null ? $" when {caller} calls {callee} at line {pass.Line(w)}" : $" for the call at line {pass.Line(w)}";
                }
                return $" (its select's other case waits on {done}, which is never done: it is {nd.Root} at line {pass.Line(nd.RootAt)}{nd.Detail}{witness})";
            }
        return "";
    }

    /// <summary>An expression as the note names it: names, fields and calls without arguments (`req.Context().Done()`).</summary>
    private static string Text(Expr e) => ExprText.Path(e) ?? "…";
}
