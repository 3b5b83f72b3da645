using System.Globalization;

using System.Text.Json;

namespace LeakFinder.Runtime.Watch;

/// <summary>A sustained climb in one metric of one target, with what grew when the evidence could tell.</summary>
public sealed record Alert(string Target, DateTimeOffset At, Trend Trend, IReadOnlyList<string> Growing)
{
    public string Line()
    {
        var t = Trend;
        var text = $"{Target}: {t.Metric} climbing from {Value(t.Metric, t.From)} to {Value(t.Metric, t.To)} over {WatchDuration.Format(t.Over)} " +
                   $"({Value(t.Metric, t.SlopePerSecond, signed: true)}/s, {t.Samples} samples)";
        return Growing.Count == 0 ? text : text + "; growing: " + string.Join("; ", Growing);
    }

    public static string Value(string metric, double v, bool signed = false)
    {
        var sign = signed && v > 0 ? "+" : "";
        if (!Metrics.IsBytes(metric)) return sign + v.ToString(Math.Abs(v) < 10 ? "0.##" : "0", CultureInfo.InvariantCulture);
        var mib = v / (1024 * 1024);
        return sign + mib.ToString("0.##", CultureInfo.InvariantCulture) + " MiB";
    }

    public byte[] Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("target", Target);
            w.WriteString("at", At.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("metric", Trend.Metric);
            w.WriteNumber("from", Trend.From);
            w.WriteNumber("to", Trend.To);
            w.WriteNumber("slopePerSecond", Trend.SlopePerSecond);
            w.WriteNumber("overSeconds", Trend.Over.TotalSeconds);
            w.WriteNumber("samples", Trend.Samples);
            w.WriteStartArray("growing");
            foreach (var g in Growing) w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteString("text", Line());
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>POSTs alerts as JSON to a webhook: a few tries with backoff, each bounded, so a dead hook never stalls the watch for long.</summary>
public sealed class Webhook(string url, TimeSpan timeout, int attempts = 3) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = timeout };

    /// <summary>Null when delivered, else why not (after the last try).</summary>
    public string? Send(Alert alert, CancellationToken cancel)
    {
        var body = alert.Json();
        string? error = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (attempt > 0 && cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250 << attempt))) break;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = _client.PostAsync(url, content, cancel).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode) return null;
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = e is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : e.Message;
            }
        }
        return $"webhook {url}: not delivered after {attempts} tries: {error ?? "cancelled"}";
    }

    public static bool IsValidUrl(string url) => Input.HttpInput.IsUrl(url) && Uri.TryCreate(url, UriKind.Absolute, out _);

    public void Dispose() => _client.Dispose();
}

