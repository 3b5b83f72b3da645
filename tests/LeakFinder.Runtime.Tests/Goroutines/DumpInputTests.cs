using System.Net;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Tests.Input;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Files, URLs of a live /debug/pprof/goroutine endpoint, and unreadable inputs.</summary>
public class DumpInputTests
{
    [Theory]
    [InlineData("http://127.0.0.1:6060/debug/pprof/goroutine", "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2")]
    [InlineData("http://h/debug/pprof/goroutine?seconds=5", "http://h/debug/pprof/goroutine?seconds=5&debug=2")]
    [InlineData("https://h/debug/pprof/goroutine?debug=1", "https://h/debug/pprof/goroutine?debug=1")]
    public void Urls_without_a_debug_level_ask_for_the_full_form(string url, string expected)
    {
        Assert.Equal(expected, DumpInput.WithDebugLevel(url));
    }

    [Fact]
    public async Task A_live_endpoint_is_fetched_with_debug_2_and_analysed()
    {
        var port = LocalHttpServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        string? query = null;
        var ct = TestContext.Current.CancellationToken;
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            query = context.Request.Url!.Query;
            await using (var body = File.OpenRead(DumpFixtures.Path("go1.19.8-debug2.txt"))) await body.CopyToAsync(context.Response.OutputStream, ct);
            context.Response.Close();
        }, ct);
        var analysis = await Task.Run(() => DumpAnalyzer.AnalyzeSource($"http://127.0.0.1:{port}/debug/pprof/goroutine"), ct);
        await serve.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal("?debug=2", query);
        Assert.Equal(55, analysis.TotalGoroutines);
        Assert.Equal("main.leakySend", analysis.Suspects[0].Suspect.Site!.Function);
    }

    [Fact]
    public async Task An_http_error_or_a_missing_file_is_an_input_error_with_the_source_named()
    {
        var port = LocalHttpServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var ct = TestContext.Current.CancellationToken;
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 404;
            context.Response.Close();
        }, ct);
        var url = $"http://127.0.0.1:{port}/debug/pprof/goroutine";
        var e = await Assert.ThrowsAsync<InputException>(() => Task.Run(() => DumpAnalyzer.AnalyzeSource(url), ct));
        Assert.StartsWith(url + "?debug=2: HTTP 404", e.Message);
        await serve.WaitAsync(TimeSpan.FromSeconds(10), ct);

        e = Assert.Throws<InputException>(() => DumpAnalyzer.AnalyzeSource("/nonexistent/dump.txt"));
        Assert.StartsWith("/nonexistent/dump.txt: cannot read", e.Message);
    }

    [Fact]
    public void A_live_endpoint_that_stalls_mid_dump_gives_a_truncated_dump_not_a_hang()
    {
        var release = new TaskCompletionSource();
        var text = File.ReadAllBytes(DumpFixtures.Path("go1.19.8-debug2.txt"));
        var firstHalf = text[..(text.Length / 2)];
        using var server = LocalHttpServer.StallingAfter(firstHalf, release.Task);
        DumpAnalysis analysis;
        // Long enough for the headers to arrive when CI runs every test project at once on two cores (0.3 s
        // was not); the stall after them is what times out.
        using (var body = DumpInput.Open(server.Url + "/debug/pprof/goroutine", TimeSpan.FromSeconds(3)))
            analysis = DumpAnalyzer.Analyze(body, "live");
        release.SetResult();
        Assert.True(analysis.Info.Truncated);
        Assert.InRange(analysis.TotalGoroutines, 1, 54);
        Assert.Contains(analysis.Warnings.Items, w => w.Message == "read failed, dump treated as truncated: no complete response within 3 s (--timeout raises the limit)");
    }
}
