using Microsoft.Data.Sqlite;

namespace LeakFinder.Runtime.Watch;

/// <summary>
/// The watcher's one embedded database (SQLite, WAL): every sample, restart, alert and captured piece of
/// evidence goes here as it happens, so a killed watcher resumes where it stopped. The schema is versioned:
/// <see cref="Migrations"/>[i] takes a database from version i to i+1, each in one transaction.
/// Not thread-safe by itself: the watcher serialises calls.
/// </summary>
public sealed partial class WatchStore : IDisposable
{
    /// <summary>Each entry moves the schema one version up; append, never edit one that shipped.</summary>
    public static readonly string[][] Migrations =
    [
        [
            "CREATE TABLE targets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            // epoch counts the target's restarts seen: a window of samples never spans two lives of a process.
            "CREATE TABLE samples (target_id INTEGER NOT NULL REFERENCES targets(id), at_ms INTEGER NOT NULL, epoch INTEGER NOT NULL, metric TEXT NOT NULL, label TEXT NOT NULL, value REAL NOT NULL)",
            "CREATE INDEX samples_by_series ON samples (target_id, metric, label, at_ms)",
            "CREATE INDEX samples_by_time ON samples (at_ms)",
            "CREATE TABLE events (target_id INTEGER NOT NULL REFERENCES targets(id), at_ms INTEGER NOT NULL, kind TEXT NOT NULL, metric TEXT, message TEXT NOT NULL)",
            "CREATE INDEX events_by_time ON events (at_ms)",
            "CREATE TABLE evidence (id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id), at_ms INTEGER NOT NULL, kind TEXT NOT NULL, content BLOB NOT NULL)",
            "CREATE INDEX evidence_by_time ON evidence (at_ms)",
        ],
    ];

    public static int LatestVersion => Migrations.Length;

    private readonly SqliteConnection _connection;

    public string Path { get; }

