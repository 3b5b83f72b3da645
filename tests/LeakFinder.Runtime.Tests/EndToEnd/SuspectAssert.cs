using System.Text;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Assertions on ranked suspects that say, when they fail, which evidence file to open and what LeakFinder
/// ranked instead, so a wrong answer can be handed to the analysis' author as it is.
/// </summary>
public static class SuspectAssert
{
    /// <summary>The #1 suspect points at <paramref name="expected"/> (the program's `// LEAK` line).</summary>
    public static void TopIsLine(IReadOnlyList<LeakSuspect> suspects, SourceLine expected, string evidenceFile)
    {
        var top = suspects.Count > 0 ? suspects[0] : null;
        var matches = top?.Site is { } site && site.Line == expected.Line && SameSourceFile(site.File, expected.File);
        Assert.True(matches, $"expected the #1 suspect at {expected}\n{Describe(suspects, evidenceFile)}");
    }

    /// <summary>The #1 suspect's site is in a function accepted by <paramref name="isExpected"/>.</summary>
    public static void TopIsFunction(IReadOnlyList<LeakSuspect> suspects, Func<string, bool> isExpected, string what, string evidenceFile)
    {
        var top = suspects.Count > 0 ? suspects[0] : null;
        Assert.True(top?.Site is { } site && isExpected(site.Function), $"expected the #1 suspect in {what}\n{Describe(suspects, evidenceFile)}");
    }

    /// <summary>The #1 suspect is the one <paramref name="isExpected"/> describes (for evidence with no source sites, like /proc).</summary>
    public static void TopIs(IReadOnlyList<LeakSuspect> suspects, Func<LeakSuspect, bool> isExpected, string what, string evidenceFile)
    {
        var top = suspects.Count > 0 ? suspects[0] : null;
        Assert.True(top != null && isExpected(top), $"expected the #1 suspect to be {what}\n{Describe(suspects, evidenceFile)}");
    }

    public static void None(IReadOnlyList<LeakSuspect> suspects, string evidenceFile) =>
        Assert.True(suspects.Count == 0, $"expected no suspect\n{Describe(suspects, evidenceFile)}");

    /// <summary>
    /// Go prints the path the source was compiled from, which may reach the repository through another
    /// route (a symlink, a different checkout root) than this test; the path inside the repository decides.
    /// </summary>
    private static bool SameSourceFile(string reported, string expected)
    {
        var programs = Path.Combine("testdata", "programs") + Path.DirectorySeparatorChar;
        var at = expected.LastIndexOf(programs, StringComparison.Ordinal);
        var inRepo = at < 0 ? expected : expected[at..];
        return reported.Replace('\\', '/').EndsWith(inRepo.Replace('\\', '/'), StringComparison.Ordinal);
    }

    public static string Describe(IReadOnlyList<LeakSuspect> suspects, string evidenceFile)
    {
        var text = new StringBuilder($"evidence: {evidenceFile}\nLeakFinder ranked {suspects.Count} suspect(s)");
        for (var i = 0; i < Math.Min(5, suspects.Count); i++)
        {
            var s = suspects[i];
            text.Append($"\n  #{i + 1} {s.Site?.ToString() ?? "(no site)"} score={s.Score:0.###} kind={s.Kind}: {s.Reason}");
        }
        return text.ToString();
    }
}
