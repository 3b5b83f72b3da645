using System.Text;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// The first hunk of a unified diff between two dumps: common prefix and suffix are trimmed and the
/// differing middle is shown with a few lines of context, which is where a parser disagreement shows.
/// </summary>
internal static class UnifiedDiff
{
    public static string FirstHunk(string expected, string actual, string expectedName, string actualName, int context = 6, int maxLines = 40)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        if (start == a.Length && start == b.Length) return "(identical)";
        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) { endA--; endB--; }

        var from = Math.Max(0, start - context);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(expectedName).Append('\n');
        sb.Append("+++ ").Append(actualName).Append('\n');
        sb.Append($"@@ -{from + 1},{Math.Min(endA + context, a.Length) - from} +{from + 1},{Math.Min(endB + context, b.Length) - from} @@\n");
        var lines = 0;
        for (var i = from; i < start; i++) sb.Append(' ').Append(a[i]).Append('\n');
        for (var i = start; i < endA && lines < maxLines; i++, lines++) sb.Append('-').Append(a[i]).Append('\n');
        if (endA - start > maxLines) sb.Append($"... ({endA - start - maxLines} more removed lines)\n");
        lines = 0;
        for (var i = start; i < endB && lines < maxLines; i++, lines++) sb.Append('+').Append(b[i]).Append('\n');
        if (endB - start > maxLines) sb.Append($"... ({endB - start - maxLines} more added lines)\n");
        for (var i = endA; i < Math.Min(endA + context, a.Length); i++) sb.Append(' ').Append(a[i]).Append('\n');
        return sb.ToString();
    }
}
