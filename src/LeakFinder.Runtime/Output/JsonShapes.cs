using System.Text.Encodings.Web;
using System.Text.Json;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Output;

/// <summary>
/// Writers for the shapes every runtime command shares in its JSON (docs/json-output.md, "Shared shapes"):
/// site, suspect, warnings. Written with Utf8JsonWriter: no reflection, fields in documented order,
/// absent optional values omitted.
/// </summary>
public static class JsonShapes
{
    public static Utf8JsonWriter CreateWriter(Stream output) => new(output, new JsonWriterOptions
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep <, > and & readable in Go names
    });

    public static void WriteSite(Utf8JsonWriter w, SourceSite site)
    {
        w.WriteStartObject();
        w.WriteString("function", site.Function);
        w.WriteString("file", site.File);
        w.WriteNumber("line", site.Line);
        w.WriteEndObject();
    }

    /// <summary>Writes a suspect's shared fields; pass <paramref name="extra"/> to add command-specific ones inside the same object.</summary>
    public static void WriteSuspect(Utf8JsonWriter w, LeakSuspect suspect, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject();
        if (suspect.Site != null)
        {
            w.WritePropertyName("site");
            WriteSite(w, suspect.Site);
        }
        w.WriteNumber("score", suspect.Score);
        w.WriteString("reason", suspect.Reason);
        w.WriteString("kind", suspect.Kind);
        w.WriteString("evidence", suspect.Evidence.ToString());
        extra?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>"warnings": ["file:line: message", ...] and "warningsTotal" when some were left out.</summary>
    public static void WriteWarnings(Utf8JsonWriter w, WarningList warnings)
    {
        w.WriteStartArray("warnings");
        foreach (var warning in warnings.Items) w.WriteStringValue(warning.ToString());
        w.WriteEndArray();
        if (warnings.Total > warnings.Items.Count) w.WriteNumber("warningsTotal", warnings.Total);
    }
}
