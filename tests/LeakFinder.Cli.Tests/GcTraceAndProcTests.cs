using System.Text.Json;
using System.Text.RegularExpressions;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder gctrace` on testdata/gctrace logs, whose names say the verdict they must give.</summary>
public class GcTraceTests
{
    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepoPaths.Combine("testdata", "gctrace"), "*.log").Order(StringComparer.Ordinal))
            if (Path.GetFileName(path) is var name && (name.Contains("-growing") || name.Contains("-stable")))
                data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void VerdictIsTheOneInTheFileName(string log)
    {
        var expected = log.Contains("-growing", StringComparison.Ordinal) ? "growing" : "stable";
        var path = $"testdata/gctrace/{log}";
        var gcLines = File.ReadLines(RepoPaths.Combine(path.Split('/'))).Count(l => Regex.IsMatch(l, @"gc \d+ @[\d.]+s "));

        var json = LeakFinderExe.Run("gctrace", "--format", "json", path);
        Assert.True(json.ExitCode == (expected == "growing" ? 1 : 0), json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(expected, root.GetProperty("verdict").GetString());
        Assert.Equal(gcLines, root.GetProperty("cycles").GetInt32());
        if (expected == "growing")
        {
            Assert.True(root.GetProperty("slopeMBPerMinute").GetDouble() > 10, root.GetProperty("explanation").GetString());
            Assert.Equal("heap-growth", root.GetProperty("suspects")[0].GetProperty("kind").GetString());
        }
        else
        {
            Assert.Equal(0, root.GetProperty("suspects").GetArrayLength());
        }

        var text = LeakFinderExe.Run("gctrace", path);
        Assert.Equal(json.ExitCode, text.ExitCode);
        Assert.StartsWith($"Verdict: {expected} (", text.Stdout);
    }

    [Fact]
    public void MalformedLogGivesWarningsAndNoVerdict()
    {
        var run = LeakFinderExe.Run("gctrace", "--format", "json", "testdata/gctrace/malformed.log");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("unknown", doc.RootElement.GetProperty("verdict").GetString());
        Assert.NotEqual(0, doc.RootElement.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void DashReadsStandardInputAndNoGcLineIsBadInput()
    {
        var log = File.ReadAllText(RepoPaths.Combine("testdata", "gctrace", "go1.19-growing.log"));
        var run = LeakFinderExe.Run(["gctrace", "-"], workDir: null, stdin: log);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("Verdict: growing (", run.Stdout);

        var none = LeakFinderExe.Run(["gctrace", "-"], workDir: null, stdin: "hello\nno gc lines here\n");
        Assert.True(none.ExitCode == 2, none.ToString());

        var missing = LeakFinderExe.Run("gctrace", "testdata/gctrace/no-such.log");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Equal("leakfinder gctrace: testdata/gctrace/no-such.log: no such file", missing.Stderr.TrimEnd());
    }
}

/// <summary>`leakfinder proc` on directories captured like /proc/PID (testdata/proc).</summary>
public class ProcTests
{
    [Fact]
    public void CapturedResourceLeakShowsCloseWaitInotifyAndMmapSuspects()
    {
        const string dir = "testdata/proc/resourceleak-after";
        var fds = Directory.GetFileSystemEntries(RepoPaths.Combine(dir.Split('/')) + "/fd").Length;

        var text = LeakFinderExe.Run("proc", dir);
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.StartsWith("Process: ", text.Stdout);
        Assert.Contains($"\nFile descriptors: {fds} (", text.Stdout);
        Assert.Matches(@"\n  CLOSE_WAIT to 127\.0\.0\.1:\d+: 23\n", text.Stdout);

        var json = LeakFinderExe.Run("proc", "--format", "json", dir);
        Assert.True(json.ExitCode == 1, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(fds, root.GetProperty("fds").GetInt32());
        Assert.Equal(fds, root.GetProperty("fdsByKind").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(23, root.GetProperty("tcpByState").GetProperty("CLOSE_WAIT").GetInt32());
        var kinds = root.GetProperty("suspects").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["close-wait", "inotify-leak", "mmap-leak"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BeforeAndAfterReportsWhatGrew()
    {
        var run = LeakFinderExe.Run("proc", "testdata/proc/resourceleak-after", "--before", "testdata/proc/resourceleak-before", "--format", "json");
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var suspects = doc.RootElement.GetProperty("suspects").EnumerateArray().ToList();
        Assert.Contains(suspects, s => s.GetProperty("kind").GetString() == "socket-leak");
        // Round 2 leaked 20 more of each (README): every growth names +20.
        Assert.All(suspects, s => Assert.Contains("(+20)", s.GetProperty("reason").GetString()));
    }

    [Fact]
    public void CgroupV2NearItsLimit()
    {
        var run = LeakFinderExe.Run("proc", "--format", "json", "testdata/proc/cgroup-v2-near-limit");
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var cgroup = doc.RootElement.GetProperty("cgroup");
        Assert.Equal(2, cgroup.GetProperty("version").GetInt32());
        Assert.Equal(496L << 20, cgroup.GetProperty("usageBytes").GetInt64());
        Assert.Equal("testdata/proc/cgroup-v2-near-limit", doc.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task MemstatsAndHeapMayBeUrlsOfALiveEndpoint()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var ct = TestContext.Current.CancellationToken;
        const string vars = """{"cmdline":["api"],"memstats":{"Sys":73400320,"HeapReleased":10485760,"HeapInuse":41943040}}""";
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                if (context.Request.Url!.AbsolutePath == "/debug/vars") await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(vars), ct);
                else await using (var body = File.OpenRead(RepoPaths.Combine("testdata", "profiles", "heap2.pb.gz"))) await body.CopyToAsync(context.Response.OutputStream, ct);
                context.Response.Close();
            }
        }, ct);
        const string dir = "testdata/proc/cgroup-v2-near-limit";
        var memstats = await Task.Run(() => LeakFinderExe.Run("proc", "--format", "json", "--memstats", $"http://127.0.0.1:{port}/debug/vars", dir), ct);
        var heap = await Task.Run(() => LeakFinderExe.Run("proc", "--format", "json", "--heap", $"http://127.0.0.1:{port}/debug/pprof/heap", dir), ct);
        await serve.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(memstats.ExitCode == 1, memstats.ToString()); // 440 MiB anonymous against Go's 60 MiB
        using (var doc = JsonDocument.Parse(memstats.Stdout))
        {
            var go = doc.RootElement.GetProperty("go");
            Assert.Equal($"memstats http://127.0.0.1:{port}/debug/vars", go.GetProperty("source").GetString());
            Assert.Equal(62914560, go.GetProperty("expectedResidentBytes").GetInt64());
        }
        var fromFile = LeakFinderExe.Run("proc", "--format", "json", "--heap", "testdata/profiles/heap2.pb.gz", dir);
        using (var fromUrl = JsonDocument.Parse(heap.Stdout))
        using (var local = JsonDocument.Parse(fromFile.Stdout))
            Assert.Equal(local.RootElement.GetProperty("go").GetProperty("heapInUseBytes").GetInt64(), fromUrl.RootElement.GetProperty("go").GetProperty("heapInUseBytes").GetInt64());

        var refused = LeakFinderExe.Run("proc", "--timeout", "1", "--memstats", $"http://127.0.0.1:{port}/debug/vars", dir);
        Assert.True(refused.ExitCode == 2, refused.ToString()); // the server is gone
        Assert.StartsWith($"leakfinder proc: http://127.0.0.1:{port}/debug/vars: cannot fetch", refused.Stderr);
    }

    [Fact]
    public void BeforeWithoutDescriptorsWarnsAndReportsNoDescriptorGrowth()
    {
        var before = Directory.CreateTempSubdirectory("lf-proc-before-").FullName;
        try
        {
            foreach (var file in new[] { "status", "maps", "smaps_rollup" })
                File.Copy(RepoPaths.Combine("testdata", "proc", "resourceleak-before", file), Path.Combine(before, file));
            var run = LeakFinderExe.Run("proc", "testdata/proc/resourceleak-after", "--before", before);
            Assert.True(run.ExitCode == 1, run.ToString()); // the later capture's own suspects stay
            Assert.Contains($"warning: file descriptors not compared: no fd/ in {before}\n", run.Stdout);
            Assert.Contains($"warning: TCP connections not compared: no net/tcp in {before}\n", run.Stdout);
            Assert.DoesNotContain("file descriptors grew", run.Stdout);
        }
        finally
        {
            Directory.Delete(before, recursive: true);
        }
    }

    [Fact]
    public void MissingDirectoryIsBadInput()
    {
        var run = LeakFinderExe.Run("proc", "testdata/proc/no-such-capture");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("leakfinder proc: ", run.Stderr);
    }
}
