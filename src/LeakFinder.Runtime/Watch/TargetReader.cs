using System.Globalization;
using System.Text.Json;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Proc;

namespace LeakFinder.Runtime.Watch;

/// <summary>How one poll may cost: each fetch has one deadline and a byte limit, as every URL input does.</summary>
public sealed record PollLimits(TimeSpan Timeout, long MaxBytes, int TopGroups = 10)
{
    public static PollLimits Default { get; } = new(TimeSpan.FromSeconds(10), 64L << 20);
}

/// <summary>
/// Reads one <see cref="Observation"/> from a target, reusing the readers of `dump`, `profile` and `proc`.
/// A target that cannot be read throws <see cref="InputException"/> (or <see cref="PprofFormatException"/>),
/// naming the URL or path; the watcher backs off and tries again.
/// </summary>
public static class TargetReader
{
    public static Observation Read(WatchTarget target, PollLimits limits) => target.Kind switch
    {
        TargetKind.Pprof => ReadPprof(target, limits),
        TargetKind.Expvar => ReadExpvar(target, limits),
        _ => ReadProcess(target.Pid, limits),
    };

    /// <summary>The whole body of <paramref name="url"/>, at most <see cref="PollLimits.MaxBytes"/>, within the deadline.</summary>
    public static byte[] Fetch(string url, PollLimits limits)
    {
        using var body = HttpInput.Open(url, limits.Timeout);
        try
        {
            using var limited = new LimitedStream(body, url, limits.MaxBytes);
            using var copy = new MemoryStream();
            limited.CopyTo(copy);
            return copy.ToArray();
        }
        catch (IOException e)
        {
            throw new InputException($"{url}: read failed: {e.Message}", e);
        }
    }

    public static DumpAnalysis AnalyzeDump(byte[] dump, string name, PollLimits limits) =>
        DumpAnalyzer.AnalyzeContent(new MemoryStream(dump), name, limits: InputLimits.WithMaxBytes(limits.MaxBytes));

    private static Observation ReadPprof(WatchTarget target, PollLimits limits)
    {
        var url = target.GoroutineUrl(1);
        var dump = AnalyzeDump(Fetch(url, limits), url, limits);
        var values = new List<MetricValue> { new(Metrics.Goroutines, "", dump.Info.DeclaredTotal >= 0 ? dump.Info.DeclaredTotal : dump.TotalGoroutines) };
        values.AddRange(TopGroups(dump, limits.TopGroups));
        var heap = ProfileAnalysis.Read(new MemoryStream(Fetch(target.HeapUrl, limits)), target.HeapUrl, limits.MaxBytes);
        values.Add(new(Metrics.HeapInuseBytes, "", Sum(heap, "inuse_space")));
        values.Add(new(Metrics.HeapAllocatedTotalBytes, "", Sum(heap, "alloc_space")));
        return new Observation(DateTimeOffset.UtcNow, values);
    }

    /// <summary>Goroutines per stack group, named by the site they wait at (the same site `dump --diff` names).</summary>
    public static IEnumerable<MetricValue> TopGroups(DumpAnalysis dump, int top)
    {
        var bySite = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var bucket in dump.Buckets)
        {
            var label = GroupLabel(bucket);
            bySite[label] = bySite.GetValueOrDefault(label) + bucket.Count;
        }
        return bySite.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top)
            .Select(p => new MetricValue(Metrics.GoroutineGroup, p.Key, p.Value));
    }

    public static string GroupLabel(StackBucket bucket) =>
        bucket.Site is { } site ? $"{site.Function} ({Path.GetFileName(site.File)}:{site.Line})"
        : bucket.Stack.Count > 0 ? bucket.Stack[0].Function : "(no stack)";

    private static double Sum(PprofProfile profile, string sampleType)
    {
        var index = -1;
        for (var i = 0; i < profile.SampleTypes.Count; i++) if (profile.SampleTypes[i].Type == sampleType) index = i;
        if (index < 0) throw new PprofFormatException($"{profile.Kind} profile has no {sampleType} samples: not a Go heap profile");
        long sum = 0;
        foreach (var s in profile.Samples) sum += s.Values[index];
        return sum;
    }

    private static Observation ReadExpvar(WatchTarget target, PollLimits limits)
    {
        var url = target.BaseUrl!;
        var json = Fetch(url, limits);
        return new Observation(DateTimeOffset.UtcNow, FromMemStats(json, url));
    }

    /// <summary>memstats of expvar JSON (or a bare runtime.MemStats): HeapInuse, HeapAlloc, NumGC, PauseTotalNs.</summary>
    public static List<MetricValue> FromMemStats(byte[] json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InputException($"{source}: not JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            var stats = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("memstats", out var m) ? m : root;
            double Field(string name) =>
                stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var n) ? n
                    : throw new InputException($"{source}: memstats field {name} is missing (expected expvar /debug/vars)");
            try
            {
                return
                [
                    new(Metrics.HeapInuseBytes, "", Field("HeapInuse")),
                    new(Metrics.HeapAllocBytes, "", Field("HeapAlloc")),
                    new(Metrics.GcCount, "", Field("NumGC")),
                    new(Metrics.GcPauseTotalSeconds, "", Field("PauseTotalNs") / 1e9),
                ];
            }
            catch (InvalidOperationException e)
            {
                // A property name System.Text.Json cannot decode (an escaped lone surrogate, found by fuzzing).
                throw new InputException($"{source}: unreadable JSON: {e.Message}", e);
            }
        }
    }

    private static Observation ReadProcess(int pid, PollLimits limits)
    {
        var root = $"/proc/{pid}";
        string Text(string file)
        {
            try { return SafeProcFile.ReadAllText(Path.Combine(root, file), limits.MaxBytes); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"pid:{pid}: cannot read {root}/{file}: {(e is FileNotFoundException ? "no such process" : e.Message)}", e);
            }
        }
        var status = ProcParsers.ParseStatus(Text("status"), $"{root}/status", [], out _);
        var values = new List<MetricValue>();
        if (status.TryGetValue("VmRSS", out var rssKb)) values.Add(new(Metrics.RssBytes, "", rssKb * 1024.0));
        if (status.TryGetValue("Threads", out var threads)) values.Add(new(Metrics.Threads, "", threads));
        try { values.Add(new(Metrics.Fds, "", Directory.EnumerateFileSystemEntries($"{root}/fd").Count())); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // another user's process: no fd count
        if (StartTicks(Text("stat")) is { } start) values.Add(new(Metrics.ProcessStart, "", start));
        return new Observation(DateTimeOffset.UtcNow, values);
    }

    // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses, so count after its last ')'.
    private static double? StartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && double.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
    }
}
