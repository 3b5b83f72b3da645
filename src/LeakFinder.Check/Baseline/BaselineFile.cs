using LeakFinder.Analysis;
using System.Text.Json;

namespace LeakFinder.Check.Baseline;

/// <summary>A baseline that cannot be used (unreadable, not JSON, wrong shape): `file:line:col: message`.</summary>
public sealed class BaselineException(string message) : Exception(message);

/// <summary>
/// The findings a team has accepted for now (`--write-baseline FILE` once, then `--baseline FILE`): later runs
/// report only findings not in it. Entries are matched by fingerprint (rule, file, line text, enclosing
/// function, occurrence), never by line number, so code moving around does not resurrect old findings.
/// Files in the baseline are relative to the baseline file's directory, so it works from any working directory.
/// </summary>
public sealed class BaselineFile
{
    public const int FormatVersion = 1;

    private readonly Dictionary<(string Rule, string File, string Hash), int> _counts;

    private BaselineFile(string path, Dictionary<(string, string, string), int> counts)
    {
        Path = path;
        _counts = counts;
    }

    public string Path { get; }

    /// <summary>How many accepted findings the baseline holds.</summary>
    public int Count => _counts.Values.Sum();

    /// <summary>Writes the baseline of <paramref name="findings"/> to <paramref name="path"/> (only there).</summary>
    public static void Write(string path, IReadOnlyList<Diagnostic> findings, SourceFiles sources)
    {
        var root = BaselineRoot(path);
        var prints = FindingFingerprints.Compute(findings, sources, new EnclosingFunctions(sources), root);
        var order = Enumerable.Range(0, findings.Count)
            .OrderBy(i => prints[i].File, StringComparer.Ordinal).ThenBy(i => findings[i].Span.Line)
            .ThenBy(i => findings[i].Span.Column).ThenBy(i => prints[i].Rule, StringComparer.Ordinal);
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("version", FormatVersion);
        w.WriteStartArray("findings");
        foreach (var i in order)
        {
            var p = prints[i];
            w.WriteStartObject();
            w.WriteString("rule", p.Rule);
            w.WriteString("file", p.File);
            w.WriteString("function", p.Function);
            w.WriteString("fingerprint", p.Hash);
            w.WriteNumber("occurrence", p.Occurrence);
            // For people reading the file; matching ignores them.
            w.WriteNumber("line", findings[i].Span.Line);
            w.WriteString("message", findings[i].Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Reads a baseline; throws <see cref="BaselineException"/> with a `file:line:col: message` text.</summary>
    public static BaselineFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"{path}: cannot read baseline: {e.Message}");
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return new BaselineFile(path, ReadCounts(path, doc.RootElement));
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var col = (e.BytePositionInLine ?? 0) + 1;
            throw new BaselineException($"{path}:{line}:{col}: baseline is not valid JSON: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>
    /// Splits <paramref name="findings"/> into the new ones (reported, in input order) and the number matched by
    /// the baseline. Of n current findings sharing a fingerprint where the baseline holds k, the first k in source
    /// order are baselined and the rest are new.
    /// </summary>
    public (IReadOnlyList<Diagnostic> New, int Baselined) Filter(IReadOnlyList<Diagnostic> findings, SourceFiles sources)
    {
        var prints = FindingFingerprints.Compute(findings, sources, new EnclosingFunctions(sources), BaselineRoot(Path));
        var fresh = new List<Diagnostic>();
        var baselined = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var p = prints[i];
            if (_counts.TryGetValue(p.Key, out var k) && p.Occurrence < k) baselined++;
            else fresh.Add(findings[i]);
        }
        return (fresh, baselined);
    }

    private static string BaselineRoot(string path) =>
        System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();

    private static Dictionary<(string, string, string), int> ReadCounts(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new BaselineException($"{path}: baseline must be a JSON object with \"version\" and \"findings\"");
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion)
            throw new BaselineException($"{path}: unsupported baseline version (expected \"version\": {FormatVersion}); write it again with --write-baseline");
        if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new BaselineException($"{path}: baseline has no \"findings\" array");
        var counts = new Dictionary<(string, string, string), int>();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var rule = RequiredString(path, entry, "rule", index);
            var file = RequiredString(path, entry, "file", index);
            var hash = RequiredString(path, entry, "fingerprint", index);
            var key = (rule, file, hash);
            counts[key] = counts.GetValueOrDefault(key) + 1;
            index++;
        }
        return counts;
    }

    private static string RequiredString(string path, JsonElement entry, string name, int index)
    {
        if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            return v.GetString()!;
        throw new BaselineException($"{path}: findings[{index}] has no string \"{name}\"");
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
