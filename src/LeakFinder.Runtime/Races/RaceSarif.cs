using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Races;

/// <summary>
/// `leakfinder race --format sarif`: SARIF 2.1.0, shaped as check's SarifRenderer (one run, the tool's rules,
/// one result per finding). One rule, `data-race`; one result per racing pair, located at the pair's first
/// site with the other as a related location; the count, kind and creation sites in its property bag.
/// partialFingerprints hash the two functions (not their lines), so an alert keeps its identity while code moves;
/// pairs of the same two functions are told apart by their order within them.
/// The detector prints absolute paths: they become file: URIs.
/// </summary>
public static class RaceSarif
{
    public const string RuleId = "data-race";
    public const string FingerprintKey = "leakfinder/race/v1";

    public static void Write(Stream output, RaceReport r, string toolVersion, string informationUri)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        WriteTool(w, toolVersion, informationUri);
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var warning in r.Log.Warnings.Items)
        {
            w.WriteStartObject();
            w.WriteString("level", "warning");
            Message(w, "message", warning.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("results");
        WriteResults(w, r.Pairs, 0);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, string version, string informationUri)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "LeakFinder");
        w.WriteString("informationUri", informationUri);
        w.WriteString("version", version);
        w.WriteStartArray("rules");
        WriteRule(w);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The data-race rule object; `leakfinder test --format sarif` lists it beside its own rules.</summary>
    internal static void WriteRule(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", RuleId);
        w.WriteString("name", "DataRace");
        Message(w, "shortDescription", "Two goroutines access the same memory without synchronisation, at least one of them writing");
        Message(w, "fullDescription", "A pair of source sites the Go race detector reported racing, with how many reports named them and where the racing goroutines were started.");
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", "error");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("concurrency");
        w.WriteStringValue("race");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One result per racing pair, the rule at <paramref name="ruleIndex"/> of the run's rules.</summary>
    internal static void WriteResults(Utf8JsonWriter w, IReadOnlyList<RacePair> pairs, int ruleIndex)
    {
        var fingerprints = Fingerprints(pairs);
        foreach (var p in pairs) WriteResult(w, p, fingerprints[p], ruleIndex);
    }

    private static void WriteResult(Utf8JsonWriter w, RacePair p, string fingerprint, int ruleIndex)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", RuleId);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", "error");
        Message(w, "message", $"data race ({RaceOutput.Kind(p)}, {p.Count} report{(p.Count == 1 ? "" : "s")}): " +
                              (p.SameSite ? Describe(RaceOutput.Merged(p.A, p.B)) + ", in two goroutines at once" : $"{Describe(p.A)} and {Describe(p.B)}"));
        w.WriteStartArray("locations");
        WriteLocation(w, p.A.Site, null, null);
        w.WriteEndArray();
        if (!p.SameSite && p.B.Site is not null)
        {
            w.WriteStartArray("relatedLocations");
            WriteLocation(w, p.B.Site, 1, "the other racing access: " + Describe(p.B));
            w.WriteEndArray();
        }
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, fingerprint);
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteNumber("count", p.Count);
        w.WriteString("kind", RaceOutput.Kind(p));
        w.WriteStartArray("tests");
        foreach (var t in p.Tests) w.WriteStringValue(t);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Describe(RaceSide side)
    {
        var creators = side.CreatedAt.OrderByDescending(c => c.Value).Select(c => c.Key).ToList();
        var site = side.Site is { } f ? $"{f.Function} ({Path.GetFileName(f.File)}:{f.Line})" : "an unknown site";
        return $"{string.Join("/", side.Operations.Keys)} in {site}" +
               (creators.Count > 0 ? $" by a goroutine created at {creators[0]}{(creators.Count > 1 ? $" (and {creators.Count - 1} more sites)" : "")}" : "");
    }

    internal static void WriteLocation(Utf8JsonWriter w, RaceFrame? site, int? id, string? message)
    {
        w.WriteStartObject();
        if (id is { } i) w.WriteNumber("id", i);
        if (site is not null)
        {
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", Uri(site.File));
            w.WriteEndObject();
            w.WriteStartObject("region");
            w.WriteNumber("startLine", Math.Max(1, site.Line));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("logicalLocations");
            w.WriteStartObject();
            w.WriteString("fullyQualifiedName", site.Function);
            w.WriteString("kind", "function");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        if (message is not null) Message(w, "message", message);
        w.WriteEndObject();
    }

    /// <summary>The path of a race report's frame as a SARIF uri. The path is whatever the report says (hostile input
    /// included: `//host:bad/x` is no hostname), so each segment is escaped rather than parsed by System.Uri.</summary>
    internal static string Uri(string file)
    {
        var escaped = string.Join('/', file.Replace('\\', '/').Split('/').Select(System.Uri.EscapeDataString));
        return file.StartsWith('/') ? "file://" + escaped : escaped;
    }

    /// <summary>
    /// A hash of the two functions and, for the k-th pair of the same two functions in line order, of k: lines
    /// move with every edit above them, a function's name and the order of its racing lines rarely do.
    /// </summary>
    private static Dictionary<RacePair, string> Fingerprints(IReadOnlyList<RacePair> pairs)
    {
        var result = new Dictionary<RacePair, string>();
        foreach (var group in pairs.GroupBy(p => $"{p.A.Site?.Function}\n{p.B.Site?.Function}", StringComparer.Ordinal))
        {
            var ordinal = 0;
            foreach (var p in group.OrderBy(p => p.A.Site?.Line ?? 0).ThenBy(p => p.B.Site?.Line ?? 0))
                result[p] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{group.Key}\n{ordinal++}")))[..32];
        }
        return result;
    }

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
