using LeakFinder.Analysis;
using LeakFinder.Check.Baseline;

namespace LeakFinder.Check.Fixes;

/// <summary>One file with the fixes that apply to it: its text before and after, and the findings they fix.</summary>
public sealed record FixedFile(string Path, byte[] Before, byte[] After, IReadOnlyList<Diagnostic> Fixed)
{
    /// <summary>The edits made, as byte ranges of Before and the length of the bytes put there, in order.</summary>
    internal IReadOnlyList<(int Start, int End, int Length)> Changes { get; init; } = [];

    /// <summary>Where a byte offset of Before is in After: moved by the edits before it.</summary>
    internal int Map(int offset)
    {
        var shift = 0;
        foreach (var (start, end, length) in Changes)
        {
            if (end > offset) break;
            shift += length - (end - start);
        }
        return offset + shift;
    }
}

/// <summary>A finding whose fix was left out, and why (it overlaps a fix taken before it, its file is unreadable).</summary>
public sealed record SkippedFix(Diagnostic Finding, string Reason);

/// <summary>What `check --fix` does to the files: the new text of each, and the fixes left out.</summary>
public sealed record FixPlan(IReadOnlyList<FixedFile> Files, IReadOnlyList<SkippedFix> Skipped)
{
    public IEnumerable<Diagnostic> Fixed => Files.SelectMany(f => f.Fixed);
}

/// <summary>
/// Applies the suggested fixes of findings to their files' text. A fix is taken whole or not at all; fixes are
/// taken in source order, and one whose edits overlap an edit already taken (or insert different text at the
/// same place, where the order of the two would be a guess) is skipped, its finding named with the reason. An
/// edit identical to one taken already is the same change and counts as applied. Nothing is written here:
/// <see cref="Write"/> does that, so `--diff` can show the same plan instead.
/// </summary>
public static class FixApplier
{
    private sealed record Edit(int Start, int End, string Text, Diagnostic Finding);

