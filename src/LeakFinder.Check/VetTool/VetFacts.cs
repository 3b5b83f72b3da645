using System.Text.Json;
using LeakFinder.Analysis;

namespace LeakFinder.Check.VetTool;

/// <summary>
/// The facts file (cmd/go's "vetx") this tool writes for each package, which cmd/go caches and hands to the
/// runs of the packages that import it (<see cref="VetConfig.PackageVetx"/>). LeakFinder's own format, JSON:
/// <code>
/// {"format": "leakfinder-vetx", "version": 1, "package": "example.com/m/worker", "analysed": true,
///  "findings": [{"rule": "LF1001", "posn": "/abs/worker.go:8:3", "message": "..."}], "errors": []}
/// </code>
/// Today it records the package's own findings (so a dependency analysed only for facts is analysed once per
/// change, and its leaks can be summarised to its importers later); the runs of importers do not read it yet:
/// they load their dependencies from source. "analysed" is false for the standard library, which LeakFinder
/// models instead of analysing.
/// </summary>
public static class VetFacts
{
    public const string Format = "leakfinder-vetx";
    public const int Version = 1;

    public static void Write(string path, VetConfig config, bool analysed, IReadOnlyList<Diagnostic> findings, IReadOnlyList<InputError> errors)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("package", config.ImportPath);
            w.WriteString("id", config.ID);
            w.WriteBoolean("analysed", analysed);
            w.WriteStartArray("findings");
            foreach (var d in findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", d.Rule.Id);
                w.WriteString("posn", d.Span.ToString());
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var e in errors) w.WriteStringValue(e.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        try
        {
            File.WriteAllBytes(path, stream.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VetConfigException($"failed to write analysis facts to {path}: {e.Message}");
        }
    }
}
