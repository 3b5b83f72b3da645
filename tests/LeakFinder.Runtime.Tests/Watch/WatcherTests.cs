using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Watch;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Watch;

/// <summary>The watcher in-process against a fake Go service on loopback: real dumps, real profiles, real HTTP.</summary>
public sealed class WatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-watcher-").FullName;
    private string Db => Path.Combine(_dir, "watch.db");

    private static readonly WatchOptions Fast = new()
    {
        Interval = TimeSpan.FromMilliseconds(200),
        Limits = new PollLimits(TimeSpan.FromSeconds(2), 16 << 20),
        MaxBackoff = TimeSpan.FromMilliseconds(800),
    };

    private (IReadOnlyList<Alert> Alerts, string Log) Watch(TimeSpan duration, WatchOptions options, params string[] targets)
    {
        using var store = WatchStore.Open(Db);
        var log = new StringWriter();
        using var stop = new CancellationTokenSource(duration);
        var alerts = new Watcher(targets.Select(WatchTarget.Parse).ToList(), options, store, TextWriter.Synchronized(log)).Run(stop.Token);
        Assert.Equal("ok", store.IntegrityCheck());
        return (alerts, log.ToString());
    }

    [Fact]
    public void Climbing_goroutines_alert_names_the_growing_stack()
    {
        using var service = new FakeGoService(leakPerSecond: 60);
        var (alerts, log) = Watch(TimeSpan.FromSeconds(4), Fast, service.PprofUrl);
        // One alert per window while the climb goes on; heap and memstats are flat.
        Assert.All(alerts, a => Assert.Equal(Metrics.Goroutines, a.Trend.Metric));
        var alert = alerts[0];
        Assert.Contains(alert.Growing, g => g.Contains("main.leakySend", StringComparison.Ordinal) && g.Contains("main.go:40", StringComparison.Ordinal));
        Assert.Contains("ALERT " + service.PprofUrl + ": goroutines climbing", log);
        using var store = WatchStore.Open(Db);
        var id = store.TargetId(service.PprofUrl);
        Assert.Equal(["goroutine-baseline", "heap-baseline", "goroutine-trip", "heap-trip"], store.EvidenceKinds(id).Take(4));
        Assert.Contains(store.Events(id), e => e.Kind == "alert" && e.Metric == Metrics.Goroutines);
    }

    [Fact]
    public void Flat_service_raises_no_alert()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        // A roomy poll deadline: on a loaded machine (CI runs the test assemblies side by side) a poll of the fake can
        // take longer than Fast's 2 s, and this test is about the answers, not the deadline. For the same reason the
        // watch runs 5 s: a CI run under load fitted only 7 polls in 3 s. At least 8 samples (enough to judge a
        // trend), and at most one per 200 ms interval and one more.
        var (alerts, log) = Watch(TimeSpan.FromSeconds(5), Fast with { Limits = new PollLimits(TimeSpan.FromSeconds(20), 16 << 20) }, service.PprofUrl, service.VarsUrl);
        Assert.Empty(alerts);
        Assert.DoesNotContain("cannot poll", log);
        using var store = WatchStore.Open(Db);
        Assert.InRange(store.SampleCount(store.TargetId(service.PprofUrl), Metrics.Goroutines), 8, 26);
        Assert.InRange(store.SampleCount(store.TargetId(service.VarsUrl), Metrics.GcCount), 8, 26);
    }

    [Fact]
    public void A_target_that_goes_down_is_retried_and_the_others_go_on()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var stop = new CancellationTokenSource();
        var log = new StringWriter();
        var synced = TextWriter.Synchronized(log);
        using var store = WatchStore.Open(Db);
        var watcher = new Watcher([WatchTarget.Parse(service.PprofUrl), WatchTarget.Parse($"pid:{Environment.ProcessId}")], Fast, store, synced);
        var run = new Thread(() => watcher.Run(stop.Token));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        run.Start();
        Thread.Sleep(800);
        // Waits on what the watcher says rather than fixed sleeps: on a loaded machine a poll can take a second.
        service.GoDown();
        var downAt = clock.Elapsed;
        WaitUntil(() => log.ToString().Contains("cannot poll"), TimeSpan.FromSeconds(20));
        Thread.Sleep(600);
        var downFor = clock.Elapsed - downAt;
        service.ComeBack();
        WaitUntil(() => log.ToString().Contains("answering again"), TimeSpan.FromSeconds(20));
        stop.Cancel();
        run.Join();
        var text = log.ToString();
        Assert.Contains("cannot poll", text);
        Assert.Contains("answering again", text);
        var pid = store.TargetId($"pid:{Environment.ProcessId}");
        // Never paused while the other was down: the pid target kept its pace through the outage.
        var expected = (int)(downFor.TotalMilliseconds / Fast.Interval.TotalMilliseconds);
        Assert.True(store.SampleCount(pid, Metrics.RssBytes) >= expected / 2, $"{store.SampleCount(pid, Metrics.RssBytes)} pid samples, {downFor} down");
        var pprof = store.TargetId(service.PprofUrl);
        Assert.Equal(["down", "up"], store.Events(pprof).Select(e => e.Kind));
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(50);
    }

    [Fact]
    public void Restarted_service_is_marked_and_raises_no_alert()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var store = WatchStore.Open(Db);
        var watcher = new Watcher([WatchTarget.Parse(service.VarsUrl)], Fast, store, TextWriter.Null);
        var run = new Thread(() => watcher.Run(stop.Token));
        run.Start();
        Thread.Sleep(1500);
        service.Restart();
        run.Join();
        var id = store.TargetId(service.VarsUrl);
        Assert.Equal(["restart"], store.Events(id).Select(e => e.Kind));
        Assert.Equal(1, store.LastObservation(id).Epoch);
        Assert.Empty(watcher.Alerts);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6060/debug/pprof", TargetKind.Pprof, "http://127.0.0.1:6060/debug/pprof")]
    [InlineData("http://127.0.0.1:6060/debug/pprof/", TargetKind.Pprof, "http://127.0.0.1:6060/debug/pprof")]
    [InlineData("http://127.0.0.1:6060", TargetKind.Pprof, "http://127.0.0.1:6060/debug/pprof")]
    [InlineData("http://127.0.0.1:6060/debug/vars", TargetKind.Expvar, "http://127.0.0.1:6060/debug/vars")]
    public void Targets_are_read_by_their_url(string text, TargetKind kind, string baseUrl)
    {
        var target = WatchTarget.Parse(text);
        Assert.Equal(kind, target.Kind);
        Assert.Equal(baseUrl, target.BaseUrl);
    }

    [Theory]
    [InlineData("pid:0")]
    [InlineData("pid:x")]
    [InlineData("localhost:6060")]
    [InlineData("/tmp/dump.txt")]
    public void Bad_targets_are_refused_with_what_is_accepted(string text)
    {
        var e = Assert.Throws<InputException>(() => WatchTarget.Parse(text));
        Assert.Contains(text, e.Message);
    }

    [Theory]
    [InlineData("200ms", 200)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("7d", 604_800_000)]
    public void Durations_parse(string text, double ms)
    {
        Assert.True(WatchDuration.TryParse(text, out var t));
        Assert.Equal(ms, t.TotalMilliseconds);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("10 parsecs")]
    public void Bad_durations_are_refused(string text) => Assert.False(WatchDuration.TryParse(text, out _));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

