using LeakFinder.Runtime.Watch;

namespace LeakFinder.Runtime.Tests.Watch;

/// <summary>The detector on synthetic series: what a leak looks like, and the shapes that must not trip it.</summary>
public class TrendDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TrendOptions Options = new() { Window = 30, MinSamples = 8 };

    // Feeds values one per second; returns the index of each sample that tripped.
    private static List<int> Trips(TrendDetector detector, string metric, IEnumerable<double> values, int offset = 0)
    {
        var trips = new List<int>();
        var i = 0;
        foreach (var v in values)
        {
            if (detector.Add(metric, T0.AddSeconds(offset + i), v) != null) trips.Add(i);
            i++;
        }
        return trips;
    }

    [Fact]
    public void Flat_series_with_one_spike_does_not_trip()
    {
        var values = Enumerable.Range(0, 60).Select(i => i == 30 ? 5000.0 : 100 + (i % 3));
        Assert.Empty(Trips(new TrendDetector(Options), Metrics.Goroutines, values));
    }

    [Fact]
    public void Flat_series_with_a_burst_of_spikes_does_not_trip()
    {
        var values = Enumerable.Range(0, 60).Select(i => i is >= 40 and < 44 ? 900.0 : 100);
        Assert.Empty(Trips(new TrendDetector(Options), Metrics.Goroutines, values));
    }

    [Fact]
    public void Gc_sawtooth_of_the_heap_does_not_trip()
    {
        // Heap climbs 10 MiB a second from 100 MiB, then a GC brings it back: a 7-second tooth, forever.
        const double mib = 1 << 20;
        var values = Enumerable.Range(0, 120).Select(i => (100 + 10 * (i % 7)) * mib);
        Assert.Empty(Trips(new TrendDetector(Options), Metrics.HeapInuseBytes, values));
    }

    [Fact]
    public void Leak_under_a_gc_sawtooth_trips()
    {
        const double mib = 1 << 20;
        var values = Enumerable.Range(0, 60).Select(i => (100 + 10 * (i % 7) + 2 * i) * mib);
        Assert.NotEmpty(Trips(new TrendDetector(Options), Metrics.HeapInuseBytes, values));
    }

    [Fact]
    public void Steady_climb_trips_and_reports_the_growth()
    {
        var detector = new TrendDetector(Options);
        Trend? trend = null;
        for (var i = 0; i < 30 && trend == null; i++) trend = detector.Add(Metrics.Goroutines, T0.AddSeconds(i), 50 + 5 * i + (i % 2));
        Assert.NotNull(trend);
        Assert.InRange(trend.SlopePerSecond, 4.5, 5.5);
        Assert.True(trend.To > trend.From + 20, $"{trend}");
        Assert.Equal(Options.MinSamples, trend.Samples);
    }

    [Fact]
    public void Small_absolute_growth_does_not_trip_even_when_relative_growth_is_large()
    {
        // 3 goroutines becoming 15 is +400% but fewer than 20 goroutines: a service warming up.
        var values = Enumerable.Range(0, 30).Select(i => 3.0 + i * 12.0 / 29);
        Assert.Empty(Trips(new TrendDetector(Options), Metrics.Goroutines, values));
    }

    [Fact]
    public void Restart_mid_climb_does_not_trip_at_the_reset()
    {
        // A climb that alone would not yet trip (6 samples), a restart, then a flat new life: the drop and the
        // jump across the restart must never be read as a trend, and the flat life never trips.
        var detector = new TrendDetector(Options);
        var before = Trips(detector, Metrics.Goroutines, Enumerable.Range(0, 6).Select(i => 100.0 + 40 * i));
        Assert.Empty(before);
        var restart = new Observation(T0.AddSeconds(6), [new(Metrics.GcCount, "", 3)]);
        var previous = new Observation(T0.AddSeconds(5), [new(Metrics.GcCount, "", 90)]);
        Assert.NotNull(Observation.RestartBetween(previous, restart));
        detector.Reset();
        Assert.Empty(Trips(detector, Metrics.Goroutines, Enumerable.Repeat(30.0, 40), offset: 6));
    }

    [Fact]
    public void Restart_resets_the_window_so_the_new_climb_is_judged_on_its_own()
    {
        var detector = new TrendDetector(Options);
        // High plateau, restart, then a climb from a low level: only the new life's samples are judged, and
        // the climb trips once it has MinSamples of its own.
        Trips(detector, Metrics.Goroutines, Enumerable.Repeat(500.0, 20));
        detector.Reset();
        var trips = Trips(detector, Metrics.Goroutines, Enumerable.Range(0, 20).Select(i => 20.0 + 10 * i), offset: 20);
        Assert.Equal(Options.MinSamples - 1, trips[0]);
    }

    [Fact]
    public void Restart_is_seen_when_a_counter_goes_down_or_the_process_start_changes()
    {
        Observation At(string metric, double value) => new(T0, [new MetricValue(metric, "", value)]);
        Assert.Null(Observation.RestartBetween(At(Metrics.GcCount, 5), At(Metrics.GcCount, 6)));
        Assert.Contains("gc_count", Observation.RestartBetween(At(Metrics.GcCount, 5), At(Metrics.GcCount, 1)));
        Assert.Contains("heap_allocated_total_bytes", Observation.RestartBetween(At(Metrics.HeapAllocatedTotalBytes, 5e9), At(Metrics.HeapAllocatedTotalBytes, 1e6)));
        Assert.NotNull(Observation.RestartBetween(At(Metrics.ProcessStart, 1000), At(Metrics.ProcessStart, 2000)));
        Assert.Null(Observation.RestartBetween(null, At(Metrics.GcCount, 1)));
    }

    [Fact]
    public void Theil_sen_slope_ignores_outliers()
    {
        var points = Enumerable.Range(0, 20).Select(i => ((double)i, 2.0 * i)).ToList();
        points[5] = (5, 1e6);
        points[12] = (12, -1e6);
        Assert.Equal(2.0, TrendDetector.TheilSenSlope(points), 6);
    }
}
