using LeakFinder.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder watch` end to end: the executable against an in-process fake Go service on loopback.</summary>
public class WatchTests
{
    private static CliResult Watch(TempDir dir, string duration, params string[] targets) =>
        LeakFinderExe.Run(["watch", .. targets, "--interval", "200ms", "--for", duration, "--db", dir.Combine("watch.db"), "--timeout", "2s"], workDir: null, stdin: (byte[]?)null);

    [Fact]
    public void Climbing_goroutines_exit_1_and_name_the_growing_stack()
    {
        using var service = new FakeGoService(leakPerSecond: 60);
        using var dir = new TempDir();
        var r = Watch(dir, "5s", service.PprofUrl);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"ALERT {service.PprofUrl}: goroutines climbing", r.Stderr);
        Assert.Contains("growing: goroutines at main.leakySend (main.go:40) grew by", r.Stderr);
    }

    [Fact]
    public void Flat_service_exits_0()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var dir = new TempDir();
        var r = Watch(dir, "3s", service.PprofUrl, service.VarsUrl);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("ALERT", r.Stderr);
    }

    [Fact]
    public void Service_that_goes_down_and_comes_back_is_survived()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var dir = new TempDir();
        CliResult? r = null;
        var run = new Thread(() => r = Watch(dir, "6s", service.PprofUrl)); // room for two backoffs (400, 800 ms) after it comes back
        run.Start();
        Thread.Sleep(1200);
        service.GoDown();
        Thread.Sleep(1200);
        service.ComeBack();
        run.Join();
        Assert.True(r!.ExitCode == 0, r.ToString());
        Assert.Contains("cannot poll", r.Stderr);
        Assert.Contains("answering again", r.Stderr);
    }

    [Fact]
    public void Killed_watch_resumes_the_same_database()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var dir = new TempDir();
        var db = dir.Combine("watch.db");
        using (var first = LeakFinderExe.Start(["watch", service.PprofUrl, "--interval", "200ms", "--db", db]))
        {
            Thread.Sleep(2500);
            first.Kill(); // SIGKILL: no chance to close the database
            first.WaitForExit();
        }
        var before = Count(db, "SELECT COUNT(*) FROM samples WHERE metric = 'goroutines'");
        Assert.True(before >= 2, $"{before} samples before the kill");

        // Long enough for five polls at 200 ms after the process starts, even on a loaded machine (it failed in a clean
        // CI run with 2 s when start-up took most of it).
        var r = Watch(dir, "5s", service.PprofUrl);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.True(Count(db, "SELECT COUNT(*) FROM samples WHERE metric = 'goroutines'") >= before + 5);
        Assert.Equal(1L, Count(db, "SELECT COUNT(*) FROM targets"));
        Assert.Equal(0L, Count(db, "SELECT MAX(epoch) FROM samples")); // the same life of the service: no restart seen
    }

    [Fact]
    public async Task Listen_serves_prometheus_metrics_per_target()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var dir = new TempDir();
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        CliResult? r = null;
        var run = new Thread(() => r = LeakFinderExe.Run(["watch", service.PprofUrl, "--interval", "200ms", "--for", "4s", "--db", dir.Combine("w.db"), "--listen", $"127.0.0.1:{port}"], null, (byte[]?)null));
        run.Start();
        string? metrics = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 30 && metrics?.Contains("leakfinder_goroutines{", StringComparison.Ordinal) != true; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            try { metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", TestContext.Current.CancellationToken); }
            catch (HttpRequestException) { } // not listening yet
        }
        run.Join();
        Assert.True(r!.ExitCode == 0, r.ToString());
        Assert.NotNull(metrics);
        Assert.Contains($"leakfinder_goroutines{{target=\"{service.PprofUrl}\"}} 55\n", metrics);
        Assert.Contains($"leakfinder_target_up{{target=\"{service.PprofUrl}\"}} 1\n", metrics);
        Assert.Contains("# TYPE leakfinder_heap_inuse_bytes gauge", metrics);
    }

    [Theory]
    [InlineData("localhost:6060")]
    [InlineData("pid:abc")]
    public void Bad_target_is_exit_2(string target)
    {
        using var dir = new TempDir();
        var r = LeakFinderExe.Run("watch", target, "--for", "1s", "--db", dir.Combine("w.db"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(target, r.Stderr);
    }

    [Fact]
    public void Bad_interval_is_exit_2()
    {
        using var dir = new TempDir();
        var r = LeakFinderExe.Run("watch", "pid:1", "--interval", "10", "--db", dir.Combine("w.db"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no duration", r.Stderr);
    }

    private static object? Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static long Count(string db, string sql) => Convert.ToInt64(Scalar(db, sql));
}

/// <summary>`watch` when its database has no room: one clear line, exit 2, and a database still whole with what it held.</summary>
public class WatchDiskFullTests
{
    [Fact]
    public void Full_database_stops_the_watch_with_one_line_and_keeps_the_samples()
    {
        using var service = new FakeGoService(leakPerSecond: 0);
        using var dir = new TempDir();
        var db = dir.Combine("watch.db");
        // --db-max-mb is SQLite's max_page_count: past it every write fails with SQLITE_FULL, as on a full disk.
        // 0.1 MiB holds the schema and some polls, not the minutes of them this run asks for.
        var r = LeakFinderExe.Run(["watch", service.PprofUrl, "--interval", "100ms", "--for", "60s", "--db", db, "--db-max-mb", "0.1"], null, (byte[]?)null);
        Assert.True(r.ExitCode == 2, r.ToString());
        var error = r.Stderr.Split('\n').Single(l => l.Contains("full", StringComparison.Ordinal));
        Assert.Equal($"leakfinder watch: {db}: the watch database is full (no room on its disk, or --db-max-mb reached); it keeps what it recorded until now: free space, shorten --retain, or raise --db-max-mb", error);
        Assert.DoesNotContain("internal error", r.Stderr);
        Assert.True(new FileInfo(db).Length <= 0.1 * (1 << 20) + 4096, $"{new FileInfo(db).Length} bytes");

        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT COUNT(*) FROM samples WHERE metric = 'goroutines'";
        Assert.True(Convert.ToInt64(cmd.ExecuteScalar()) >= 3, "the polls before the disk filled are kept");
    }

    [Fact]
    public void Targets_file_that_cannot_be_read_is_exit_2()
    {
        using var dir = new TempDir();
        var r = LeakFinderExe.Run("watch", "--targets-file", dir.Combine("missing.txt"), "--for", "1s", "--db", dir.Combine("w.db"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("cannot read the targets file", r.Stderr);
    }

    [Fact]
    public void No_target_and_no_targets_file_is_exit_2()
    {
        using var dir = new TempDir();
        var r = LeakFinderExe.Run("watch", "--for", "1s", "--db", dir.Combine("w.db"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--targets-file", r.Stderr);
    }
}