    public static FixPlan Plan(IEnumerable<Diagnostic> findings, SourceFiles sources)
    {
        var skipped = new List<SkippedFix>();
        var byFile = new Dictionary<string, (List<Edit> Edits, List<Diagnostic> Fixed)>(StringComparer.Ordinal);
        var ordered = findings.Where(d => d.Fix is { Edits.Count: > 0 })
            .OrderBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column).ThenBy(d => d.Rule.Id, StringComparer.Ordinal);
        foreach (var d in ordered)
        {
            var file = d.Fix!.Edits[0].Span.File;
            if (d.Fix.Edits.Any(e => e.Span.File != file))
            {
                skipped.Add(new SkippedFix(d, "its edits span several files"));
                continue;
            }
            if (sources.Get(file) is not { } source)
            {
                skipped.Add(new SkippedFix(d, $"{file} cannot be read"));
                continue;
            }
            if (!byFile.TryGetValue(file, out var taken)) byFile[file] = taken = ([], []);
            var edits = new List<Edit>();
            string? problem = null;
            foreach (var e in d.Fix.Edits)
            {
                var start = source.Offset(e.Span.Line, e.Span.Column);
                var end = source.Offset(e.Span.EndLine, e.Span.EndColumn);
                if (start < 0 || end < start)
                {
                    problem = $"its edit at {e.Span} does not fit the file (changed since the check?)";
                    break;
                }
                var edit = new Edit(start, end, UsesCrLf(source) ? e.NewText.Replace("\r\n", "\n").Replace("\n", "\r\n") : e.NewText, d);
                if (taken.Edits.Exists(t => t.Start == start && t.End == end && t.Text == edit.Text)) continue;
                if (taken.Edits.Find(t => Overlap(t, edit)) is { } other)
                {
                    problem = $"it overlaps the fix of {other.Finding.Rule.Id} at line {other.Finding.Span.Line}";
                    break;
                }
                edits.Add(edit);
            }
            if (problem != null)
            {
                skipped.Add(new SkippedFix(d, problem));
                continue;
            }
            taken.Edits.AddRange(edits);
            taken.Fixed.Add(d);
        }
        var files = new List<FixedFile>();
        foreach (var (path, (edits, fixedFindings)) in byFile.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (fixedFindings.Count == 0) continue;
            var before = sources.Get(path)!.Content;
            var changes = edits.OrderBy(e => e.Start).ThenBy(e => e.End).Select(e => (e.Start, e.End, System.Text.Encoding.UTF8.GetByteCount(e.Text))).ToList();
            files.Add(new FixedFile(path, before, Apply(before, edits), fixedFindings) { Changes = changes });
        }
        return new FixPlan(files, skipped);
    }

    /// <summary>A file whose first line ends in CRLF: inserted lines end the same way.</summary>
    private static bool UsesCrLf(SourceFile source)
    {
        var nl = Array.IndexOf(source.Content, (byte)'\n');
        return nl > 0 && source.Content[nl - 1] == (byte)'\r';
    }

    /// <summary>Two edits touch the same text, or insert at the same place (whose order is unknown).</summary>
    private static bool Overlap(Edit a, Edit b) =>
        (a.Start < b.End && b.Start < a.End) || (a.Start == b.Start && (a.Start == a.End || b.Start == b.End));

    private static byte[] Apply(byte[] text, List<Edit> edits)
    {
        var output = new MemoryStream(text.Length + 256);
        var at = 0;
        foreach (var e in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            output.Write(text, at, e.Start - at);
            var bytes = System.Text.Encoding.UTF8.GetBytes(e.Text);
            output.Write(bytes);
            at = e.End;
        }
        output.Write(text, at, text.Length - at);
        return output.ToArray();
    }

    /// <summary>
    /// The result as the files now read: the findings the written fixes removed are gone, so they neither show
    /// in the report nor count for the exit code (`check --fix` exits 0 when it fixed everything it found).
    /// </summary>
    public static CheckResult WithoutFixed(CheckResult result, FixPlan plan)
    {
        var fixedOnes = new HashSet<Diagnostic>(plan.Fixed, ReferenceEqualityComparer.Instance);
        var files = plan.Files.ToDictionary(f => f.Path, f => (File: f, Before: new SourceFile(f.Path, f.Before), After: new SourceFile(f.Path, f.After)), StringComparer.Ordinal);
        // The findings left keep pointing at their code: lines (and columns on an edited line) move with the edits.
        SourceSpan Moved(SourceSpan span)
        {
            if (!files.TryGetValue(span.File, out var f)) return span;
            var (line, column) = Where(f, span.Line, span.Column);
            var (endLine, endColumn) = Where(f, span.EndLine, span.EndColumn);
            return span with { Line = line, Column = column, EndLine = endLine, EndColumn = endColumn };
        }
        var left = result.Findings.Where(d => !fixedOnes.Contains(d)).Select(d => d with
        {
            Span = Moved(d.Span),
            Related = d.Related.Select(r => r with { Span = Moved(r.Span) }).ToList(),
            Fix = d.Fix == null ? null : d.Fix with { Edits = d.Fix.Edits.Select(e => e with { Span = Moved(e.Span) }).ToList() },
        }).ToList();
        return result with { Findings = left };
    }

    private static (int Line, int Column) Where((FixedFile File, SourceFile Before, SourceFile After) f, int line, int column)
    {
        var offset = f.Before.Offset(line, column);
        return offset < 0 ? (line, column) : f.After.LineColumn(f.File.Map(offset));
    }

    /// <summary>Writes every fixed file in place; the full path is resolved as the sources resolved it.</summary>
    public static void Write(FixPlan plan, SourceFiles sources)
    {
        foreach (var f in plan.Files)
            File.WriteAllBytes(sources.Get(f.Path)!.Path, f.After);
    }
}
