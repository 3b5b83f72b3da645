namespace LeakFinder.Runtime.Watch;

/// <summary>The metric names `watch` records, and which of them are levels to watch for growth.</summary>
public static class Metrics
{
    public const string Goroutines = "goroutines";
    /// <summary>Goroutines of one stack group (label: its site); the top groups of each sample are kept.</summary>
    public const string GoroutineGroup = "goroutine_group";
    public const string HeapInuseBytes = "heap_inuse_bytes";
    public const string HeapAllocBytes = "heap_alloc_bytes";
    /// <summary>Cumulative bytes allocated (a heap profile's alloc_space): a counter, never a trend to alert on.</summary>
    public const string HeapAllocatedTotalBytes = "heap_allocated_total_bytes";
    public const string GcCount = "gc_count";
    public const string GcPauseTotalSeconds = "gc_pause_total_seconds";
    public const string RssBytes = "rss_bytes";
    public const string Fds = "fds";
    public const string Threads = "threads";
    /// <summary>When the watched process started (clock ticks since boot): a change is another process under the same pid.</summary>
    public const string ProcessStart = "process_start_ticks";

    /// <summary>Levels whose sustained growth is a leak.</summary>
    public static readonly string[] Watched = [Goroutines, HeapInuseBytes, HeapAllocBytes, RssBytes, Fds, Threads];

    /// <summary>Counters that only go up while the process lives: going down means it restarted.</summary>
    public static readonly string[] Counters = [GcCount, GcPauseTotalSeconds, HeapAllocatedTotalBytes];

    public static bool IsBytes(string metric) => metric.EndsWith("_bytes", StringComparison.Ordinal);
}

/// <summary>A labelled value of one poll (label "" for whole-process metrics).</summary>
public sealed record MetricValue(string Metric, string Label, double Value);

/// <summary>What one poll of a target saw.</summary>
public sealed record Observation(DateTimeOffset At, IReadOnlyList<MetricValue> Values)
{
    public double? Get(string metric)
    {
        foreach (var v in Values) if (v.Metric == metric && v.Label.Length == 0) return v.Value;
        return null;
    }

    /// <summary>
    /// Whether <paramref name="current"/> comes from another life of the process than <paramref name="previous"/>:
    /// a counter went down or the process start time changed. Names why, or null.
    /// </summary>
    public static string? RestartBetween(Observation? previous, Observation current)
    {
        if (previous == null) return null;
        foreach (var counter in Metrics.Counters)
            if (previous.Get(counter) is { } before && current.Get(counter) is { } now && now < before)
                return $"{counter} went down ({before:0.###} → {now:0.###})";
        if (previous.Get(Metrics.ProcessStart) is { } s0 && current.Get(Metrics.ProcessStart) is { } s1 && s0 != s1)
            return "another process has the pid";
        return null;
    }
}
