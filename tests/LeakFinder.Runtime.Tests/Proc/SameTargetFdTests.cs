using System.Diagnostics;
using System.Globalization;
using LeakFinder.Runtime.Proc;
using LeakFinder.Runtime.Tests.EndToEnd;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Proc;

/// <summary>
/// Issue 15, /proc side: thousands of descriptors on one path or one TCP peer are a leak in one snapshot,
/// with no earlier snapshot to compare: a file or connection opened per use and never closed.
/// </summary>
public sealed class SameTargetFdTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-fdtargets-").FullName;

    public void Dispose() => TempDirectories.TryDelete(_dir);

    /// <summary>A /proc/PID copy (the status of a real capture, one heap mapping) with the given fd targets and net/tcp rows.</summary>
    private string SyntheticProc(IEnumerable<string> fdTargets, IEnumerable<string> tcpRows)
    {
        var root = Path.Combine(_dir, "proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "fd"));
        Directory.CreateDirectory(Path.Combine(root, "net"));
        var captured = RepoPaths.Combine("testdata", "proc", "resourceleak-after");
        File.Copy(Path.Combine(captured, "status"), Path.Combine(root, "status"));
        File.WriteAllText(Path.Combine(root, "maps"), "c000000000-c000400000 rw-p 00000000 00:00 0 \n");
        var fd = 0;
        foreach (var target in fdTargets) File.CreateSymbolicLink(Path.Combine(root, "fd", (fd++).ToString(CultureInfo.InvariantCulture)), target);
        var header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        File.WriteAllText(Path.Combine(root, "net", "tcp"), header + string.Concat(tcpRows.Select((r, i) => $"{i,4}: {r}\n")));
        return root;
    }

    // A net/tcp row: addresses in kernel byte order (127.0.0.1 is 0100007F), ports in hex, state in hex (01 ESTABLISHED, 08 CLOSE_WAIT).
    private static string Row(string local, string remote, string state, ulong inode) =>
        $"{local} {remote} {state} 00000000:00000000 00:00000000 00000000     0        0 {inode} 1 0000000000000000 100 0 0 10 0";

    private static (List<string> Fds, List<string> Rows) Sockets(int count, string remote, string state, ulong firstInode)
    {
        var fds = new List<string>();
        var rows = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var inode = firstInode + (ulong)i;
            fds.Add($"socket:[{inode}]");
            rows.Add(Row($"0100007F:{(40000 + i):X4}", remote, state, inode));
        }
        return (fds, rows);
    }

    [Fact]
    public void ThousandsOfDescriptorsOnOnePathOrPeerAreSuspects()
    {
        var files = Enumerable.Repeat("/var/log/app.log", 1200).Concat(["/etc/hosts", "/dev/null", "/dev/null"]);
        var toDb = Sockets(1100, "0100000A:1538", "01", 500_000); // 10.0.0.1:5432
        var root = SyntheticProc(files.Concat(toDb.Fds), toDb.Rows);
        var report = ProcAnalysis.Summarize(ProcSnapshot.Load(root));

        var file = Assert.Single(report.Suspects, s => s.Kind == "fd-leak");
        Assert.Contains("1200 file descriptors open on /var/log/app.log", file.Reason);
        var peer = Assert.Single(report.Suspects, s => s.Kind == "connection-leak");
        Assert.Contains("1100 open TCP connections to 10.0.0.1:5432", peer.Reason);
        Assert.True(file.Score > peer.Score, "more descriptors score higher");
        Assert.Equal([new FdTarget("file", "/var/log/app.log", 1200), new FdTarget("peer", "10.0.0.1:5432", 1100), new FdTarget("device", "/dev/null", 2)],
            report.TopFdTargets);
    }

    [Fact]
    public void BelowTheThresholdAndManyPeersAreNotSuspects()
    {
        // A server's accepted connections come from as many addresses as clients: 2000 peers, one connection each.
        var files = Enumerable.Repeat("/var/log/app.log", ProcAnalysis.SameTargetFdThreshold - 1);
        var fds = new List<string>(files);
        var rows = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var inode = 700_000UL + (ulong)i;
            fds.Add($"socket:[{inode}]");
            rows.Add(Row("0100007F:1F90", $"0200000A:{(20000 + i):X4}", "01", inode));
        }
        var report = ProcAnalysis.Summarize(ProcSnapshot.Load(SyntheticProc(fds, rows)));
        Assert.DoesNotContain(report.Suspects, s => s.Kind is "fd-leak" or "connection-leak");
        Assert.Equal(ProcAnalysis.SameTargetFdThreshold - 1, report.TopFdTargets[0].Count);
    }

    [Fact]
    public void CloseWaitSocketsAreReportedOnceAsCloseWait()
    {
        // CLOSE_WAIT to one peer is already its own suspect (from 3 on): the crowd check leaves those sockets out.
        var stuck = Sockets(1500, "0100000A:0050", "08", 900_000);
        var report = ProcAnalysis.Summarize(ProcSnapshot.Load(SyntheticProc(stuck.Fds, stuck.Rows)));
        Assert.Equal("close-wait", Assert.Single(report.Suspects).Kind);
    }

    /// <summary>A real process holding 2000 descriptors on one file and 2000 connections to one peer (and their 2000 accepted ends).</summary>
    [Fact]
    public async Task LiveProcessWithTwoThousandDescriptorsOnOneFileAndPeer()
    {
        var go = GoToolchain.Require();
        var exe = Path.Combine(_dir, "fdhog");
        GoToolchain.Run(go, $"build -o {exe} .", RepoPaths.Combine("testdata", "proc", "programs", "fdhog"),
            new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "lf-gocache") });
        var held = Path.Combine(_dir, "held.dat");
        File.WriteAllText(held, "x");
        var psi = new ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(held);
        psi.ArgumentList.Add("2000");
        using var process = Process.Start(psi)!;
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            if (ready != "ready") // stderr only then: it ends only when fdhog does
                Assert.Fail($"fdhog: {ready}; {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
            var report = ProcAnalysis.Summarize(ProcSnapshot.Capture(process.Id));

            Assert.True(report.FdsByKind["socket"] >= 4000, $"{report.FdsByKind["socket"]} sockets");
            var file = Assert.Single(report.Suspects, s => s.Kind == "fd-leak");
            Assert.Contains($"2000 file descriptors open on {held}", file.Reason);
            var peer = Assert.Single(report.Suspects, s => s.Kind == "connection-leak");
            Assert.Matches(@"^2000 open TCP connections to 127\.0\.0\.1:\d+ ", peer.Reason);
            Assert.Equal(2, report.TopFdTargets.Count(t => t.Count >= ProcAnalysis.SameTargetFdThreshold)); // the accepted ends are 2000 peers
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000)) process.Kill();
        }
    }
}