    private WatchStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>$XDG_DATA_HOME/leakfinder/watch.db, else ~/.local/share/leakfinder/watch.db.</summary>
    public static string DefaultPath()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data) || !System.IO.Path.IsPathRooted(data))
            data = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(data, "leakfinder", "watch.db");
    }

    /// <summary>
    /// Opens (creating when missing) the database and brings its schema to <see cref="LatestVersion"/>. With
    /// <paramref name="maxBytes"/>, SQLite refuses to grow the file past it (max_page_count), as a full disk would.
    /// </summary>
    public static WatchStore Open(string path, long? maxBytes = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory != null) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL");
            Execute(connection, "PRAGMA synchronous=NORMAL");
            Execute(connection, "PRAGMA busy_timeout=5000");
            Migrate(connection, path);
            if (maxBytes is { } max)
            {
                using var pageSize = connection.CreateCommand();
                pageSize.CommandText = "PRAGMA page_size";
                Execute(connection, $"PRAGMA max_page_count = {Math.Max(1, max / (long)pageSize.ExecuteScalar()!)}");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new Input.InputException($"{path}: cannot use as the watch database: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new WatchStore(path, connection);
    }

    public int SchemaVersion() => Version(_connection);

    private static void Migrate(SqliteConnection connection, string path)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var version = Version(connection);
        if (version > LatestVersion)
            throw new Input.InputException($"{path}: database schema version {version} is newer than this leakfinder knows ({LatestVersion}): use a newer leakfinder or another --db");
        for (; version < LatestVersion; version++)
        {
            using var tx = connection.BeginTransaction();
            foreach (var sql in Migrations[version]) Execute(connection, sql, tx);
            Execute(connection, "DELETE FROM schema_version", tx);
            Execute(connection, $"INSERT INTO schema_version (version) VALUES ({version + 1})", tx);
            tx.Commit();
        }
    }

    private static int Version(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        return cmd.ExecuteScalar() is long v ? (int)v : 0;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    public long TargetId(string name) => Writing(() =>
    {
        using var insert = Command("INSERT OR IGNORE INTO targets (name) VALUES ($name)", ("$name", name));
        insert.ExecuteNonQuery();
        using var select = Command("SELECT id FROM targets WHERE name = $name", ("$name", name));
        return (long)select.ExecuteScalar()!;
    });

    /// <summary>Records one poll's values in one transaction.</summary>
    public void AddSamples(long target, long epoch, Observation observation) => Writing(() =>
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = Command("INSERT INTO samples (target_id, at_ms, epoch, metric, label, value) VALUES ($t, $at, $e, $m, $l, $v)");
        cmd.Transaction = tx;
        var m = cmd.Parameters.Add("$m", SqliteType.Text);
        var l = cmd.Parameters.Add("$l", SqliteType.Text);
        var v = cmd.Parameters.Add("$v", SqliteType.Real);
        cmd.Parameters.AddWithValue("$t", target);
        cmd.Parameters.AddWithValue("$at", observation.At.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$e", epoch);
        foreach (var value in observation.Values)
        {
            m.Value = value.Metric;
            l.Value = value.Label;
            v.Value = value.Value;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return 0;
    });

    /// <summary>The target's latest epoch and its last poll there (to resume the series), or (0, null) for a new target.</summary>
    public (long Epoch, Observation? Last) LastObservation(long target)
    {
        using var latest = Command("SELECT epoch, at_ms FROM samples WHERE target_id = $t ORDER BY at_ms DESC, rowid DESC LIMIT 1", ("$t", target));
        using var reader = latest.ExecuteReader();
        if (!reader.Read()) return (0, null);
        var epoch = reader.GetInt64(0);
        var at = reader.GetInt64(1);
        var values = new List<MetricValue>();
        using var all = Command("SELECT metric, label, value FROM samples WHERE target_id = $t AND at_ms = $at AND epoch = $e", ("$t", target), ("$at", at), ("$e", epoch));
        using var r = all.ExecuteReader();
        while (r.Read()) values.Add(new MetricValue(r.GetString(0), r.GetString(1), r.GetDouble(2)));
        return (epoch, new Observation(DateTimeOffset.FromUnixTimeMilliseconds(at), values));
    }

    /// <summary>The last <paramref name="count"/> values of one whole-process metric in one epoch, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, double Value)> Series(long target, long epoch, string metric, int count)
    {
        using var cmd = Command("SELECT at_ms, value FROM samples WHERE target_id = $t AND epoch = $e AND metric = $m AND label = '' ORDER BY at_ms DESC LIMIT $n",
            ("$t", target), ("$e", epoch), ("$m", metric), ("$n", count));
        using var r = cmd.ExecuteReader();
        var list = new List<(DateTimeOffset, double)>();
        while (r.Read()) list.Add((DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetDouble(1)));
        list.Reverse();
        return list;
    }

    public int SampleCount(long target, string metric)
    {
        using var cmd = Command("SELECT COUNT(*) FROM samples WHERE target_id = $t AND metric = $m", ("$t", target), ("$m", metric));
        return Convert.ToInt32(cmd.ExecuteScalar());
    }

    public void AddEvent(long target, DateTimeOffset at, string kind, string? metric, string message) => Writing(() =>
    {
        using var cmd = Command("INSERT INTO events (target_id, at_ms, kind, metric, message) VALUES ($t, $at, $k, $m, $msg)",
            ("$t", target), ("$at", at.ToUnixTimeMilliseconds()), ("$k", kind), ("$m", (object?)metric ?? DBNull.Value), ("$msg", message));
        return cmd.ExecuteNonQuery();
    });

    public IReadOnlyList<(string Kind, string? Metric, string Message)> Events(long target)
    {
        using var cmd = Command("SELECT kind, metric, message FROM events WHERE target_id = $t ORDER BY at_ms, rowid", ("$t", target));
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string?, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)));
        return list;
    }

    public void AddEvidence(long target, DateTimeOffset at, string kind, byte[] content) => Writing(() =>
    {
        using var cmd = Command("INSERT INTO evidence (target_id, at_ms, kind, content) VALUES ($t, $at, $k, $c)",
            ("$t", target), ("$at", at.ToUnixTimeMilliseconds()), ("$k", kind), ("$c", content));
        return cmd.ExecuteNonQuery();
    });

    public IReadOnlyList<string> EvidenceKinds(long target)
    {
        using var cmd = Command("SELECT kind FROM evidence WHERE target_id = $t ORDER BY at_ms, id", ("$t", target));
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>Deletes samples, events and evidence older than <paramref name="cutoff"/>; returns how many rows went.</summary>
    public int DeleteBefore(DateTimeOffset cutoff) => Writing(() =>
    {
        var ms = cutoff.ToUnixTimeMilliseconds();
        var deleted = 0;
        using var tx = _connection.BeginTransaction();
        foreach (var table in new[] { "samples", "events", "evidence" })
        {
            using var cmd = Command($"DELETE FROM {table} WHERE at_ms < $cut", ("$cut", ms));
            cmd.Transaction = tx;
            deleted += cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return deleted;
    });

    /// <summary>
    /// Runs a write; SQLITE_FULL (the disk, or the size limit, has no room) becomes an IOException that says so in
    /// one line. SQLite has rolled the write back by then: the database stays whole with what it held before.
    /// </summary>
    private T Writing<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 13)
        {
            throw new IOException($"{Path}: the watch database is full (no room on its disk, or --db-max-mb reached); it keeps what it recorded until now: free space, shorten --retain, or raise --db-max-mb", e);
        }
    }

    public string IntegrityCheck()
    {
        using var cmd = Command("PRAGMA integrity_check");
        return Convert.ToString(cmd.ExecuteScalar()) ?? "";
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    public void Dispose() => _connection.Dispose();
}
