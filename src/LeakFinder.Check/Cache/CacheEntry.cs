using LeakFinder.Analysis;

namespace LeakFinder.Check.Cache;

/// <summary>
/// What the rules found in one root package, exactly as the analysis session produced it (before the user's
/// filters: excluded paths, severities, low impact, suppressions, baseline run on it afterwards as on a fresh
/// result), and the rules that failed on it. Written and read as a small binary record: no reflection (the
/// native build trims it) and cheap to read back by the hundreds.
/// </summary>
public sealed record CacheEntry(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<InputError> Errors)
{
    // Bumped whenever the layout below changes: an entry of another layout is a miss, never misread.
    private const int Format = 1;
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
        w.Write(Errors.Count);
        foreach (var e in Errors)
        {
            w.Write(e.File);
            w.Write(e.Line);
            w.Write(e.Column);
            w.Write(e.Message);
        }
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
            var errors = new InputError[Count(r)];
            for (var i = 0; i < errors.Length; i++) errors[i] = new InputError(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString());
            // Trailing bytes mean the record is not what this layout wrote.
            return r.BaseStream.Position == r.BaseStream.Length ? new CacheEntry(diagnostics, errors) : null;
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
