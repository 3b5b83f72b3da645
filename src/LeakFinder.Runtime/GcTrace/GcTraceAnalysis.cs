using System.Globalization;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.GcTrace;

public enum HeapVerdict
{
    Unknown,
    Stable,
    Growing,
}

/// <summary>What a gctrace log says: the series, their summary, and whether live heap grows.</summary>
public sealed class GcTraceReport
{
    public required GcTraceLog Log { get; init; }
    public required HeapVerdict Verdict { get; init; }
    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public required string Explanation { get; init; }
    /// <summary>Theil-Sen slope of live heap over the analysed window, MB per minute.</summary>
    public double SlopeMBPerMinute { get; init; }
    /// <summary>Mann-Kendall confidence that live heap rises over the window (0.5 = no trend either way).</summary>
    public double Confidence { get; init; }
    /// <summary>Seconds of warm-up skipped: the first quarter of the run, where caches fill and pools warm.</summary>
    public double WarmupSeconds { get; init; }
    public int WindowCycles { get; init; }
    public double PauseP50Ms { get; init; }
    public double PauseP99Ms { get; init; }
    public double PauseMaxMs { get; init; }
    public required IReadOnlyList<LeakSuspect> Suspects { get; init; }
}

/// <summary>
/// Turns a gctrace log into a verdict on live heap (the Z of X->Y->Z MB, heap marked live by each GC):
/// growing when, after the warm-up (first quarter of the run), Mann-Kendall is at least 95% sure it rises,
/// the Theil-Sen slope predicts at least 1 MB (the trace's resolution) over the window, and it still rises
/// in the window's later half (so a cache that filled and then stopped is not a leak). Fewer than
/// <see cref="MinCycles"/> cycles after warm-up give "unknown": one sample is not a trend.
/// </summary>
public static class GcTraceAnalysis
{
    public const int MinCycles = 8;
    public const double RequiredConfidence = 0.95;
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
            return Report(log, HeapVerdict.Unknown, "no gctrace lines (run the program with GODEBUG=gctrace=1)", default, 0, 0, Pct, []);

        var start = cycles[0].AtSeconds;
        var span = cycles[^1].AtSeconds - start;
        var warmupEnd = start + span * WarmupFraction;
        var window = cycles.Where(c => c.AtSeconds >= warmupEnd).ToList();
        if (window.Count < MinCycles)
            return Report(log, HeapVerdict.Unknown,
                $"too few GC cycles after warm-up: {window.Count} (need {MinCycles}) over {span.ToString("0.###", CultureInfo.InvariantCulture)} s",
                default, warmupEnd - start, window.Count, Pct, []);

        var trend = TrendOf(window);
        var windowSpan = window[^1].AtSeconds - window[0].AtSeconds;
        var predictedMB = trend.Slope * windowSpan;
        var lateStart = window[0].AtSeconds + windowSpan / 2;
        var late = window.Where(c => c.AtSeconds >= lateStart).ToList();
        var lateTrend = late.Count >= 4 ? TrendOf(late) : trend;

        var perMinute = trend.Slope * 60;
        var first = window[0].LiveMB;
        var last = window[^1].LiveMB;
        var facts = $"live heap {first} -> {last} MB over {windowSpan.ToString("0.#", CultureInfo.InvariantCulture)} s after warm-up, " +
                    $"slope {perMinute.ToString("0.###", CultureInfo.InvariantCulture)} MB/min, confidence {trend.IncreaseConfidence.ToString("0.###", CultureInfo.InvariantCulture)}";

        var growing = trend.IncreaseConfidence >= RequiredConfidence && trend.Slope > 0 && predictedMB >= 1 && lateTrend.MannKendallS > 0;
        if (!growing)
        {
            var why = trend.IncreaseConfidence >= RequiredConfidence && predictedMB >= 1 && lateTrend.MannKendallS <= 0
                ? "grew early but is flat in the later half of the window"
                : "no sustained growth";
            return Report(log, HeapVerdict.Stable, $"{why}: {facts}", trend, warmupEnd - start, window.Count, Pct, []);
        }

        var relative = predictedMB / Math.Max(1, first);
        var score = Math.Round(trend.IncreaseConfidence * (1 - Math.Exp(-relative)), 3);
        var suspect = new LeakSuspect(null, score,
            $"live heap after GC grows {perMinute.ToString("0.###", CultureInfo.InvariantCulture)} MB/min ({first} -> {last} MB in {windowSpan.ToString("0.#", CultureInfo.InvariantCulture)} s, " +
            $"Mann-Kendall confidence {trend.IncreaseConfidence.ToString("0.###", CultureInfo.InvariantCulture)}); a heap profile diff (leakfinder profile --base) names the site",
            "heap-growth", EvidenceKind.GcTrace);
        return Report(log, HeapVerdict.Growing, $"growing: {facts}", trend, warmupEnd - start, window.Count, Pct, [suspect]);
    }

    private static TrendResult TrendOf(List<GcCycle> cycles)
    {
        var x = new double[cycles.Count];
        var y = new double[cycles.Count];
        for (var i = 0; i < cycles.Count; i++)
        {
            x[i] = cycles[i].AtSeconds;
            y[i] = cycles[i].LiveMB;
        }
        return Trend.Of(x, y);
    }

    private static GcTraceReport Report(GcTraceLog log, HeapVerdict verdict, string explanation, TrendResult trend,
        double warmup, int windowCycles, Func<double, double> pausePercentile, IReadOnlyList<LeakSuspect> suspects) => new()
    {
        Log = log,
        Verdict = verdict,
        Explanation = explanation,
        SlopeMBPerMinute = trend.Slope * 60,
        Confidence = trend.Points == 0 ? 0 : trend.IncreaseConfidence,
        WarmupSeconds = warmup,
        WindowCycles = windowCycles,
        PauseP50Ms = pausePercentile(0.5),
        PauseP99Ms = pausePercentile(0.99),
        PauseMaxMs = pausePercentile(1.0),
        Suspects = suspects,
    };
}
