using System.Globalization;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.GcTrace;

public enum HeapVerdict
{
    Unknown,
    Stable,
    Growing,
}

/// <summary>What a gctrace log says: the series, their summary, and whether live heap and goroutine stacks grow.</summary>
public sealed class GcTraceReport
{
    public required GcTraceLog Log { get; init; }
    /// <summary>The verdict on live heap after GC (the Z of X->Y->Z MB).</summary>
    public required HeapVerdict Verdict { get; init; }
    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public required string Explanation { get; init; }
    /// <summary>The live-heap trend (null without GC cycles).</summary>
    public SeriesTrend? Heap { get; init; }
    /// <summary>The goroutine-stack trend, from the "S MB stacks" field of Go 1.18+ lines (null when the lines have none).</summary>
    public SeriesTrend? Stacks { get; init; }
    /// <summary>Theil-Sen slope of live heap over the analysed window, MB per minute.</summary>
    public double SlopeMBPerMinute => Heap?.SlopeMBPerMinute ?? 0;
    /// <summary>Mann-Kendall confidence that live heap rises over the window (0.5 = no trend either way).</summary>
    public double Confidence => Heap is { Cycles: >= SeriesJudge.MinCycles } h ? h.Confidence : 0;
    /// <summary>Seconds from the first cycle to the first analysed one: the warm-up, where caches fill and pools warm.</summary>
    public double WarmupSeconds { get; init; }
    /// <summary>Cycles skipped as warm-up.</summary>
    public int WarmupCycles { get; init; }
    public int WindowCycles { get; init; }
    public double PauseP50Ms { get; init; }
    public double PauseP99Ms { get; init; }
    public double PauseMaxMs { get; init; }
    public required IReadOnlyList<LeakSuspect> Suspects { get; init; }
}

/// <summary>
/// Turns a gctrace log into a verdict on live heap (the Z of X->Y->Z MB, heap marked live by each GC) and,
/// where the lines carry it, on goroutine stacks. The first quarter of the run is warm-up, measured in time
/// or in cycles, whichever skips fewer cycles: under the default GOGC a leak packs its cycles into the first
/// seconds (each one doubles the heap goal), and a time-based warm-up would skip nearly all of them (issue 15:
/// a 3 -> 161 MB leak was "unknown"). The window is then judged by <see cref="SeriesJudge"/>.
/// </summary>
public static class GcTraceAnalysis
{
    public const int MinCycles = SeriesJudge.MinCycles;
    public const double WarmupFraction = 0.25;

    public static GcTraceReport Analyze(TextReader reader, string name = "<stdin>") => Analyze(GcTraceParser.Parse(reader, name));

    /// <summary>Reads the log at <paramref name="path"/>, refusing more than <paramref name="maxBytes"/> (an endless /dev/zero, a runaway log).</summary>
    public static GcTraceReport Analyze(string path, long maxBytes = Input.InputLimits.DefaultStreamedBytes)
    {
        using var reader = new StreamReader(new Input.LimitedStream(File.OpenRead(path), path, maxBytes));
        return Analyze(reader, path);
    }

    public static GcTraceReport Analyze(Stream stream, string name, long maxBytes = Input.InputLimits.DefaultStreamedBytes)
    {
        using var reader = new StreamReader(new Input.LimitedStream(stream, name, maxBytes));
        return Analyze(reader, name);
    }

    public static GcTraceReport Analyze(GcTraceLog log)
    {
        var cycles = log.Cycles;
        var pauses = cycles.Select(c => c.PauseMs).Order().ToArray();
        double Pct(double p) => pauses.Length == 0 ? 0 : pauses[(int)Math.Min(pauses.Length - 1, Math.Ceiling(p * pauses.Length) - 1)];

        if (cycles.Count == 0)
            return new GcTraceReport
            {
                Log = log, Verdict = HeapVerdict.Unknown, Explanation = "no gctrace lines (run the program with GODEBUG=gctrace=1)", Suspects = [],
            };

        var start = cycles[0].AtSeconds;
        var timeWarmupEnd = start + (cycles[^1].AtSeconds - start) * WarmupFraction;
        var skip = Math.Min(cycles.Count(c => c.AtSeconds < timeWarmupEnd), (int)(cycles.Count * WarmupFraction));
        var window = cycles.Skip(skip).ToList();

        var heap = SeriesJudge.Judge(window, c => c.LiveMB, "live heap");
        var stacks = window.Count > 0 && window.All(c => c.StacksMB is not null) ? SeriesJudge.Judge(window, c => c.StacksMB!.Value, "goroutine stacks") : null;
        var suspects = new List<LeakSuspect>();
        if (heap.Verdict == HeapVerdict.Growing)
            suspects.Add(Suspect(heap, "heap-growth", "live heap after GC", "a heap profile diff (leakfinder profile --base) names the site"));
        if (stacks?.Verdict == HeapVerdict.Growing)
            suspects.Add(Suspect(stacks, "stack-growth", "goroutine stacks", "goroutines pile up or recurse deeper; a goroutine dump (leakfinder dump) names them"));

        return new GcTraceReport
        {
            Log = log,
            Verdict = heap.Verdict,
            Explanation = heap.Explanation,
            Heap = heap,
            Stacks = stacks,
            WarmupSeconds = window.Count > 0 ? window[0].AtSeconds - start : 0,
            WarmupCycles = skip,
            WindowCycles = window.Count,
            PauseP50Ms = Pct(0.5),
            PauseP99Ms = Pct(0.99),
            PauseMaxMs = Pct(1.0),
            Suspects = suspects.OrderByDescending(s => s.Score).ToList(),
        };
    }

    private static LeakSuspect Suspect(SeriesTrend trend, string kind, string what, string hint)
    {
        // Sure and large relative to where it started: 3 -> 160 MB scores near 1, 100 -> 101 MB near 0.
        var relative = Math.Max(0, trend.LastMB - trend.FirstMB) / (double)Math.Max(1, trend.FirstMB);
        var score = Math.Round(trend.Confidence * (1 - Math.Exp(-relative)), 3);
        var reason = $"{what} grows {F(trend.SlopeMBPerMinute)} MB/min, {F(trend.SlopeMBPerCycle)} MB/cycle ({trend.FirstMB} -> {trend.LastMB} MB over {trend.Cycles} cycles, " +
                     $"Mann-Kendall confidence {F(trend.Confidence)}); {hint}";
        return new LeakSuspect(null, score, reason, kind, EvidenceKind.GcTrace);
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
