using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LeakFinder.Runtime.Watch;

namespace LeakFinder.Runtime.Tests.Watch;

public class WebhookTests
{
    private static readonly Alert Sample = new("http://svc:6060/debug/pprof", DateTimeOffset.UnixEpoch,
        new Trend(Metrics.Goroutines, 55, 300, 49, TimeSpan.FromSeconds(5), 25), ["goroutines at main.leak (main.go:9) grew by 245, from 40 to 285"]);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public void Failed_post_is_retried_and_the_json_names_the_growth()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<string>();
        var server = new Thread(() =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = listener.GetContext();
                using (var reader = new StreamReader(context.Request.InputStream)) bodies.Add(reader.ReadToEnd());
                context.Response.StatusCode = i == 0 ? 503 : 204; // the first try fails
                context.Response.Close();
            }
        });
        server.Start();
        using var hook = new Webhook($"http://127.0.0.1:{port}/hook", TimeSpan.FromSeconds(2));
        Assert.Null(hook.Send(Sample, TestContext.Current.CancellationToken));
        server.Join();
        Assert.Equal(2, bodies.Count);
        using var json = JsonDocument.Parse(bodies[1]);
        Assert.Equal("goroutines", json.RootElement.GetProperty("metric").GetString());
        Assert.Equal(300, json.RootElement.GetProperty("to").GetDouble());
        Assert.Contains("main.leak (main.go:9)", json.RootElement.GetProperty("growing")[0].GetString());
    }

    [Fact]
    public void Dead_webhook_gives_up_after_bounded_tries()
    {
        using var hook = new Webhook($"http://127.0.0.1:{FreePort()}/hook", TimeSpan.FromSeconds(1));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = hook.Send(Sample, TestContext.Current.CancellationToken);
        Assert.NotNull(error);
        Assert.Contains("not delivered after 3 tries", error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"{watch.Elapsed}");
    }
}
