using System.Diagnostics;
using LeakFinder.Runtime.Watch;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The watcher against real Go programs serving net/http/pprof: blocked-send piles up ~200 goroutines a
/// second at its LEAK line, which the alert must name; healthy does the same work without leaking (with a
/// GC every fraction of a second) and must raise nothing.
/// </summary>
public sealed class WatchLiveProgramTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-watch-live-").FullName;

    private async Task<(IReadOnlyList<Alert> Alerts, string Log)> WatchAsync(string name, TimeSpan duration)
    {
        var binary = await ProgramBuild.BinaryAsync(LeakProgram.Named(name));
        var psi = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var inherited in new[] { "GOGC", "GOMEMLIMIT", "GOMAXPROCS" }) psi.Environment.Remove(inherited);
        psi.Environment["LEAKFINDER_PPROF_ADDR"] = "127.0.0.1:0";
        psi.Environment["LEAKFINDER_EXIT_ON_STDIN_EOF"] = "1";
        psi.Environment["LEAKFINDER_MAX_SECONDS"] = "60";
        using var process = Process.Start(psi)!;
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? address = null;
            while (address == null && await process.StandardOutput.ReadLineAsync(ready.Token) is { } line)
                if (line.StartsWith("ready ", StringComparison.Ordinal)) address = line["ready ".Length..].Trim();
            Assert.NotNull(address);
            using var store = WatchStore.Open(Path.Combine(_dir, name + ".db"));
            var log = new StringWriter();
            var options = new WatchOptions { Interval = TimeSpan.FromMilliseconds(200), Limits = new PollLimits(TimeSpan.FromSeconds(5), 64 << 20) };
            using var stop = new CancellationTokenSource(duration);
            var watcher = new Watcher([WatchTarget.Parse($"http://{address}/debug/pprof"), WatchTarget.Parse($"pid:{process.Id}")], options, store, TextWriter.Synchronized(log));
            var alerts = await Task.Run(() => watcher.Run(stop.Token), TestContext.Current.CancellationToken);
            return (alerts, log.ToString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Leaking_program_alerts_on_goroutines_naming_the_leak_line()
    {
        var leak = LeakProgram.Named("blocked-send").LeakLine;
        var (alerts, log) = await WatchAsync("blocked-send", TimeSpan.FromSeconds(5));
        var goroutines = alerts.Where(a => a.Trend.Metric == Metrics.Goroutines).ToList();
        Assert.True(goroutines.Count > 0, log);
        Assert.Contains(goroutines[0].Growing, g => g.Contains($"main.go:{leak.Line})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthy_program_raises_no_alert()
    {
        var (alerts, log) = await WatchAsync("healthy", TimeSpan.FromSeconds(5));
        Assert.True(alerts.Count == 0, log);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
