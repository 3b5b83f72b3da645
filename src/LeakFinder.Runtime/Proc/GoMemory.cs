using System.Text.Json;
using LeakFinder.Runtime.Input;
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
    /// <summary>
    /// A heap profile from a file, - (standard input) or an http(s) URL such as http://host:6060/debug/pprof/heap,
    /// read as `profile` reads one: one deadline for the whole fetch, at most <paramref name="maxBytes"/> once decompressed.
    /// </summary>
    public static GoMemory LoadHeapProfile(string source, TimeSpan? timeout = null, long maxBytes = InputLimits.DefaultWholeBytes) =>
        FromHeapProfile(ProfileAnalysis.LoadSource(source, timeout, maxBytes), source);

    /// <summary>
    /// expvar or runtime.MemStats JSON from a file or an http(s) URL such as http://host:6060/debug/vars, with the
    /// limits of every other URL input: one deadline for the whole fetch, at most <paramref name="maxBytes"/>.
    /// </summary>
    public static GoMemory LoadMemStats(string source, TimeSpan? timeout = null, long maxBytes = InputLimits.DefaultWholeBytes)
    {
        if (!HttpInput.IsUrl(source)) return FromMemStatsJson(SafeProcFile.ReadAllText(source, maxBytes), source);
        using var body = HttpInput.Open(source, timeout);
        string json;
        try
        {
            using var reader = new StreamReader(new LimitedStream(body, source, maxBytes), System.Text.Encoding.UTF8);
            json = reader.ReadToEnd();
        }
        catch (IOException e)
        {
            // Half a JSON document is no account at all.
            throw new InputException($"{source}: read failed: {e.Message}", e);
        }
        return FromMemStatsJson(json, source);
    }

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
            // A field that is not a whole number (a string, an escaped lone surrogate in a name) is bad input like a
            // missing one, never an internal error.
            long Field(string name)
            {
                try
                {
                    if (stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
                        return n;
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException) { }
                throw new ProcFormatException($"{source}: memstats field {name} is missing or not a whole number (expected expvar /debug/vars or runtime.MemStats JSON)");
            }
            var sys = Field("Sys");
            var released = Field("HeapReleased");
            return new GoMemory($"memstats {source}", Field("HeapInuse"), sys - released);
        }
    }
}
