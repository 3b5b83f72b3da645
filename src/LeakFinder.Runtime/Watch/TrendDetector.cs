namespace LeakFinder.Runtime.Watch;

/// <summary>When a climb is a leak: how many samples to judge, and how much growth over them counts.</summary>
public sealed record TrendOptions
{
    /// <summary>The window: the last this many samples since the target (re)started.</summary>
    public int Window { get; init; } = 30;
    /// <summary>Fewer samples than this decide nothing.</summary>
    public int MinSamples { get; init; } = 8;
    /// <summary>Growth over the window, relative to its starting level (0.2 = 20%).</summary>
    public double MinRelativeGrowth { get; init; } = 0.2;

    /// <summary>Growth over the window below this is noise, whatever the relative growth (a service idling at 3 goroutines that starts 2 more).</summary>
    public double MinAbsoluteGrowth(string metric) => metric switch
    {
        Metrics.Goroutines => Goroutines,
        Metrics.Fds or Metrics.Threads => 10,
        _ when Metrics.IsBytes(metric) => Bytes,
        _ => 1,
    };

    public double Goroutines { get; init; } = 20;
    public double Bytes { get; init; } = 8 << 20;
}

/// <summary>A climb found in one metric's window.</summary>
public sealed record Trend(string Metric, double From, double To, double SlopePerSecond, TimeSpan Over, int Samples);

/// <summary>
/// Finds a sustained climb in a series while ignoring what is not one. Two tests must both pass:
/// the Theil–Sen slope (the median of all pairwise slopes, so a few spikes cannot move it) projected over
/// the window must reach the growth thresholds, and the troughs must rise: the lowest value of the window's
/// second half must stand above the lowest of its first half by a third of that growth (a steady climb lifts
/// it by half). A GC sawtooth climbs between collections but its troughs stay put; a leak under a sawtooth
/// lifts them. A tooth longer than half the window cannot be told from a climb: the window must be longer.
/// </summary>
public sealed class TrendDetector(TrendOptions options)
{
    private readonly List<(double Seconds, double Value)> _points = [];

    public TrendOptions Options => options;
    public int Count => _points.Count;

    /// <summary>Forgets the series: the process restarted, so its earlier values say nothing about this life.</summary>
    public void Reset() => _points.Clear();

    /// <summary>Adds a sample recorded earlier (a resumed watch) without judging: it was judged when it was taken.</summary>
    public void Seed(DateTimeOffset at, double value)
    {
        _points.Add((at.ToUnixTimeMilliseconds() / 1000.0, value));
        if (_points.Count > options.Window) _points.RemoveAt(0);
    }

    /// <summary>Adds a sample and says whether the window now shows a climb (then starts a new window, so one climb alerts once per window).</summary>
    public Trend? Add(string metric, DateTimeOffset at, double value)
    {
        _points.Add((at.ToUnixTimeMilliseconds() / 1000.0, value));
        if (_points.Count > options.Window) _points.RemoveAt(0);
        var trend = Evaluate(metric, _points, options);
        if (trend != null) _points.Clear();
        return trend;
    }

    public static Trend? Evaluate(string metric, IReadOnlyList<(double Seconds, double Value)> points, TrendOptions options)
    {
        var n = points.Count;
        if (n < Math.Max(4, options.MinSamples)) return null;
        var span = points[n - 1].Seconds - points[0].Seconds;
        if (span <= 0) return null;
        var slope = TheilSenSlope(points);
        var growth = slope * span;
        var quarter = Math.Max(1, n / 4);
        var startLevel = Median(points.Take(quarter).Select(p => p.Value));
        var needed = Math.Max(options.MinAbsoluteGrowth(metric), options.MinRelativeGrowth * Math.Abs(startLevel));
        if (growth < needed) return null;
        var firstTrough = points.Take(n / 2).Min(p => p.Value);
        var lastTrough = points.Skip(n / 2).Min(p => p.Value);
        if (lastTrough - firstTrough < needed / 3) return null;
        return new Trend(metric, startLevel, startLevel + growth, slope, TimeSpan.FromSeconds(span), n);
    }

    /// <summary>The median of the slopes between every pair of points (pairs at one instant are skipped).</summary>
    public static double TheilSenSlope(IReadOnlyList<(double Seconds, double Value)> points)
    {
        var slopes = new List<double>(points.Count * (points.Count - 1) / 2);
        for (var i = 0; i < points.Count; i++)
            for (var j = i + 1; j < points.Count; j++)
            {
                var dt = points[j].Seconds - points[i].Seconds;
                if (dt > 0) slopes.Add((points[j].Value - points[i].Value) / dt);
            }
        return slopes.Count == 0 ? 0 : Median(slopes);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
