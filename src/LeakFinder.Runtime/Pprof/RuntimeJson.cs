using System.Text.Json;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// The shared JSON shapes of docs/json-output.md (site, suspect) for the profile, gctrace and proc reports.
/// Kept to these two shapes so it can fold into a common output helper when one exists.
/// </summary>
public static class RuntimeJson
{
    // Relaxed escaping: reasons hold "->" and paths; the output is a document, not HTML.
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteSite(Utf8JsonWriter w, SourceSite site)
    {
        w.WriteStartObject();
        w.WriteString("function", site.Function);
        w.WriteString("file", site.File);
        w.WriteNumber("line", site.Line);
        w.WriteEndObject();
    }

    public static void WriteSuspect(Utf8JsonWriter w, LeakSuspect suspect)
    {
        w.WriteStartObject();
        if (suspect.Site is { } site)
        {
            w.WritePropertyName("site");
            WriteSite(w, site);
        }
        w.WriteNumber("score", suspect.Score);
        w.WriteString("reason", suspect.Reason);
        w.WriteString("kind", suspect.Kind);
        w.WriteString("evidence", suspect.Evidence.ToString());
        w.WriteEndObject();
    }

    public static void WriteSuspects(Utf8JsonWriter w, IEnumerable<LeakSuspect> suspects)
    {
        w.WriteStartArray("suspects");
        foreach (var s in suspects) WriteSuspect(w, s);
        w.WriteEndArray();
    }
}