public class PrometheusExpositionTests
{
    [Fact]
    public void Writes_gauges_counters_and_alerts_per_target_in_the_text_format()
    {
        var at = DateTimeOffset.UnixEpoch;
        var text = PrometheusExposition.Write(
        [
            new TargetStatus("http://a:6060/debug/pprof", new Observation(at, [new MetricValue(Metrics.Goroutines, "", 55), new MetricValue(Metrics.GoroutineGroup, "main.leak (x.go:1)", 40), new MetricValue(Metrics.HeapInuseBytes, "", 1048576)]),
                true, 0, new Dictionary<string, long> { [Metrics.Goroutines] = 2 }),
            new TargetStatus("pid:\"7\"\n", null, false, 3, new Dictionary<string, long>()),
        ]);
        Assert.Contains("# TYPE leakfinder_goroutines gauge\nleakfinder_goroutines{target=\"http://a:6060/debug/pprof\"} 55\n", text);
        Assert.Contains("leakfinder_heap_inuse_bytes{target=\"http://a:6060/debug/pprof\"} 1048576\n", text);
        Assert.Contains("leakfinder_target_up{target=\"pid:\\\"7\\\"\\n\"} 0\n", text);
        Assert.Contains("leakfinder_failed_polls_total{target=\"pid:\\\"7\\\"\\n\"} 3\n", text);
        Assert.Contains("leakfinder_alerts_total{target=\"http://a:6060/debug/pprof\",metric=\"goroutines\"} 2\n", text);
        Assert.DoesNotContain("main.leak", text); // stack groups are no label: unbounded cardinality
        Assert.DoesNotContain("leakfinder_threads", text); // no target has it: no empty family
    }
}

