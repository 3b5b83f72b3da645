using System.Text.Json;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>The JSON form of `leakfinder dump` (documented in docs/json-output.md, section `leakfinder dump`).</summary>
public static class DumpJsonReport
{
    public static void Write(Stream output, DumpAnalysis a, int top)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("source", a.Source);
        w.WriteString("format", a.Info.Aggregated ? "aggregated" : "traceback");
        if (a.Info.Protobuf) w.WriteString("encoding", "protobuf");
        w.WriteNumber("totalGoroutines", a.TotalGoroutines);
        if (a.Info.DeclaredTotal >= 0) w.WriteNumber("declaredTotal", a.Info.DeclaredTotal);
        w.WriteBoolean("truncated", a.Info.Truncated);
        if (a.Info.Panic != null) w.WriteString("panic", a.Info.Panic);
        if (a.Info.FatalError != null) w.WriteString("fatalError", a.Info.FatalError);
        if (a.Info.Signal != null) w.WriteString("signal", a.Info.Signal);
        if (a.Info.LogPrefix != null) w.WriteString("logPrefix", a.Info.LogPrefix);
        WriteSuspects(w, a.Suspects, top);
        w.WriteNumber("bucketCount", a.Buckets.Count);
        w.WriteStartArray("buckets");
        for (var i = 0; i < a.Buckets.Count && i < top; i++) WriteBucket(w, a.Buckets[i]);
        w.WriteEndArray();
        JsonShapes.WriteWarnings(w, a.Warnings);
        w.WriteEndObject();
    }

    public static void WriteDiff(Stream output, DumpDiffResult d, int top)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("old", d.Old.Source);
        w.WriteString("new", d.New.Source);
        w.WriteNumber("oldTotal", d.Old.TotalGoroutines);
        w.WriteNumber("newTotal", d.New.TotalGoroutines);
        WriteSuspects(w, d.Suspects, top);
        w.WriteStartArray("changes");
        for (var i = 0; i < d.Changes.Count && i < top; i++)
        {
            var c = d.Changes[i];
            w.WriteStartObject();
            w.WriteNumber("oldCount", c.OldCount);
            w.WriteNumber("newCount", c.NewCount);
            w.WriteNumber("growth", c.Growth);
            w.WritePropertyName("bucket");
            WriteBucket(w, c.Bucket);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var warning in d.Old.Warnings.Items) w.WriteStringValue(warning.ToString());
        foreach (var warning in d.New.Warnings.Items) w.WriteStringValue(warning.ToString());
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSuspects(Utf8JsonWriter w, IReadOnlyList<DumpSuspect> suspects, int top)
    {
        w.WriteStartArray("suspects");
        for (var i = 0; i < suspects.Count && i < top; i++)
        {
            var s = suspects[i];
            JsonShapes.WriteSuspect(w, s.Suspect, x =>
            {
                x.WriteNumber("goroutines", s.Goroutines);
                x.WriteString("wait", KindName(s.Kind));
                if (s.MaxWaitMinutes > 0) x.WriteNumber("maxWaitMinutes", s.MaxWaitMinutes);
                if (s.CreatedBy != null)
                {
                    x.WritePropertyName("createdBy");
                    WriteCall(x, s.CreatedBy);
                }
            });
        }
        w.WriteEndArray();
    }

    private static void WriteBucket(Utf8JsonWriter w, StackBucket b)
    {
        w.WriteStartObject();
        w.WriteNumber("count", b.Count);
        if (!b.Aggregated) w.WriteString("state", b.State);
        w.WriteString("wait", KindName(b.Kind));
        if (!b.Aggregated)
        {
            w.WriteNumber("minWaitMinutes", b.MinWaitMinutes);
            w.WriteNumber("maxWaitMinutes", b.MaxWaitMinutes);
        }
        if (b.LockedToThread) w.WriteBoolean("lockedToThread", true);
        if (b.Site != null)
        {
            w.WritePropertyName("site");
            JsonShapes.WriteSite(w, b.Site);
        }
        if (b.BenignReason != null) w.WriteString("benign", b.BenignReason);
        if (b.Labels != null) w.WriteString("labels", b.Labels);
        if (b.CreatedBy != null)
        {
            w.WritePropertyName("createdBy");
            WriteCall(w, b.CreatedBy);
        }
        if (b.SampleIds.Count > 0)
        {
            w.WriteStartArray("sampleIds");
            foreach (var id in b.SampleIds) w.WriteNumberValue(id);
            w.WriteEndArray();
        }
        w.WriteStartArray("frames");
        foreach (var call in b.Stack) WriteCall(w, call);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCall(Utf8JsonWriter w, Call call) => JsonShapes.WriteSite(w, new Suspects.SourceSite(call.Function, call.File, call.Line));

    /// <summary>"chanReceive", "mutex", "ioWait"...: the WaitKind name in camelCase.</summary>
    public static string KindName(WaitKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
