using LeakFinder.Analysis;
namespace LeakFinder.Check.Suppressions;

/// <summary>
/// Recognises the suppression comment styles in one comment's text (with its // or /* */):
/// `//nolint`, `//nolint:a,b`, `// nolint:a` (golangci-lint accepts the space), each optionally followed by
/// `// explanation`; `//lint:ignore A,B reason`; `//lint:file-ignore A,B reason`.
/// </summary>
internal static class DirectiveParser
{
    public enum Outcome { None, NoLint, LintIgnore, LintFileIgnore, Malformed }

    public static Outcome Parse(string comment, out List<string> checks, out string reason, out string problem)
    {
        checks = [];
        reason = "";
        problem = "";
        if (!comment.StartsWith("//", StringComparison.Ordinal)) return Outcome.None; // /* */ comments carry no directives
        var text = comment.AsSpan(2);
        if (text.StartsWith("lint:", StringComparison.Ordinal)) return ParseLint(text[5..].ToString(), checks, ref reason, ref problem);
        text = text.TrimStart(' ');
        if (!text.StartsWith("nolint", StringComparison.Ordinal)) return Outcome.None;
        text = text[6..];
        if (text.Length > 0 && text[0] == ':')
        {
            var end = 1;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && !text[end..].StartsWith("//", StringComparison.Ordinal)) end++;
            foreach (var part in text[1..end].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                checks.Add(part);
            text = text[end..];
        }
        else if (text.Length > 0 && !char.IsWhiteSpace(text[0]))
            return Outcome.None; // "//nolintfoo" is not a directive
        var why = text.IndexOf("//", StringComparison.Ordinal);
        if (why >= 0) reason = text[(why + 2)..].Trim().ToString();
        return Outcome.NoLint;
    }

    private static Outcome ParseLint(string rest, List<string> checks, ref string reason, ref string problem)
    {
        var fields = rest.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var verb = fields.Length > 0 ? fields[0] : "";
        if (verb is not ("ignore" or "file-ignore")) return Outcome.None; // another tool's directive
        if (fields.Length > 1)
            checks.AddRange(fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (fields.Length < 3 || fields[2].Trim().Length == 0)
        {
            // staticcheck's wording, so users of both tools see one message.
            problem = "malformed linter directive; missing the required reason field";
            return Outcome.Malformed;
        }
        reason = fields[2].Trim();
        return verb == "ignore" ? Outcome.LintIgnore : Outcome.LintFileIgnore;
    }
}
