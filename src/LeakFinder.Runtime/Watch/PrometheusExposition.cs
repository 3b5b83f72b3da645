using System.Globalization;
using System.Text;

namespace LeakFinder.Runtime.Watch;

/// <summary>What the watcher knows now of one target, for /metrics: its last poll, whether it answers, counts of failures and alerts.</summary>
public sealed record TargetStatus(string Target, Observation? Last, bool Up, long FailedPolls, IReadOnlyDictionary<string, long> AlertsByMetric);

/// <summary>
/// The Prometheus text exposition format (version 0.0.4), written by hand: a dozen gauges and counters need no
/// client library, and this keeps the native executable free of one's reflection. Names follow Prometheus
/// practice: `leakfinder_` prefix, base units, counters ending in `_total`; labels are the target and, on
/// alerts, the metric, never a stack or site (unbounded cardinality).
/// </summary>
public static class PrometheusExposition
{
    private static readonly (string Metric, string Name, string Type, string Help)[] Series =
    [
        (Metrics.Goroutines, "leakfinder_goroutines", "gauge", "Goroutines of the target at its last poll."),
        (Metrics.HeapInuseBytes, "leakfinder_heap_inuse_bytes", "gauge", "Go heap in use (heap profile inuse_space or memstats HeapInuse)."),
        (Metrics.HeapAllocBytes, "leakfinder_heap_alloc_bytes", "gauge", "memstats HeapAlloc: bytes of allocated heap objects."),
        (Metrics.HeapAllocatedTotalBytes, "leakfinder_heap_allocated_bytes_total", "counter", "Bytes allocated since the target started (heap profile alloc_space)."),
        (Metrics.GcCount, "leakfinder_gc_cycles_total", "counter", "Completed GC cycles (memstats NumGC)."),
        (Metrics.GcPauseTotalSeconds, "leakfinder_gc_pause_seconds_total", "counter", "Total GC stop-the-world pause (memstats PauseTotalNs)."),
        (Metrics.RssBytes, "leakfinder_resident_memory_bytes", "gauge", "Resident set size of the process (VmRSS)."),
        (Metrics.Fds, "leakfinder_open_fds", "gauge", "Open file descriptors of the process."),
        (Metrics.Threads, "leakfinder_threads", "gauge", "OS threads of the process."),
    ];

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<TargetStatus> targets)
    {
        var sb = new StringBuilder();
        Header(sb, "leakfinder_target_up", "gauge", "1 when the last poll of the target succeeded.");
        foreach (var t in targets) Line(sb, "leakfinder_target_up", Labels(t.Target), t.Up ? 1 : 0);
        Header(sb, "leakfinder_failed_polls_total", "counter", "Polls of the target that failed.");
        foreach (var t in targets) Line(sb, "leakfinder_failed_polls_total", Labels(t.Target), t.FailedPolls);
        foreach (var (metric, name, type, help) in Series)
        {
            var any = false;
            foreach (var t in targets)
            {
                if (t.Last?.Get(metric) is not { } value) continue;
                if (!any) Header(sb, name, type, help);
                any = true;
                Line(sb, name, Labels(t.Target), value);
            }
        }
        Header(sb, "leakfinder_alerts_total", "counter", "Sustained climbs alerted, by target and metric.");
        foreach (var t in targets)
            foreach (var (metric, count) in t.AlertsByMetric.OrderBy(p => p.Key, StringComparer.Ordinal))
                Line(sb, "leakfinder_alerts_total", Labels(t.Target) + $",metric=\"{Escape(metric)}\"", count);
        return sb.ToString();
    }

    private static string Labels(string target) => $"target=\"{Escape(target)}\"";

    // Label values escape backslash, double quote and newline, as the format requires.
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
