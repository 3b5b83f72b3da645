using System.Net;
using System.Net.Sockets;
using LeakFinder.Runtime.Proc;
using LeakFinder.Runtime.Suspects;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Proc;

public class ProcSnapshotTests
{
    private static ProcSnapshot Fixture(string name) => ProcSnapshot.Load(RepoPaths.Combine("testdata", "proc", name));

    [Fact]
    public void RealCaptureOfALeakingGoProcess()
    {
        var s = Fixture("resourceleak-after");
        Assert.Equal("resourceleak", s.Name);
        Assert.Empty(s.Warnings);
        Assert.True(s.StatusKb("VmRSS") > 0);
        Assert.Equal(5, s.StatusKb("Threads"));
        Assert.True(s.SmapsRollup["Rss"] > 0);
        var report = ProcAnalysis.Summarize(s);
        Assert.Equal(23, report.FdsByKind["inotify"]);
        Assert.Equal(24, report.FdsByKind["socket"]);
        Assert.Equal(23, report.TcpByState["CLOSE_WAIT"]);
        Assert.Equal(1, report.TcpByState["LISTEN"]);
        Assert.Equal(23, Assert.Single(report.CloseWaitByRemote).Value);
        var repeated = report.RepeatedFiles[0];
        Assert.Equal("/tmp/resourceleak.dat", repeated.Path);
        Assert.Equal(23, repeated.Count);
        Assert.Contains(report.Mappings, g => g.Kind == "go-heap" && g.Count > 0);
        Assert.Equal(1, s.Cgroup!.Version);
        Assert.Null(s.Cgroup.Limit);
        Assert.Equal(["close-wait", "inotify-leak", "mmap-leak"], report.Suspects.Select(x => x.Kind).Order());
        Assert.All(report.Suspects, x => Assert.Equal(EvidenceKind.Proc, x.Evidence));
    }

    [Fact]
    public void CompareReportsWhatGrewOncePerSubject()
    {
        var suspects = ProcAnalysis.Compare(Fixture("resourceleak-before"), Fixture("resourceleak-after"));
        Assert.Contains(suspects, x => x.Kind == "socket-leak" && x.Reason.Contains("4 -> 24"));
        Assert.Contains(suspects, x => x.Kind == "inotify-leak" && x.Reason.Contains("3 -> 23"));
        Assert.Contains(suspects, x => x.Kind == "mmap-leak" && x.Reason.Contains("/tmp/resourceleak.dat mappings grew 3 -> 23"));
        Assert.Contains(suspects, x => x.Kind == "close-wait" && x.Reason.Contains("grew 3 -> 23"));
        Assert.Single(suspects, x => x.Kind == "mmap-leak");
        Assert.Single(suspects, x => x.Kind == "close-wait");
        Assert.Single(suspects, x => x.Kind == "inotify-leak");
        Assert.Equal(suspects.OrderByDescending(x => x.Score), suspects);
    }

    [Fact]
    public void BeforeAloneShowsFewerAndWeakerSignals()
    {
        var report = ProcAnalysis.Summarize(Fixture("resourceleak-before"));
        Assert.Equal(3, report.TcpByState["CLOSE_WAIT"]);
        Assert.DoesNotContain(report.Suspects, x => x.Kind is "inotify-leak" or "mmap-leak");
    }

    [Fact]
    public void CgroupV2NearItsLimit()
    {
        var c = Fixture("cgroup-v2-near-limit").Cgroup!;
        Assert.Equal(2, c.Version);
        Assert.Equal(512L << 20, c.Limit);
        Assert.Equal(520093696, c.Usage);
        Assert.Equal((512L << 20) - 520093696, c.DistanceToLimit);
        Assert.Equal(461373440, c.Anon);
        Assert.Equal(52428800, c.File);
        Assert.Equal(32L << 20, c.Shmem);
        Assert.Equal(2, c.OomKills);
    }

    [Fact]
    public void CgroupV1PrefersHierarchyTotals()
    {
        var c = Fixture("cgroup-v1-limited").Cgroup!;
        Assert.Equal(1, c.Version);
        Assert.Equal(1L << 30, c.Limit);
        Assert.Equal(209715200, c.Anon);
        Assert.Equal(734003200, c.File);
        Assert.Equal(10485760, c.Shmem);
        Assert.Equal((1L << 30) - 943718400, c.DistanceToLimit);
        Assert.Equal(0, c.OomKills);
    }

