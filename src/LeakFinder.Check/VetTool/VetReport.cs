using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LeakFinder.Analysis;

namespace LeakFinder.Check.VetTool;

/// <summary>
/// Findings as go vet prints them, so cmd/go, editors and CI annotators read LeakFinder like any analyzer:
/// plain text is one `file:line:col: message (ID name)` line per finding on standard error (cmd/go makes the
/// absolute paths relative), with -c=N the offending lines below it; -json is unitchecker's tree on standard
/// output, package ID → rule id → [{posn, message, category, suggested_fixes}].
/// </summary>
public static class VetReport
{
    public static void WritePlain(TextWriter error, IReadOnlyList<Diagnostic> findings, int contextLines)
    {
        foreach (var d in findings)
        {
            error.Write($"{Printable(d.Span.ToString())}: {Printable(d.Message)} ({d.Rule.Id} {d.Rule.Name})\n");
            if (contextLines < 0) continue;
            var lines = ReadLines(d.Span.File);
            var last = Math.Max(d.Span.EndLine, d.Span.Line) + contextLines;
            for (var i = Math.Max(1, d.Span.Line - contextLines); i <= Math.Min(last, lines.Length); i++)
                error.Write($"{i}\t{Printable(lines[i - 1])}\n");
        }
    }

    /// <summary>Input errors (a file that does not parse, a rule that failed) in the same positioned form.</summary>
    public static void WriteErrors(TextWriter error, IReadOnlyList<InputError> errors)
    {
        foreach (var e in errors) error.Write(Printable(e.ToString()) + "\n");
    }

    public static void WriteJson(TextWriter output, string packageId, IReadOnlyList<Diagnostic> findings)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
               {
                   Indented = true, IndentCharacter = '\t', IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            w.WriteStartObject();
            if (findings.Count > 0)
            {
                w.WriteStartObject(packageId);
                foreach (var rule in findings.GroupBy(d => d.Rule.Id))
                {
                    w.WriteStartArray(rule.Key);
                    foreach (var d in rule) WriteDiagnostic(w, d);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    private static void WriteDiagnostic(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("category", d.Rule.Name);
        w.WriteString("posn", d.Span.ToString());
        w.WriteString("message", d.Message);
        if (d.Fix is { } fix && Offsets(fix) is { } edits)
        {
            w.WriteStartArray("suggested_fixes");
            w.WriteStartObject();
            w.WriteString("message", fix.Message);
            w.WriteStartArray("edits");
            foreach (var (edit, start, end) in edits)
            {
                w.WriteStartObject();
                w.WriteString("filename", edit.Span.File);
                w.WriteNumber("start", start);
                w.WriteNumber("end", end);
                w.WriteString("new", edit.NewText);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    // unitchecker's edits are byte offsets; ours are line:column. A file that changed since is no fix at all.
    private static List<(TextEdit Edit, int Start, int End)>? Offsets(SuggestedFix fix)
    {
        var result = new List<(TextEdit, int, int)>();
        var starts = new Dictionary<string, int[]?>(StringComparer.Ordinal);
        foreach (var e in fix.Edits)
        {
            if (!starts.TryGetValue(e.Span.File, out var lineStarts)) starts[e.Span.File] = lineStarts = LineStarts(e.Span.File);
            if (lineStarts == null || Offset(lineStarts, e.Span.Line, e.Span.Column) is not { } start
                || Offset(lineStarts, e.Span.EndLine, e.Span.EndColumn) is not { } end || end < start) return null;
            result.Add((e, start, end));
        }
        return result;
    }

    private static int? Offset(int[] lineStarts, int line, int column) =>
        line >= 1 && line <= lineStarts.Length - 1 && column >= 1 && lineStarts[line - 1] + column - 1 <= lineStarts[line]
            ? lineStarts[line - 1] + column - 1 : null;

    // Offsets where each line starts, plus the file's length at the end.
    private static int[]? LineStarts(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == '\n') starts.Add(i + 1);
        if (starts[^1] != bytes.Length) starts.Add(bytes.Length);
        return starts.ToArray();
    }

    private static string[] ReadLines(string file)
    {
        try
        {
            return File.ReadAllText(file).Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // Text from the analysed code (a quoted string, a file name) must stay on its line and not drive a terminal.
    private static string Printable(string s)
    {
        if (!s.Any(char.IsControl)) return s;
        var b = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (c == '\t') b.Append(c);
            else if (char.IsControl(c)) b.Append(c < 0x100 ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
            else b.Append(c);
        }
        return b.ToString().Replace("\\x0a", "\\n", StringComparison.Ordinal).Replace("\\x0d", "\\r", StringComparison.Ordinal);
    }
}