public sealed class WatcherResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-watcher-resume-").FullName;

    private IReadOnlyList<Alert> Run(FakeGoService service, TimeSpan duration)
    {
        using var store = WatchStore.Open(Path.Combine(_dir, "watch.db"));
        using var stop = new CancellationTokenSource(duration);
        var options = new WatchOptions { Interval = TimeSpan.FromMilliseconds(200), Limits = new PollLimits(TimeSpan.FromSeconds(2), 16 << 20) };
        return new Watcher([WatchTarget.Parse(service.PprofUrl)], options, store, TextWriter.Null).Run(stop.Token);
    }

    [Fact]
    public void Resumed_watch_continues_the_window_from_the_database()
    {
        // A previous run recorded six climbing polls, 30 to 55 goroutines: fewer than the 8 a verdict needs,
        // and lower than anything the service now serves (55 and up). A trend whose window starts below 55
        // can only come from the resumed samples.
        using var service = new FakeGoService(leakPerSecond: 60);
        var now = DateTimeOffset.UtcNow;
        using (var store = WatchStore.Open(Path.Combine(_dir, "watch.db")))
        {
            var id = store.TargetId(service.PprofUrl);
            for (var i = 0; i < 6; i++)
                store.AddSamples(id, 0, new Observation(now.AddMilliseconds(200 * (i - 6)), [new MetricValue(Metrics.Goroutines, "", 30 + 5 * i)]));
        }
        var alerts = Run(service, TimeSpan.FromSeconds(3));
        var first = alerts.First(a => a.Trend.Metric == Metrics.Goroutines);
        Assert.True(first.Trend.From < 55, $"{first.Trend}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

public class MemStatsReadingTests
{
    [Fact]
    public void Expvar_memstats_become_heap_gc_and_pause_samples()
    {
        var json = File.ReadAllBytes(RepoPaths.Combine("testdata", "watch", "go1.19-debug-vars.json"));
        var values = TargetReader.FromMemStats(json, "vars");
        Assert.Equal(516096, values.Single(v => v.Metric == Metrics.HeapInuseBytes).Value);
        Assert.Equal(110256, values.Single(v => v.Metric == Metrics.HeapAllocBytes).Value);
        Assert.Equal(1, values.Single(v => v.Metric == Metrics.GcCount).Value);
        Assert.Equal(16701e-9, values.Single(v => v.Metric == Metrics.GcPauseTotalSeconds).Value, 15);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"memstats":{"HeapInuse":"lots","HeapAlloc":1,"NumGC":1,"PauseTotalNs":1}}""")]
    [InlineData("""{"memstats":{"HeapAlloc":1,"NumGC":1,"PauseTotalNs":1}}""")]
    [InlineData("""{"memstats":{"HeapI\ud800nuse":1,"HeapAlloc":1,"NumGC":1,"PauseTotalNs":1}}""")] // fuzz: a name that cannot be decoded
    public void Bad_memstats_are_an_input_error_naming_the_source(string text)
    {
        var e = Assert.Throws<LeakFinder.Runtime.Input.InputException>(() => TargetReader.FromMemStats(System.Text.Encoding.UTF8.GetBytes(text), "http://svc/debug/vars"));
        Assert.StartsWith("http://svc/debug/vars: ", e.Message);
    }
}
