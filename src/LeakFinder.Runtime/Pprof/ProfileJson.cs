using System.Text.Json;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Pprof;

/// <summary>The `leakfinder profile --format json` document (docs/json-output.md, "leakfinder profile").</summary>
public static class ProfileJson
{
    /// <summary>Sites listed with --base; the long tail of a real diff is noise nobody reads.</summary>
    public const int MaxSites = 50;

    public static void Write(Stream output, PprofProfile profile, TopReport top, ProfileDiff? diff)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("kind", profile.Kind);
        w.WriteString("sampleType", top.SampleType.Type);
        w.WriteString("unit", top.SampleType.Unit);
        w.WriteBoolean("diff", diff != null);
        w.WriteNumber("total", top.Total);
        w.WriteString("granularity", top.Options.Granularity == Granularity.Lines ? "site" : "function");
        w.WriteString("order", top.Options.CumSort ? "cum" : "flat");
        w.WriteNumber("nodeCount", top.NodesBeforeCount);
        w.WriteStartArray("top");
        long sum = 0;
        foreach (var row in top.Rows)
        {
            sum += row.Flat;
            w.WriteStartObject();
            w.WriteString("name", row.Name);
            if (row.Key.Name != "") w.WriteString("function", row.Key.Name);
            if (row.Key.File != "") w.WriteString("file", row.Key.File);
            if (row.Key.Line != 0) w.WriteNumber("line", row.Key.Line);
            if (row.InlineLabel != "") w.WriteString("inline", row.InlineLabel.Trim('(', ')'));
            w.WriteNumber("flat", row.Flat);
            w.WriteNumber("flatPercent", Percent(row.Flat, top.Total));
            w.WriteNumber("sumPercent", Percent(sum, top.Total));
            w.WriteNumber("cum", row.Cum);
            w.WriteNumber("cumPercent", Percent(row.Cum, top.Total));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (diff != null)
        {
            w.WriteStartArray("sites");
            foreach (var site in diff.Sites.Take(MaxSites))
            {
                if (site.Growth <= 0) continue;
                w.WriteStartObject();
                w.WritePropertyName("site");
                JsonShapes.WriteSite(w, site.Site);
                w.WriteNumber("growth", site.Growth);
                if (site.ObjectGrowth != 0) w.WriteNumber("objectGrowth", site.ObjectGrowth);
                w.WriteString("kind", site.Kind);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("suspects");
            foreach (var s in diff.Suspects) JsonShapes.WriteSuspect(w, s);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static double Percent(long value, long total) => total == 0 ? 0 : Math.Round(Math.Abs((double)value / total) * 100, 2);
}