    [Fact]
    public void CgroupV1NoLimitValueMeansUnlimited()
    {
        var c = Fixture("cgroup-v1-unlimited").Cgroup!;
        Assert.Null(c.Limit);
        Assert.Null(c.DistanceToLimit);
        Assert.Equal(2000, c.Anon);
    }

    [Fact]
    public void MalformedFilesGiveWarningsWithLinesAndPartialResults()
    {
        var s = Fixture("malformed");
        Assert.Contains(s.Warnings, w => w.EndsWith("status:2: expected a number: VmRSS:\t lots kB"));
        Assert.Contains(s.Warnings, w => w.Contains("maps:2: not a maps line"));
        Assert.Contains(s.Warnings, w => w.Contains("maps:3: not a maps line"));
        Assert.Contains(s.Warnings, w => w.Contains("net/tcp:2: not a tcp table row"));
        Assert.Contains(s.Warnings, w => w.Contains("memory.current:1: expected a number"));
        Assert.Contains(s.Warnings, w => w.Contains("memory.stat:2:"));
        Assert.Single(s.Maps);
        Assert.Equal("CLOSE_WAIT", Assert.Single(s.Tcp).State);
        Assert.Equal(3, s.StatusKb("Threads"));
        Assert.Null(s.Cgroup!.Limit);
        Assert.Equal(["eventfd", "socket"], s.Fds.Select(f => f.Kind).Order());
    }

    [Fact]
    public void NotAProcDirectoryIsAnError()
    {
        var e = Assert.Throws<ProcFormatException>(() => ProcSnapshot.Load(RepoPaths.Combine("testdata", "gctrace")));
        Assert.Contains("not a copy of /proc/PID", e.Message);
        Assert.Throws<ProcFormatException>(() => ProcSnapshot.Load("/nonexistent/dir"));
    }

    [Fact]
    public void GoHeapGapFromMemstats()
    {
        var go = GoMemory.FromMemStatsJson("""{"cmdline":["x"],"memstats":{"Sys":73400320,"HeapReleased":10485760,"HeapInuse":41943040}}""", "vars.json");
        Assert.Equal(62914560, go.ExpectedResidentBytes);
        var report = ProcAnalysis.Summarize(Fixture("cgroup-v2-near-limit"), go);
        Assert.Equal(450560L * 1024 - 62914560, report.NonGoAnonBytes);
        Assert.Contains(report.Suspects, x => x.Kind == "non-go-memory");
        var bad = Assert.Throws<ProcFormatException>(() => GoMemory.FromMemStatsJson("{\"memstats\":{}}", "vars.json"));
        Assert.Contains("vars.json: memstats field Sys is missing", bad.Message);
        var text = Assert.Throws<ProcFormatException>(() => GoMemory.FromMemStatsJson("""{"memstats":{"Sys":"73400320","HeapReleased":0,"HeapInuse":1}}""", "vars.json"));
        Assert.Contains("memstats field Sys is missing or not a whole number", text.Message);
        Assert.Throws<ProcFormatException>(() => GoMemory.FromMemStatsJson("{\"memstats\":{\"\\ud800\":1,\"Sys\":1,\"HeapReleased\":0}}", "vars.json"));
        Assert.StartsWith("vars.json:1:", Assert.Throws<ProcFormatException>(() => GoMemory.FromMemStatsJson("{oops", "vars.json")).Message);
    }

    [Fact]
    public void GoHeapThatExplainsRssIsNoSuspect()
    {
        var go = GoMemory.FromMemStatsJson("""{"Sys":524288000,"HeapReleased":0,"HeapInuse":419430400}""", "m.json");
        var report = ProcAnalysis.Summarize(Fixture("cgroup-v2-near-limit"), go);
        Assert.DoesNotContain(report.Suspects, x => x.Kind == "non-go-memory");
    }

