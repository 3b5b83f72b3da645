using System.Net.Http;
using System.Text.Json;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `watch --listen`'s dashboard in headless Chromium: the executable watches a leaking fake Go service and this
/// test process, and the page, loaded over the DevTools protocol, must draw every chart from those samples,
/// list the alert with the growing site, link evidence whose diff names it, and log no error.
/// </summary>
public class WatchDashboardTests
{
    // Per chart: its target and metric, the polls charted, the values drawn, and how many pixels of the plot
    // area carry the series colour (a chart that got data but drew nothing has none).
    private const string ChartsScript = """
        (() => [...window.leakfinderDashboard.charts.values()].map(c => {
          const u = c.plot, values = u.data[1].filter(v => v != null);
          const rgb = [1, 3, 5].map(i => parseInt(c.color.slice(i, i + 2), 16));
          const pixels = u.ctx.getImageData(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height).data;
          let inked = 0;
          for (let i = 0; i < pixels.length; i += 4)
            if (pixels[i + 3] > 200 && Math.abs(pixels[i] - rgb[0]) + Math.abs(pixels[i + 1] - rgb[1]) + Math.abs(pixels[i + 2] - rgb[2]) < 60) inked++;
          return { target: c.target, metric: c.metric, series: u.series.length - 1, points: u.data[0].length, first: values[0], last: values[values.length - 1], inked };
        }))()
        """;

    [Fact]
    public async Task Dashboard_draws_every_chart_from_live_samples_lists_the_trip_and_logs_no_error()
    {
        HeadlessChromium.Require();
        var cancel = TestContext.Current.CancellationToken;
        using var service = new FakeGoService(leakPerSecond: 60);
        using var dir = new TempDir();
        var port = FreePort();
        var self = $"pid:{Environment.ProcessId}";
        using var watch = LeakFinderExe.Start(["watch", service.PprofUrl, self, "--interval", "200ms", "--for", "60s", "--db", dir.Combine("w.db"), "--listen", $"127.0.0.1:{port}"]); // --for: gone by itself if the test fails
        var log = watch.StandardError.ReadToEndAsync(cancel);
        var site = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Load the page once the watch has tripped, so one load shows samples, the alert and its evidence.
        await WaitFor(async () => (await Get(http, site + "metrics", cancel))?.Contains("leakfinder_alerts_total{", StringComparison.Ordinal) == true, watch, cancel);

        await using var browser = await HeadlessChromium.LaunchAsync(1280, 1400, cancel);
        await browser.NavigateAsync(site, cancel);
        JsonElement charts = default;
        await WaitFor(async () =>
        {
            charts = await browser.EvaluateAsync(ChartsScript, cancel);
            return charts.GetArrayLength() == 4;
        }, watch, cancel);

        var drawn = charts.EnumerateArray().ToDictionary(c => (c.GetProperty("target").GetString(), c.GetProperty("metric").GetString()));
        (string?, string?)[] expected = [(service.PprofUrl, "goroutines"), (service.PprofUrl, "heap_inuse_bytes"), (self, "rss_bytes"), (self, "fds")];
        Assert.True(drawn.Keys.ToHashSet().SetEquals(expected), string.Join(", ", drawn.Keys));
        foreach (var (key, chart) in drawn)
        {
            Assert.Equal(1, chart.GetProperty("series").GetInt32());
            Assert.True(chart.GetProperty("points").GetInt32() >= 8, $"{key}: {chart}");
            Assert.True(chart.GetProperty("inked").GetInt32() > 100, $"{key} drew no line: {chart}");
        }
        // The fake service's goroutines climbed from its 55 while the page was filled from the database.
        var goroutines = drawn[(service.PprofUrl, "goroutines")];
        Assert.True(goroutines.GetProperty("first").GetDouble() >= 55 && goroutines.GetProperty("last").GetDouble() > goroutines.GetProperty("first").GetDouble(), goroutines.ToString());

        var alerts = await browser.EvaluateAsync("document.querySelector('#alerts tbody').innerText", cancel);
        Assert.Contains("goroutines climbing", alerts.GetString());
        Assert.Contains("main.leakySend", alerts.GetString());
        var diffLink = await browser.EvaluateAsync("[...document.querySelectorAll('#evidence tbody tr')].filter(r => r.cells[2].innerText.startsWith('goroutine-trip')).map(r => r.querySelector('a[href$=\"/diff\"]').href)[0]", cancel);
        var diff = await Get(http, diffLink.GetString()!, cancel);
        Assert.NotNull(diff);
        Assert.Contains("Buckets that grew:", diff); // `dump --diff` of the baseline and the trip
        Assert.Contains("main.leakySend", diff);

        var png = await browser.ScreenshotAsync(cancel);
        var shot = Path.Combine(AppContext.BaseDirectory, "watch-dashboard.png");
        await File.WriteAllBytesAsync(shot, png, cancel);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.Empty(browser.Errors);

        // SIGTERM ends the watch cleanly, and it tripped: exit 1.
        Assert.Equal(0, Kill(watch.Id, 15));
        await watch.WaitForExitAsync(cancel);
        Assert.True(watch.ExitCode == 1, $"exit {watch.ExitCode}: {await log}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<string?> Get(HttpClient http, string url, CancellationToken cancel)
    {
        try { return await http.GetStringAsync(url, cancel); }
        catch (HttpRequestException) { return null; } // not listening yet
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested) { return null; } // busy machine: the next try
    }

    /// <summary>Polls <paramref name="done"/> until true; fails if the watch ended first or 20 s pass (a machine busy with other builds is slow).</summary>
    private static async Task WaitFor(Func<Task<bool>> done, System.Diagnostics.Process watch, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            if (watch.HasExited) Assert.Fail($"the watch exited ({watch.ExitCode}) first");
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for the dashboard");
            await Task.Delay(200, cancel);
        }
    }
}
