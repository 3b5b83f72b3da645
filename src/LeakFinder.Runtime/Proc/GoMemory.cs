using System.Text.Json;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Proc;

/// <summary>
/// What the Go runtime accounts for, to set against RSS: from expvar memstats (`/debug/vars` JSON, or a bare
/// runtime.MemStats JSON) the memory Go obtained and kept (Sys − HeapReleased); from a heap profile only the
/// sampled in-use heap, so the expected footprint adds GOGC's default headroom (×2) and 64 MiB for runtime
/// metadata, stacks and fragmentation.
/// </summary>
public sealed record GoMemory(string Source, long HeapInUseBytes, long ExpectedResidentBytes)
{
    public static GoMemory FromHeapProfile(PprofProfile profile, string source)
    {
        var index = profile.SampleIndex("inuse_space");
        long inuse = 0;
        foreach (var s in profile.Samples) inuse += s.Values[index];
        return new GoMemory($"heap profile {source}", inuse, 2 * inuse + 64L * 1024 * 1024);
    }

    public static GoMemory FromMemStatsJson(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ProcFormatException($"{source}:{(e.LineNumber ?? 0) + 1}: not JSON: {e.Message}"); }
        using (doc)
        {
            var stats = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("memstats", out var m) ? m : doc.RootElement;
            long Field(string name) =>
                stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var v) && v.TryGetInt64(out var n)
                    ? n
                    : throw new ProcFormatException($"{source}: memstats field {name} is missing (expected expvar /debug/vars or runtime.MemStats JSON)");
            var sys = Field("Sys");
            var released = Field("HeapReleased");
            return new GoMemory($"memstats {source}", Field("HeapInuse"), sys - released);
        }
    }
}
