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
        if (select.Body.List.Count < 2 || !NeverDoneContexts.MayApply(pass)) return null;
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

    /// <summary>A select case on the Done of a context every way of running the function leaves never done.</summary>
    private static bool NeverDone(Pass pass, CommClause clause) =>
        NeverDoneContexts.MayApply(pass) && pass.ResultOf(NeverDoneContexts.Analysis).DoneCase(clause) != null;
}
