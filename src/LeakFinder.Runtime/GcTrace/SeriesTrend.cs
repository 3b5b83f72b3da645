using System.Globalization;

namespace LeakFinder.Runtime.GcTrace;

/// <summary>The trend of one per-cycle series (live heap, goroutine stacks) over the analysed window.</summary>
public sealed record SeriesTrend
{
    public required HeapVerdict Verdict { get; init; }
    /// <summary>Why, in one clause with the numbers: "live heap 2 -> 145 MB over ...".</summary>
    public required string Explanation { get; init; }
    /// <summary>Theil-Sen slope over time (the @Ns field), MB per minute.</summary>
    public double SlopeMBPerMinute { get; init; }
    /// <summary>Theil-Sen slope over cycle number, MB per GC cycle: the natural unit when the pacer spaces cycles by heap size, not time.</summary>
    public double SlopeMBPerCycle { get; init; }
    /// <summary>Mann-Kendall confidence that the series rises (0.5 = no trend either way).</summary>
    public double Confidence { get; init; }
    /// <summary>Kendall's tau: (rising pairs − falling pairs) / all pairs, in [-1, 1]; 1 when every later cycle is higher.</summary>
    public double Agreement { get; init; }
    public long FirstMB { get; init; }
    public long LastMB { get; init; }
    /// <summary>Lowest value of the window's later half minus the lowest of its earlier half: what a leak raises and a sawtooth does not.</summary>
    public long FloorRiseMB { get; init; }
    public int Cycles { get; init; }
}

/// <summary>
/// Judges one series of a gctrace window. "growing" needs all of: Mann-Kendall at least 95% sure it rises;
/// positive Theil-Sen slopes over time and over cycles; Kendall's tau of at least <see cref="MinAgreement"/>
/// (most pairs of cycles agree that later is higher, not just a net excess); a floor (the minimum of the
/// later half against the earlier) at least 1 MB higher, the trace's resolution, which is what separates a
/// leak from a sawtooth or one spike; and a still-rising later half (a cache that filled and stopped is
/// not a leak). Few cycles are enough when they agree: under the default GOGC a leak doubles the heap goal
/// each cycle, so a 3 -> 160 MB climb takes a dozen cycles, most of them in its first second.
/// </summary>
public static class SeriesJudge
{
    public const int MinCycles = 5;
    public const double RequiredConfidence = 0.95;
    public const double MinAgreement = 0.3;

    public static SeriesTrend Judge(IReadOnlyList<GcCycle> window, Func<GcCycle, long> valueOf, string name)
    {
        var n = window.Count;
        if (n < MinCycles)
            return new SeriesTrend { Verdict = HeapVerdict.Unknown, Explanation = $"too few GC cycles after warm-up: {n} (need {MinCycles})", Cycles = n };

        var times = new double[n];
        var indexes = new double[n];
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            times[i] = window[i].AtSeconds;
            indexes[i] = window[i].Number;
            values[i] = valueOf(window[i]);
        }
        var overTime = Trend.Of(times, values);
        var overCycles = Trend.Of(indexes, values);
        var pairs = overCycles.Points * (overCycles.Points - 1) / 2.0;
        var agreement = pairs == 0 ? 0 : overCycles.MannKendallS / pairs;

        // Halves, not quarters: each half must hold a whole tooth of a sawtooth for its trough to count.
        var floorRise = (long)(values[(n / 2)..].Min() - values[..(n / 2)].Min());
        var late = window.Skip(n / 2).ToList();
        var lateRises = Trend.Of(late.Select(c => (double)c.Number).ToArray(), late.Select(c => (double)valueOf(c)).ToArray()).MannKendallS > 0;

        var first = valueOf(window[0]);
        var last = valueOf(window[^1]);
        var span = window[^1].AtSeconds - window[0].AtSeconds;
        var facts = $"{name} {first} -> {last} MB over {F(span, "0.#")} s and {n} cycles after warm-up, " +
                    $"slope {F(overTime.Slope * 60, "0.###")} MB/min ({F(overCycles.Slope, "0.###")} MB/cycle), " +
                    $"confidence {F(overCycles.IncreaseConfidence, "0.###")}, agreement {F(agreement, "0.##")}, floor {(floorRise >= 0 ? "+" : "")}{floorRise} MB";

        var sure = overCycles.IncreaseConfidence >= RequiredConfidence && overTime.Slope > 0 && overCycles.Slope > 0 && agreement >= MinAgreement;
        var verdict = sure && floorRise >= 1 && lateRises ? HeapVerdict.Growing : HeapVerdict.Stable;
        var why = verdict == HeapVerdict.Growing ? "growing"
            : !sure ? "no sustained growth"
            : floorRise < 1 ? "the floor did not rise (a sawtooth or a spike, not a climb)"
            : "grew early but is flat in the later half of the window";
        return new SeriesTrend
        {
            Verdict = verdict,
            Explanation = $"{why}: {facts}",
            SlopeMBPerMinute = overTime.Slope * 60,
            SlopeMBPerCycle = overCycles.Slope,
            Confidence = overCycles.IncreaseConfidence,
            Agreement = agreement,
            FirstMB = first,
            LastMB = last,
            FloorRiseMB = floorRise,
            Cycles = n,
        };
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
