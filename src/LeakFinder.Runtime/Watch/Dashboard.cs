using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Watch;

/// <summary>What the HTTP server sends back for one request.</summary>
public sealed record HttpReply(int Status, string ContentType, byte[] Body, string? FileName = null)
{
    public static HttpReply Text(string text, int status = 200) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
    public static readonly HttpReply NotFound = Text("not found\n", 404);
}

/// <summary>
/// The pages `watch --listen` serves: `/metrics` for Prometheus, and a dashboard at `/` whose script (with
/// uPlot, vendored from npm into third_party/uplot and embedded in the binary: no CDN) draws each target's
/// goroutines, heap in use, RSS and fds from small JSON endpoints over the live database, lists the alerts
/// with the site that grew, and links each captured dump and profile and its diff against the baseline.
/// JSON is written with Utf8JsonWriter: no reflection, so the native executable serves it as the JIT does.
/// </summary>
public sealed class Dashboard(WatchStore store, Func<IReadOnlyList<TargetStatus>> status, PollLimits limits)
{
    /// <summary>The metrics charted per target, in order, with their titles.</summary>
    public static readonly (string Metric, string Title)[] Charted =
    [
        (Metrics.Goroutines, "goroutines"), (Metrics.HeapInuseBytes, "heap in use"), (Metrics.RssBytes, "RSS"), (Metrics.Fds, "open fds"),
    ];

    /// <summary>The most polls a chart shows (the newest).</summary>
    public const int MaxPoints = 5000;

    private readonly Lock _gate = new();

    public HttpReply Handle(string path, NameValueCollection query)
    {
        lock (_gate)
        {
            try
            {
                return Route(path, query);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // The database is busy or gone: this request fails, the watch and the next request go on.
                return HttpReply.Text($"cannot read the watch database: {e.Message}\n", 503);
            }
        }
    }

    private HttpReply Route(string path, NameValueCollection query)
    {
        if (path == "/metrics") return new HttpReply(200, PrometheusExposition.ContentType, Encoding.UTF8.GetBytes(PrometheusExposition.Write(status())));
        if (path == "/") return Asset("dashboard.html") ?? HttpReply.NotFound;
        if (path.StartsWith("/assets/", StringComparison.Ordinal)) return Asset(path["/assets/".Length..]) ?? HttpReply.NotFound;
        if (path == "/api/targets") return Json(Targets);
        if (path == "/api/series")
            return long.TryParse(query["target"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Json(w => Series(w, id)) : HttpReply.Text("?target=ID expected\n", 400);
        if (path == "/api/suspects") return Json(Suspects);
        if (path.StartsWith("/evidence/", StringComparison.Ordinal)) return Evidence(path["/evidence/".Length..]);
        return HttpReply.NotFound;
    }

    private static HttpReply? Asset(string name)
    {
        if (name.Contains('/')) return null;
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("LeakFinder.Watch.Assets." + name);
        if (stream == null) return null;
        var body = new byte[stream.Length];
        stream.ReadExactly(body);
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        };
        return new HttpReply(200, type, body);
    }

    private static HttpReply Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return new HttpReply(200, "application/json", buffer.ToArray());
    }

    /// <summary>{"targets":[{"id","name","up","failedPolls","alerts"}]}: the targets watched now, in their order.</summary>
    private void Targets(Utf8JsonWriter w)
    {
        var ids = store.Targets().ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
        w.WriteStartObject();
        w.WriteStartArray("targets");
        foreach (var t in status())
        {
            if (!ids.TryGetValue(t.Target, out var id)) continue; // not polled yet: nothing to chart
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("name", t.Target);
            w.WriteBoolean("up", t.Up);
            w.WriteNumber("failedPolls", t.FailedPolls);
            w.WriteNumber("alerts", t.AlertsByMetric.Values.Sum());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// {"at":[unix seconds],"series":[{"metric","title","bytes","values":[n|null]}]}: uPlot's column layout, the
    /// charted metrics the target has, aligned on the times of its polls (null where a poll lacked one).
    /// </summary>
    private void Series(Utf8JsonWriter w, long target)
    {
        var columns = Charted.Select(c => (c.Metric, c.Title, Points: store.RecentSeries(target, c.Metric, MaxPoints))).Where(c => c.Points.Count > 0).ToList();
        var times = columns.SelectMany(c => c.Points.Select(p => p.AtMs)).Distinct().Order().ToList();
        w.WriteStartObject();
        w.WriteStartArray("at");
        foreach (var t in times) w.WriteNumberValue(t / 1000.0);
        w.WriteEndArray();
        w.WriteStartArray("series");
        foreach (var (metric, title, points) in columns)
        {
            var byTime = new Dictionary<long, double>();
            foreach (var (at, value) in points) byTime[at] = value;
            w.WriteStartObject();
            w.WriteString("metric", metric);
            w.WriteString("title", title);
            w.WriteBoolean("bytes", Metrics.IsBytes(metric));
            w.WriteStartArray("values");
            foreach (var t in times)
                if (byTime.TryGetValue(t, out var v)) w.WriteNumberValue(v);
                else w.WriteNullValue();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>{"events":[{"target","at","kind","metric","message"}],"evidence":[{"id","target","at","kind","bytes","baseline"}]}, newest first.</summary>
    private void Suspects(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("events");
        foreach (var e in store.RecentEvents(200))
        {
            w.WriteStartObject();
            w.WriteString("target", e.Target);
            w.WriteNumber("at", e.At.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteString("kind", e.Kind);
            if (e.Metric != null) w.WriteString("metric", e.Metric);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("evidence");
        foreach (var e in store.RecentEvidence(200))
        {
            w.WriteStartObject();
            w.WriteNumber("id", e.Id);
            w.WriteString("target", e.Target);
            w.WriteNumber("at", e.At.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteString("kind", e.Kind);
            w.WriteNumber("bytes", e.Bytes);
            if (store.BaselineOf(e.Id) is { } baseline) w.WriteNumber("baseline", baseline);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>/evidence/ID: the capture as the target served it; /evidence/ID/diff: its diff against the baseline.</summary>
    private HttpReply Evidence(string rest)
    {
        var diff = rest.EndsWith("/diff", StringComparison.Ordinal);
        if (diff) rest = rest[..^"/diff".Length];
        if (!long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || store.Evidence(id) is not { } found) return HttpReply.NotFound;
        var (entry, content) = found;
        if (!diff)
            return entry.Kind.StartsWith("heap-", StringComparison.Ordinal)
                ? new HttpReply(200, "application/octet-stream", content, $"{entry.Kind}-{entry.Id}.pb.gz")
                : new HttpReply(200, "text/plain; charset=utf-8", content);
        if (store.BaselineOf(id) is not { } baseId || store.Evidence(baseId) is not { } baseline) return HttpReply.Text($"evidence {id} has no baseline to compare with\n", 404);
        try
        {
            return HttpReply.Text(EvidenceDiff.Render(baseline.Entry, baseline.Content, entry, content, limits));
        }
        catch (Exception e) when (e is InputException or PprofFormatException)
        {
            return HttpReply.Text($"cannot compare evidence {id} with its baseline {baseId}: {e.Message}\n", 422);
        }
    }
}
