using System.Text.RegularExpressions;
using LeakFinder.Analysis.Engine;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>One `// want "regexp"` of a testdata file: a diagnostic on this line must match the pattern.</summary>
public sealed record Want(string File, int Line, Regex Pattern)
{
    public override string ToString() => $"{File}:{Line}: want \"{Pattern}\"";
}

/// <summary>
/// analysistest's contract: every diagnostic must be matched by a `// want` on its line, and every want by a
/// diagnostic; several wants on a line each need their own diagnostic. Patterns are "double-quoted" or
/// `back-quoted`, as in analysistest.
/// </summary>
public static partial class Expectations
{
    [GeneratedRegex("""//\s*want\s+(.*)$""")]
    private static partial Regex WantComment();

    [GeneratedRegex("""("(?:[^"\\]|\\.)*"|`[^`]*`)""")]
    private static partial Regex Quoted();

    public static List<Want> Parse(IEnumerable<AnalysisPackage> packages)
    {
        var wants = new List<Want>();
        foreach (var p in packages)
        foreach (var f in p.Files)
        foreach (var group in f.File.Comments)
        foreach (var c in group.List)
        {
            var m = WantComment().Match(c.Text);
            if (!m.Success) continue;
            var pos = p.FileSet.Position(c.Slash);
            foreach (Match q in Quoted().Matches(m.Groups[1].Value))
            {
                var raw = q.Value;
                var pattern = raw[0] == '`' ? raw[1..^1] : Regex.Unescape(raw[1..^1]);
                wants.Add(new Want(pos.Filename, pos.Line, new Regex(pattern)));
            }
        }
        return wants;
    }

    /// <summary>The mismatches, each with its position; empty when diagnostics and wants agree.</summary>
    public static List<string> Check(IReadOnlyList<Diagnostic> diagnostics, List<Want> wants)
    {
        var problems = new List<string>();
        var open = new List<Want>(wants);
        foreach (var d in diagnostics)
        {
            var i = open.FindIndex(w => w.File == d.Span.File && w.Line == d.Span.Line && w.Pattern.IsMatch(d.Message));
            if (i >= 0) open.RemoveAt(i);
            else problems.Add($"{d.Span}: unexpected diagnostic: {d.Message} ({d.Rule.Id})");
        }
        foreach (var w in open) problems.Add($"{w.File}:{w.Line}: no diagnostic matched want \"{w.Pattern}\"");
        return problems;
    }
}
