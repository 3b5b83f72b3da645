using Microsoft.Data.Sqlite;

namespace LeakFinder.Runtime.Watch;

/// <summary>A captured dump or profile as the dashboard lists it.</summary>
public sealed record EvidenceEntry(long Id, string Target, DateTimeOffset At, string Kind, long Bytes);

/// <summary>An event (alert, restart, down, up) of one target.</summary>
public sealed record WatchEvent(string Target, DateTimeOffset At, string Kind, string? Metric, string Message);

/// <summary>
/// The dashboard's reads. The dashboard opens its own read-only connection (<see cref="OpenReadOnly"/>):
/// WAL lets it read while the watcher writes, and it never takes the watcher's lock.
/// </summary>
public sealed partial class WatchStore
{
    /// <summary>Opens an existing watch database for reading only (no migration: the watcher did it).</summary>
    public static WatchStore OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new Input.InputException($"{path}: cannot read the watch database: {e.Message}", e);
        }
        return new WatchStore(path, connection);
    }

    public IReadOnlyList<(long Id, string Name)> Targets()
    {
        using var cmd = Command("SELECT id, name FROM targets ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetString(1)));
        return list;
    }

    /// <summary>The last <paramref name="count"/> values of a whole-process metric across every epoch, oldest first, times in Unix ms.</summary>
    public IReadOnlyList<(long AtMs, double Value)> RecentSeries(long target, string metric, int count)
    {
        using var cmd = Command("SELECT at_ms, value FROM samples WHERE target_id = $t AND metric = $m AND label = '' ORDER BY at_ms DESC LIMIT $n",
            ("$t", target), ("$m", metric), ("$n", count));
        using var r = cmd.ExecuteReader();
        var list = new List<(long, double)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetDouble(1)));
        list.Reverse();
        return list;
    }

    /// <summary>The newest <paramref name="count"/> events of every target, newest first.</summary>
    public IReadOnlyList<WatchEvent> RecentEvents(int count)
    {
        using var cmd = Command("SELECT t.name, e.at_ms, e.kind, e.metric, e.message FROM events e JOIN targets t ON t.id = e.target_id ORDER BY e.at_ms DESC, e.rowid DESC LIMIT $n", ("$n", count));
        using var r = cmd.ExecuteReader();
        var list = new List<WatchEvent>();
        while (r.Read())
            list.Add(new WatchEvent(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        return list;
    }

    /// <summary>The newest <paramref name="count"/> pieces of evidence of every target (without their content), newest first.</summary>
    public IReadOnlyList<EvidenceEntry> RecentEvidence(int count)
    {
        using var cmd = Command("SELECT e.id, t.name, e.at_ms, e.kind, length(e.content) FROM evidence e JOIN targets t ON t.id = e.target_id ORDER BY e.at_ms DESC, e.id DESC LIMIT $n", ("$n", count));
        using var r = cmd.ExecuteReader();
        var list = new List<EvidenceEntry>();
        while (r.Read()) list.Add(new EvidenceEntry(r.GetInt64(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3), r.GetInt64(4)));
        return list;
    }

    /// <summary>One piece of evidence with its content, or null when there is none with that id (deleted by retention).</summary>
    public (EvidenceEntry Entry, byte[] Content)? Evidence(long id)
    {
        using var cmd = Command("SELECT e.id, t.name, e.at_ms, e.kind, e.content FROM evidence e JOIN targets t ON t.id = e.target_id WHERE e.id = $id", ("$id", id));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var content = (byte[])r.GetValue(4);
        return (new EvidenceEntry(r.GetInt64(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3), content.Length), content);
    }

    /// <summary>
    /// The baseline a trip's evidence is compared with: the latest evidence of the same target and type
    /// (goroutine, heap) captured as a baseline before it, the one the watcher diffed the trip against.
    /// </summary>
    public long? BaselineOf(long evidenceId)
    {
        using var cmd = Command("""
            SELECT b.id FROM evidence e JOIN evidence b ON b.target_id = e.target_id AND b.kind = replace(e.kind, '-trip', '-baseline') AND b.at_ms <= e.at_ms
            WHERE e.id = $id AND e.kind LIKE '%-trip' ORDER BY b.at_ms DESC, b.id DESC LIMIT 1
            """, ("$id", evidenceId));
        return cmd.ExecuteScalar() is long id ? id : null;
    }
}
