using LeakFinder.Analysis.Engine;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// Names every leaking exit of a finding in one phrase ("the return at line 40 is reached", "the returns at
/// lines 40, 52 and 60 are reached"), so a reader fixes all of them at once instead of one per run.
/// </summary>
public static class ExitList
{
    public static string Describe(Pass pass, IReadOnlyList<Node> returns)
    {
        var lines = returns.Select(pass.Line).Distinct().Order().ToList();
        if (lines.Count == 1) return $"the return at line {lines[0]} is reached";
        return $"the returns at lines {Join(lines)} are reached";
    }

    /// <summary>"40", "40 and 52", "40, 52 and 60".</summary>
    public static string Join(IReadOnlyList<int> lines) =>
        lines.Count == 1 ? lines[0].ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Join(", ", lines.Take(lines.Count - 1)) + " and " + lines[^1];
}
