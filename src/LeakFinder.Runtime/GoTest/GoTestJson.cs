using System.Text.Json;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Runtime.GoTest;

/// <summary>`leakfinder test --format json` (docs/json-output.md, "test"): fields in a fixed order, no reflection.</summary>
public static class GoTestJson
{
    public static void Write(Stream output, GoTestReport r)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("goArguments");
        foreach (var a in r.GoArguments) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteNumber("goExitCode", r.GoExitCode);
        w.WriteBoolean("clean", r.Clean);
        w.WriteStartObject("summary");
        w.WriteNumber("packages", r.Packages.Count);
        w.WriteNumber("tests", r.Tests.Count);
        foreach (var outcome in Enum.GetValues<TestOutcome>())
            w.WriteNumber(Name(outcome), r.Tests.Count(t => t.Outcome == outcome));
        w.WriteNumber("leakingTests", r.WithFindings.Count(t => t.Leaks.Count > 0));
        w.WriteNumber("hangs", r.Hangs.Count);
        w.WriteNumber("racePairs", r.RacePairs);
        w.WriteEndObject();
        w.WriteStartArray("packages");
        foreach (var p in r.Packages) WriteCase(w, p);
        w.WriteEndArray();
        w.WriteStartArray("tests");
        foreach (var t in r.Tests) WriteCase(w, t);
        w.WriteEndArray();
        w.WriteStartArray("hangs");
        foreach (var h in r.Hangs)
        {
            w.WriteStartObject();
            w.WriteString("package", h.Package);
            w.WriteStartArray("tests");
            foreach (var t in h.Tests) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteString("reason", h.Reason);
            w.WriteNumber("goroutines", h.Goroutines);
            WriteGroups(w, "blocked", h.Blocked);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Races is { } races)
        {
            w.WritePropertyName("races");
            w.Flush();
            using (var buffer = new MemoryStream())
            {
                RaceOutput.WriteJson(buffer, races);
                w.WriteRawValue(buffer.ToArray());
            }
        }
        if (r.RaceTextTruncated) w.WriteBoolean("raceTextTruncated", true);
        w.WriteStartArray("otherOutput");
        foreach (var line in r.OtherOutput) w.WriteStringValue(line);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter w, GoTestCase t)
    {
        w.WriteStartObject();
        w.WriteString("package", t.Package);
        if (t.Test != null) w.WriteString("test", t.Test);
        w.WriteString("outcome", Name(t.Outcome));
        if (t.Elapsed is { } e) w.WriteNumber("elapsedSeconds", e);
        if (t.FailureNote is { } note) w.WriteString("failureNote", note);
        WriteGroups(w, "leaks", t.Leaks);
        w.WriteStartArray("heapGrowth");
        foreach (var h in t.HeapGrowth) w.WriteStringValue(h);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter w, string name, IReadOnlyList<GoroutineGroup> groups)
    {
        w.WriteStartArray(name);
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteNumber("count", g.Count);
            w.WriteString("kind", DumpJsonReport.KindName(g.Kind));
            w.WriteString("state", g.State);
            if (g.Site != null)
            {
                w.WritePropertyName("site");
                JsonShapes.WriteSite(w, g.Site);
            }
            if (g.CreatedBy is { } c)
            {
                w.WriteStartObject("createdBy");
                w.WriteString("function", c.Function);
                w.WriteString("file", c.File);
                w.WriteNumber("line", c.Line);
                w.WriteEndObject();
            }
            w.WriteBoolean("testGoroutine", g.IsTestGoroutine);
            w.WriteStartArray("stack");
            foreach (var call in g.Stack) w.WriteStringValue(call.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Name(TestOutcome o) => JsonNamingPolicy.CamelCase.ConvertName(o.ToString());
}
