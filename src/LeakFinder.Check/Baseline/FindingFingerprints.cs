using LeakFinder.Analysis;
using System.Security.Cryptography;
using System.Text;

namespace LeakFinder.Check.Baseline;

/// <summary>
/// What identifies a finding across edits that move it: its rule, its file (relative, '/'-separated), a hash of
/// the offending line's text with all whitespace removed and of the enclosing function's name, and an
/// occurrence index among findings with the same three (two identical leaks in one function stay two).
/// Line numbers are deliberately not part of it, so inserting lines above a finding keeps it matched.
/// </summary>
public sealed record FindingFingerprint(string Rule, string File, string Function, string Hash, int Occurrence)
{
    public (string, string, string) Key => (Rule, File, Hash);
}

public static class FindingFingerprints
{
    /// <summary>
    /// Fingerprints of <paramref name="findings"/>, index for index. Occurrences are counted in source order
    /// (line, column) whatever the order of the input. Files are made relative to <paramref name="root"/>.
    /// </summary>
    public static FindingFingerprint[] Compute(IReadOnlyList<Diagnostic> findings, SourceFiles sources, EnclosingFunctions functions, string root)
    {
        var order = new int[findings.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => ComparePosition(findings[a].Span, findings[b].Span));

        var result = new FindingFingerprint[findings.Count];
        var seen = new Dictionary<(string, string, string), int>();
        var relative = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            var d = findings[i];
            if (!relative.TryGetValue(d.Span.File, out var file))
                relative[d.Span.File] = file = RelativePath(Path.GetFullPath(d.Span.File, sources.BaseDirectory), root);
            var function = functions.At(d.Span.File, d.Span.Line);
            // Without the source (deleted file, generated code gone) the message stands in for the line text.
            var text = sources.LineText(d.Span.File, d.Span.Line) ?? d.Message;
            var hash = Hash(NormalizeLine(text) + "\n" + function);
            var key = (d.Rule.Id, file, hash);
            seen.TryGetValue(key, out var occurrence);
            seen[key] = occurrence + 1;
            result[i] = new FindingFingerprint(d.Rule.Id, file, function, hash, occurrence);
        }
        return result;
    }

    /// <summary>The line's text with every whitespace character removed: reindenting or realigning is no change.</summary>
    public static string NormalizeLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>A path relative to root with '/' separators when it lies under root; otherwise the full path.</summary>
    public static string RelativePath(string path, string root)
    {
        var full = Path.GetFullPath(path);
        var rel = Path.GetRelativePath(Path.GetFullPath(root), full);
        if (rel == ".." || rel.StartsWith("../", StringComparison.Ordinal) || rel.StartsWith("..\\", StringComparison.Ordinal) || Path.IsPathRooted(rel))
            rel = full;
        return rel.Replace('\\', '/');
    }

    private static string Hash(string s) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0, 12);

    private static int ComparePosition(SourceSpan a, SourceSpan b)
    {
        var c = a.Line.CompareTo(b.Line);
        return c != 0 ? c : a.Column.CompareTo(b.Column);
    }
}