    [Fact]
    public void SmapsRssSeparatesGoArenasFromCMemoryWithoutGoStats()
    {
        var report = ProcAnalysis.Summarize(Fixture("cgo-heavy"));
        var byKind = report.Mappings.ToDictionary(g => g.Kind);
        Assert.Equal(20480L * 1024, byKind["go-heap"].RssBytes);
        Assert.Equal(157700L * 1024, byKind["c-heap"].RssBytes);
        Assert.Equal(118780L * 1024, byKind["anonymous"].RssBytes);
        var suspect = Assert.Single(report.Suspects);
        Assert.Equal("non-go-memory", suspect.Kind);
        Assert.Contains("outside Go's heap arenas", suspect.Reason);
    }

    [Fact]
    public void MapsWithoutSmapsHaveNoRss() =>
        Assert.All(ProcAnalysis.Summarize(Fixture("resourceleak-after")).Mappings, g => Assert.Null(g.RssBytes));

    [Fact]
    public void LiveSmapsRssAddsUpToTheRollup()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("/proc is Linux only");
        // A sleeping child: its memory stays still between the smaps and smaps_rollup reads, unlike this
        // test process, whose other tests allocate in parallel.
        using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60")
        {
            UseShellExecute = false,
        })!;
        try
        {
            ProcSnapshot snapshot;
            var waited = 0;
            do
            {
                Thread.Sleep(50);
                waited += 50;
                snapshot = ProcSnapshot.Capture(sleeper.Id);
            }
            while (!snapshot.Maps.Any(m => m.Path.EndsWith("/sleep", StringComparison.Ordinal)) && waited < 5000);
            var report = ProcAnalysis.Summarize(snapshot);
            Assert.All(report.Mappings, g => Assert.NotNull(g.RssBytes));
            var total = report.Mappings.Sum(g => g.RssBytes!.Value) / 1024.0;
            var rollup = snapshot.SmapsRollup["Rss"];
            Assert.InRange(total, rollup * 0.98, rollup * 1.02);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    /// <summary>The live test process: its own sockets, files and threads as /proc/self shows them.</summary>
    [Fact]
    public void LiveSelfSnapshotSeesOurOwnSocketsAndFiles()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("/proc is Linux only");
        var before = ProcSnapshot.CaptureSelf();
        Assert.Equal(Environment.ProcessId, before.Pid);
        Assert.True(before.StatusKb("VmRSS") > 0);
        Assert.True(before.StatusKb("Threads") >= 1);
        Assert.NotEmpty(before.Maps);
        Assert.DoesNotContain(before.Warnings, w => !w.Contains("cgroup"));

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var clients = new List<TcpClient>();
        var files = new List<FileStream>();
        // Enough new files to be growth against however many the test host already has open.
        var filesToOpen = Math.Max(10, before.Fds.Count(f => f.Kind == "file") / 5 + 5);
        try
        {
            for (var i = 0; i < filesToOpen; i++) files.Add(File.OpenRead(typeof(ProcSnapshotTests).Assembly.Location));
            for (var i = 0; i < 8; i++)
            {
                var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                clients.Add(client);
                listener.AcceptTcpClient().Close(); // the server side closes: the client side waits in CLOSE_WAIT
            }
            Thread.Sleep(100);
            var after = ProcSnapshot.CaptureSelf();
            // Only our clients' sockets: another test of this process may have left one in CLOSE_WAIT towards an
            // earlier listener that had the same ephemeral port.
            var ours = clients.Select(c => $"127.0.0.1:{((IPEndPoint)c.Client.LocalEndPoint!).Port}").ToHashSet();
            var closeWait = after.Tcp.Count(t => t.State == "CLOSE_WAIT" && t.Remote == $"127.0.0.1:{port}" && ours.Contains(t.Local));
            Assert.Equal(8, closeWait);
            Assert.Contains(after.Tcp, t => t.State == "LISTEN" && t.Local == $"127.0.0.1:{port}");
            var suspects = ProcAnalysis.Compare(before, after);
            Assert.Contains(suspects, x => x.Kind == "close-wait" && x.Reason.Contains($"127.0.0.1:{port}"));
            var fileLeak = Assert.Single(suspects, x => x.Kind == "fd-leak" && x.Reason.StartsWith("file file descriptors grew"));
            Assert.Contains($"most {typeof(ProcSnapshotTests).Assembly.Location} +{filesToOpen}", fileLeak.Reason);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            foreach (var f in files) f.Dispose();
        }
    }
}
