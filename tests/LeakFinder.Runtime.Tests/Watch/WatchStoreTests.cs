using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Watch;
using Microsoft.Data.Sqlite;

namespace LeakFinder.Runtime.Tests.Watch;

public sealed class WatchStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-watch-store-").FullName;
    private string Db => Path.Combine(_dir, "nested", "watch.db");

    private static Observation Poll(DateTimeOffset at, double goroutines) =>
        new(at, [new(Metrics.Goroutines, "", goroutines), new(Metrics.GoroutineGroup, "main.leak (main.go:3)", goroutines - 5)]);

    [Fact]
    public void New_database_is_created_in_wal_mode_at_the_latest_schema()
    {
        using (var store = WatchStore.Open(Db)) Assert.Equal(WatchStore.LatestVersion, store.SchemaVersion());
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT COUNT(*) FROM schema_version";
        Assert.Equal(1L, cmd.ExecuteScalar());
    }

    [Fact]
    public void Reopening_resumes_samples_and_epoch_without_migrating_again()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        long id;
        using (var store = WatchStore.Open(Db))
        {
            id = store.TargetId("http://a/debug/pprof");
            store.AddSamples(id, 0, Poll(t0, 10));
            store.AddSamples(id, 1, Poll(t0.AddSeconds(1), 20));
        }
        using (var store = WatchStore.Open(Db))
        {
            Assert.Equal(id, store.TargetId("http://a/debug/pprof"));
            var (epoch, last) = store.LastObservation(id);
            Assert.Equal(1, epoch);
            Assert.Equal(20, last!.Get(Metrics.Goroutines));
            Assert.Contains(last.Values, v => v.Metric == Metrics.GoroutineGroup && v.Label == "main.leak (main.go:3)" && v.Value == 15);
            store.AddSamples(id, 1, Poll(t0.AddSeconds(2), 30));
            Assert.Equal([20.0, 30.0], store.Series(id, 1, Metrics.Goroutines, 10).Select(s => s.Value));
            Assert.Equal(3, store.SampleCount(id, Metrics.Goroutines));
            Assert.Equal("ok", store.IntegrityCheck());
        }
    }

    [Fact]
    public void Database_from_a_newer_leakfinder_is_refused_with_a_clear_error()
    {
        using (var store = WatchStore.Open(Db)) { }
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE schema_version SET version = 99";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<InputException>(() => WatchStore.Open(Db));
        Assert.Contains("schema version 99 is newer", e.Message);
    }

    [Fact]
    public void A_file_that_is_no_database_is_refused_with_a_clear_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.WriteAllText(Db, "this is a text file, not SQLite, and long enough to have a header of sorts............");
        var e = Assert.Throws<InputException>(() => WatchStore.Open(Db));
        Assert.Contains("cannot use as the watch database", e.Message);
        Assert.StartsWith("this is a text file", File.ReadAllText(Db));
    }

    [Fact]
    public void Retention_deletes_old_samples_events_and_evidence_only()
    {
        var now = DateTimeOffset.UtcNow;
        using var store = WatchStore.Open(Db);
        var id = store.TargetId("pid:1");
        store.AddSamples(id, 0, Poll(now.AddDays(-8), 10));
        store.AddSamples(id, 0, Poll(now.AddHours(-1), 12));
        store.AddEvent(id, now.AddDays(-8), "down", null, "old");
        store.AddEvent(id, now, "up", null, "new");
        store.AddEvidence(id, now.AddDays(-8), "goroutine-baseline", [1, 2, 3]);
        store.AddEvidence(id, now, "goroutine-trip", [4]);
        Assert.Equal(2 + 1 + 1, store.DeleteBefore(now.AddDays(-7)));
        Assert.Equal([12.0], store.Series(id, 0, Metrics.Goroutines, 10).Select(s => s.Value));
        Assert.Equal(["up"], store.Events(id).Select(e => e.Kind));
        Assert.Equal(["goroutine-trip"], store.EvidenceKinds(id));
    }

    [Fact]
    public void Default_path_follows_xdg_data_home()
    {
        var old = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/srv/data");
            Assert.Equal("/srv/data/leakfinder/watch.db", WatchStore.DefaultPath());
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", null);
            Assert.EndsWith("/.local/share/leakfinder/watch.db", WatchStore.DefaultPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", old);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
