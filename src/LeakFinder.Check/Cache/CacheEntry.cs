using LeakFinder.Analysis;
using LeakFinder.Check.Pipeline;
using LeakFinder.Check.Suppressions;

namespace LeakFinder.Check.Cache;

/// <summary>
/// What the rules found in one root package, exactly as the analysis session produced it (before the user's
/// filters: excluded paths, severities, low impact, suppressions, baseline run on it afterwards as on a fresh
/// result), the rules that failed on it, and what those filters read from its syntax (<see cref="PackageNotes"/>:
/// a hit is not parsed again). Written and read as a small binary record: no reflection (the native build
/// trims it) and cheap to read back by the hundreds.
/// </summary>
public sealed record CacheEntry(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<InputError> Errors, PackageNotes Notes)
{
    // Bumped whenever the layout below changes: an entry of another layout is a miss, never misread.
    private const int Format = 3;
    private const uint Magic = 0x3143464C; // "LFC1"

    public void Write(BinaryWriter w, string key)
    {
        w.Write(Magic);
        w.Write(Format);
        w.Write(key);
        w.Write(Diagnostics.Count);
        foreach (var d in Diagnostics)
        {
            w.Write(d.Rule.Id);
            w.Write((int)d.Severity);
            w.Write(d.Message);
            WriteSpan(w, d.Span);
            w.Write(d.Related.Count);
            foreach (var r in d.Related)
            {
                WriteSpan(w, r.Span);
                w.Write(r.Message);
            }
            w.Write(d.Fix != null);
            if (d.Fix != null)
            {
                w.Write(d.Fix.Message);
                w.Write(d.Fix.Edits.Count);
                foreach (var e in d.Fix.Edits)
                {
                    WriteSpan(w, e.Span);
                    w.Write(e.NewText);
                }
            }
            w.Write(d.OnlyWhenTestFails);
        }
        WriteErrors(w, Errors);
        WriteNotes(w, Notes);
    }

    private static void WriteErrors(BinaryWriter w, IReadOnlyList<InputError> errors)
    {
        w.Write(errors.Count);
        foreach (var e in errors)
        {
            w.Write(e.File);
            w.Write(e.Line);
            w.Write(e.Column);
            w.Write(e.Message);
        }
    }

    private static InputError[] ReadErrors(BinaryReader r)
    {
        var errors = new InputError[Count(r)];
        for (var i = 0; i < errors.Length; i++) errors[i] = new InputError(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString());
        return errors;
    }

    private static void WriteNotes(BinaryWriter w, PackageNotes notes)
    {
        WriteErrors(w, notes.SyntaxErrors);
        w.Write(notes.Suppressions.Count);
        foreach (var file in notes.Suppressions)
        {
            w.Write(file.File);
            w.Write(file.Suppressions.Directives.Count);
            foreach (var d in file.Suppressions.Directives)
            {
                w.Write(d.File);
                w.Write(d.Line);
                w.Write(d.Column);
                w.Write((int)d.Kind);
                w.Write(d.Checks.Count);
                foreach (var c in d.Checks) w.Write(c);
                w.Write(d.Reason);
                w.Write(d.FromLine);
                w.Write(d.ToLine);
            }
            WriteErrors(w, file.Suppressions.Errors);
        }
        var survey = notes.Survey;
        w.Write(survey.Serves);
        w.Write(survey.ImportsTesting);
        w.Write(survey.Drivers.Count);
        foreach (var (file, ranges) in survey.Drivers)
        {
            w.Write(file);
            w.Write(ranges.Count);
            foreach (var (start, end) in ranges)
            {
                w.Write(start);
                w.Write(end);
            }
        }
    }

    private static PackageNotes? ReadNotes(BinaryReader r)
    {
        var syntaxErrors = ReadErrors(r);
        var files = new FileSuppressions[Count(r)];
        for (var i = 0; i < files.Length; i++)
        {
            var file = r.ReadString();
            var directives = new SuppressionDirective[Count(r)];
            for (var j = 0; j < directives.Length; j++)
            {
                var (path, line, column, kind) = (r.ReadString(), r.ReadInt32(), r.ReadInt32(), (DirectiveKind)r.ReadInt32());
                if (!Enum.IsDefined(kind)) return null;
                var checks = new string[Count(r)];
                for (var k = 0; k < checks.Length; k++) checks[k] = r.ReadString();
                directives[j] = new SuppressionDirective(path, line, column, kind, checks, r.ReadString(), r.ReadInt32(), r.ReadInt32());
            }
            files[i] = new FileSuppressions(file, Suppressions.Suppressions.Of(directives, ReadErrors(r)));
        }
        var (serves, importsTesting) = (r.ReadBoolean(), r.ReadBoolean());
        var drivers = new Dictionary<string, List<(int Start, int End)>>(StringComparer.Ordinal);
        for (var n = Count(r); n > 0; n--)
        {
            var file = r.ReadString();
            var ranges = new List<(int Start, int End)>();
            for (var k = Count(r); k > 0; k--) ranges.Add((r.ReadInt32(), r.ReadInt32()));
            drivers[file] = ranges;
        }
        return new PackageNotes(syntaxErrors, files, new CodeContexts.PackageSurvey(serves, importsTesting, drivers));
    }

    /// <summary>The entry stored under <paramref name="key"/>, or null when the bytes are not one (another
    /// format, another key, a rule this build does not know, truncated or garbled).</summary>
    public static CacheEntry? Read(BinaryReader r, string key, IReadOnlyDictionary<string, RuleDescriptor> rules)
    {
        try
        {
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Format || r.ReadString() != key) return null;
            var diagnostics = new Diagnostic[Count(r)];
            for (var i = 0; i < diagnostics.Length; i++)
            {
                if (!rules.TryGetValue(r.ReadString(), out var rule)) return null;
                var severity = (Severity)r.ReadInt32();
                if (!Enum.IsDefined(severity)) return null;
                var message = r.ReadString();
                var span = ReadSpan(r);
                var related = new RelatedLocation[Count(r)];
                for (var j = 0; j < related.Length; j++) related[j] = new RelatedLocation(ReadSpan(r), r.ReadString());
                SuggestedFix? fix = null;
                if (r.ReadBoolean())
                {
                    var fixMessage = r.ReadString();
                    var edits = new TextEdit[Count(r)];
                    for (var j = 0; j < edits.Length; j++) edits[j] = new TextEdit(ReadSpan(r), r.ReadString());
                    fix = new SuggestedFix(fixMessage, edits);
                }
                diagnostics[i] = new Diagnostic(rule, severity, message, span, related, fix) { OnlyWhenTestFails = r.ReadBoolean() };
            }
            var errors = ReadErrors(r);
            if (ReadNotes(r) is not { } notes) return null;
            // Trailing bytes mean the record is not what this layout wrote.
            return r.BaseStream.Position == r.BaseStream.Length ? new CacheEntry(diagnostics, errors, notes) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    // A count is bounded by what is left to read, so a garbled one fails fast instead of allocating gigabytes.
    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > r.BaseStream.Length - r.BaseStream.Position) throw new FormatException("bad count");
        return n;
    }

    private static void WriteSpan(BinaryWriter w, SourceSpan s)
    {
        w.Write(s.File);
        w.Write(s.Line);
        w.Write(s.Column);
        w.Write(s.EndLine);
        w.Write(s.EndColumn);
    }

    private static SourceSpan ReadSpan(BinaryReader r) => new(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
}
