using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder profile` on the real pprof profiles of testdata/profiles (gzipped protobuf, parsed by the native binary).</summary>
public class ProfileTests
{
    private const string Dir = "testdata/profiles";

    [Theory]
    [InlineData("heap1.pb.gz", "heap", "inuse_space", "bytes")]
    [InlineData("heap2.pb.gz", "heap", "inuse_space", "bytes")]
    [InlineData("allocs.pb.gz", "heap", "alloc_space", "bytes")]
    [InlineData("goroutine.pb.gz", "goroutine", "goroutine", "count")]
    [InlineData("block.pb.gz", "contention", "delay", "nanoseconds")]
    [InlineData("mutex.pb.gz", "contention", "delay", "nanoseconds")]
    [InlineData("cpu.pb.gz", "cpu", "cpu", "nanoseconds")]
    public void EveryProfileParsesToJsonWithItsKind(string file, string kind, string sampleType, string unit)
    {
        var run = LeakFinderExe.Run("profile", "--format", "json", "--top", "0", $"{Dir}/{file}");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(kind, root.GetProperty("kind").GetString());
        Assert.Equal(sampleType, root.GetProperty("sampleType").GetString());
        Assert.Equal(unit, root.GetProperty("unit").GetString());
        Assert.False(root.GetProperty("diff").GetBoolean());
        var top = root.GetProperty("top").EnumerateArray().ToList();
        Assert.NotEmpty(top);
        // --top 0 shows every node: the flat values add up to the total, as in pprof -top.
        Assert.Equal(root.GetProperty("nodeCount").GetInt32(), top.Count);
        Assert.Equal(root.GetProperty("total").GetInt64(), top.Sum(r => r.GetProperty("flat").GetInt64()));
    }

    [Fact]
    public void GoroutineProfileCountsTheParkedWorkers()
    {
        var run = LeakFinderExe.Run("profile", "--format", "json", $"{Dir}/goroutine.pb.gz");
        using var doc = JsonDocument.Parse(run.Stdout);
        var top = doc.RootElement.GetProperty("top").EnumerateArray().ToList();
        // README: 200 workers parked in main.startWorkers.func1.
        Assert.Contains(top, r => r.GetProperty("function").GetString() == "main.startWorkers.func1" && r.GetProperty("cum").GetInt64() == 200);
    }

    [Fact]
    public void TextTopOfTheHeapNamesTheLeak()
    {
        var run = LeakFinderExe.Run("profile", $"{Dir}/heap2.pb.gz");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Equal("Type: inuse_space", lines[0]);
        Assert.Matches(@"^Showing nodes accounting for [\d.]+[kMG]?B, [\d.]+% of [\d.]+[kMG]?B total$", lines[1]);
        Assert.Matches(@"^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$", lines[3]);
        Assert.EndsWith("main.cacheResponse (inline)", lines[4]);
    }

    [Fact]
    public void BaseDiffFindsTheCacheGrowthAndExitsOne()
    {
        var text = LeakFinderExe.Run("profile", "--base", $"{Dir}/heap1.pb.gz", $"{Dir}/heap2.pb.gz");
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.StartsWith($"Growth from {Dir}/heap1.pb.gz\nType: inuse_space\n", text.Stdout);
        Assert.Matches(@"\nLeak suspects:\n#1 [\d.]+ heap-growth \S+/leakyheap/main\.go:\d+ main\.cacheResponse\n", text.Stdout);

        var json = LeakFinderExe.Run("profile", "--base", $"{Dir}/heap1.pb.gz", $"{Dir}/heap2.pb.gz", "--format", "json");
        Assert.True(json.ExitCode == 1, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("diff").GetBoolean());
        Assert.Equal("main.cacheResponse", root.GetProperty("top")[0].GetProperty("function").GetString());
        var suspect = root.GetProperty("suspects")[0];
        Assert.Equal("heap-growth", suspect.GetProperty("kind").GetString());
        Assert.Equal("ProfileDiff", suspect.GetProperty("evidence").GetString());
        var site = suspect.GetProperty("site");
        Assert.Equal("main.cacheResponse", site.GetProperty("function").GetString());
        Assert.EndsWith("leakyheap/main.go", site.GetProperty("file").GetString());
        // The leak is main.go:27-28 (make and the map store).
        Assert.InRange(site.GetProperty("line").GetInt32(), 27, 28);
        Assert.InRange(suspect.GetProperty("score").GetDouble(), 0.5, 1.0);
        var growth = root.GetProperty("sites")[0];
        Assert.True(growth.GetProperty("growth").GetInt64() > 5_000_000, growth.ToString());
        Assert.True(growth.GetProperty("objectGrowth").GetInt64() > 1000, growth.ToString());
    }

    [Fact]
    public void ChurnIsNoSuspect()
    {
        var run = LeakFinderExe.Run("profile", "--base", $"{Dir}/churn-early.pb.gz", $"{Dir}/churn-late.pb.gz");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\nNo leak suspects.\n", run.Stdout);
    }

    [Fact]
    public void DashReadsTheProfileFromStandardInput()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Combine("testdata", "profiles", "heap2.pb.gz"));
        var fromStdin = LeakFinderExe.Run(["profile", "--format", "json", "-"], workDir: null, stdin: bytes);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        var fromFile = LeakFinderExe.Run("profile", "--format", "json", $"{Dir}/heap2.pb.gz");
        Assert.Equal(fromFile.Stdout, fromStdin.Stdout);
    }

    [Fact]
    public void SiteGranularityAndOtherSampleIndex()
    {
        var run = LeakFinderExe.Run("profile", "--by", "site", "--sample-index", "inuse_objects", "--format", "json", $"{Dir}/heap2.pb.gz");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("inuse_objects", doc.RootElement.GetProperty("sampleType").GetString());
        Assert.Equal("site", doc.RootElement.GetProperty("granularity").GetString());
        var first = doc.RootElement.GetProperty("top")[0];
        Assert.True(first.TryGetProperty("file", out _) && first.TryGetProperty("line", out _), first.ToString());
    }

    [Fact]
    public void NotAProfileIsBadInput()
    {
        var run = LeakFinderExe.Run("profile", "testdata/gctrace/go1.19-stable.log");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(new Regex(@"^leakfinder profile: testdata/gctrace/go1\.19-stable\.log: not a pprof profile"), run.Stderr);

        var missing = LeakFinderExe.Run("profile", $"{Dir}/no-such.pb.gz");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no such file", missing.Stderr);
    }

    [Fact]
    public async Task BaseAndNewMayBeUrlsOfALiveEndpoint()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        // /early serves heap1, /late heap2: the same pair BaseDiffFindsTheCacheGrowthAndExitsOne reads from files.
        var ct = TestContext.Current.CancellationToken;
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                var file = context.Request.Url!.AbsolutePath == "/early" ? "heap1.pb.gz" : "heap2.pb.gz";
                await using (var body = File.OpenRead(RepoPaths.Combine("testdata", "profiles", file))) await body.CopyToAsync(context.Response.OutputStream, ct);
                context.Response.Close();
            }
        }, ct);
        var run = await Task.Run(() => LeakFinderExe.Run("profile", "--format", "json", "--base", $"http://127.0.0.1:{port}/early", $"http://127.0.0.1:{port}/late"), ct);
        await serve.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var files = LeakFinderExe.Run("profile", "--format", "json", "--base", $"{Dir}/heap1.pb.gz", $"{Dir}/heap2.pb.gz");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(files.Stdout, run.Stdout);
    }

    [Fact]
    public void AnUnreachableUrlIsBadInputNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{FreePort()}/debug/pprof/heap";
        var run = LeakFinderExe.Run("profile", url);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"leakfinder profile: {url}: cannot fetch: ", run.Stderr);
    }

    /// <summary>A server that accepts the connection and never answers: --timeout bounds the wait.</summary>
    [Fact]
    public void TimeoutBoundsTheWaitForASilentServer()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // the kernel accepts the connection; nobody ever reads or answers it
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/debug/pprof/heap";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = LeakFinderExe.Run("profile", "--timeout", "1", url);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"leakfinder profile: {url}: cannot fetch: no response within 1 s", run.Stderr.Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}"); // not the 60 s default

        foreach (var bad in new[] { "0", "-3", "abc" })
        {
            var usage = LeakFinderExe.Run("dump", "--timeout", bad, "testdata/dumps/go1.19.8-debug2.txt");
            Assert.True(usage.ExitCode == 2, usage.ToString());
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
