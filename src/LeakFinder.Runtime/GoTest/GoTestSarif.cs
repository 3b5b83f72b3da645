using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Runtime.GoTest;

/// <summary>
/// `leakfinder test --format sarif`: SARIF 2.1.0 shaped as `race --format sarif`, with three rules of its
/// own beside data-race: a goroutine a test left behind (one result per stack group, at the site where the
/// goroutine is stuck), a hung test (one result per blocked group) and heap growth (at no location: the
/// report names the test, not a line). Fingerprints hash functions, not lines, so alerts survive edits.
/// </summary>
public static class GoTestSarif
{
    public const string LeakRule = "goroutine-leak-in-test";
    public const string HangRule = "test-hang";
    public const string HeapRule = "heap-growth-in-test";
    public const string FingerprintKey = "leakfinder/test/v1";

    private static readonly (string Id, string Name, string Short)[] Rules =
    [
        (LeakRule, "GoroutineLeakInTest", "A test left a goroutine blocked or running after it ended"),
        (HangRule, "TestHang", "A test never finished: go test's -timeout fired or every goroutine was blocked"),
        (HeapRule, "HeapGrowthInTest", "The live heap grew beyond the bound a test set with leakcheck.VerifyHeapBounded"),
    ];

    public static void Write(Stream output, GoTestReport r, string toolVersion, string informationUri)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "LeakFinder");
        w.WriteString("informationUri", informationUri);
        w.WriteString("version", toolVersion);
        w.WriteStartArray("rules");
        foreach (var (id, name, text) in Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("name", name);
            Message(w, "shortDescription", text);
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", "error");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        RaceSarif.WriteRule(w);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteNumber("exitCode", r.GoExitCode);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("results");
        foreach (var t in r.WithFindings)
        {
            foreach (var g in t.Leaks)
                WriteGroup(w, LeakRule, 0, g, $"{t.Package} {t.DisplayName}: {Describe(g)} left behind by the test");
            foreach (var h in t.HeapGrowth)
                WriteResult(w, HeapRule, 2, $"{t.Package} {t.DisplayName}: {h}", null, Fingerprint(HeapRule, t.Package, t.DisplayName));
        }
        foreach (var h in r.Hangs)
            foreach (var g in h.Blocked)
                WriteGroup(w, HangRule, 1, g, $"{h.Package} {string.Join(", ", h.Tests)}: hung ({h.Reason}); {Describe(g)}");
        if (r.Races != null) RaceSarif.WriteResults(w, r.Races.Pairs, Rules.Length);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, string rule, int index, GoroutineGroup g, string message)
    {
        var site = g.Site is { } s ? new RaceFrame(s.Function, s.File, s.Line) : null;
        WriteResult(w, rule, index, message, site, Fingerprint(rule, g.Site?.Function ?? "", g.CreatedBy?.Function ?? ""));
    }

    private static void WriteResult(Utf8JsonWriter w, string rule, int index, string message, RaceFrame? site, string fingerprint)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", rule);
        w.WriteNumber("ruleIndex", index);
        w.WriteString("level", "error");
        Message(w, "message", message);
        if (site != null)
        {
            w.WriteStartArray("locations");
            RaceSarif.WriteLocation(w, site, null, null);
            w.WriteEndArray();
        }
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, fingerprint);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Describe(GoroutineGroup g)
    {
        var creator = g.CreatedBy is { } c && !g.IsTestGoroutine ? $", created by {c.Function} ({Path.GetFileName(c.File)}:{c.Line})" : "";
        return g.Describe() + creator;
    }

    private static string Fingerprint(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
