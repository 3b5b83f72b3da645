using System.Globalization;
using System.Text.Json;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.GcTrace;

/// <summary>`leakfinder gctrace` as text for a terminal and as the JSON of docs/json-output.md.</summary>
public static class GcTraceOutput
{
    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static void WriteText(TextWriter w, GcTraceReport r)
    {
        var log = r.Log;
        var cycles = log.Cycles;
        w.WriteLine($"Verdict: {r.Verdict.ToString().ToLowerInvariant()} ({r.Explanation})");
        if (cycles.Count > 0)
        {
            var live = cycles.Select(c => c.LiveMB).ToArray();
            var span = cycles[^1].AtSeconds - cycles[0].AtSeconds;
            w.WriteLine($"GC cycles: {cycles.Count} (gc {cycles[0].Number}..{cycles[^1].Number}) over {F(span)} s, {cycles.Count(c => c.Forced)} forced; warm-up skipped: {F(r.WarmupSeconds)} s ({r.WarmupCycles} cycles), {r.WindowCycles} cycles analysed");
            w.WriteLine($"Live heap: first {live[0]} MB, last {live[^1]} MB, min {live.Min()} MB, max {live.Max()} MB; slope {F(r.SlopeMBPerMinute)} MB/min, " +
                        $"{F(r.Heap?.SlopeMBPerCycle ?? 0)} MB/cycle, confidence {F(r.Confidence)}, agreement {F(r.Heap?.Agreement ?? 0)}");
            if (r.Stacks is { } stacks)
                w.WriteLine($"Goroutine stacks: {stacks.Verdict.ToString().ToLowerInvariant()} ({stacks.Explanation})");
            if (cycles[^1].GoalMB is { } goal) w.WriteLine($"Heap goal: last {goal} MB");
            w.WriteLine($"GC CPU: {cycles[^1].CpuPercent}% of CPU since start; pauses p50 {F(r.PauseP50Ms)} ms, p99 {F(r.PauseP99Ms)} ms, max {F(r.PauseMaxMs)} ms");
        }
        if (log.Scavenger.Count > 0)
            w.WriteLine($"Scavenger: {log.Scavenger.Count} lines, {log.Scavenger.Sum(s => s.ReleasedKiB ?? 0)} KiB released");
        if (log.PacerLines > 0) w.WriteLine($"Pacer lines: {log.PacerLines}");
        foreach (var warning in log.Warnings.Items) w.WriteLine("warning: " + warning);
        if (log.Warnings.Total > log.Warnings.Items.Count) w.WriteLine($"warning: ... {log.Warnings.Total - log.Warnings.Items.Count} more");
        if (r.Suspects.Count > 0) SuspectText.Write(w, r.Suspects);
    }

    public static void WriteJson(Stream output, GcTraceReport r)
    {
        using var w = JsonShapes.CreateWriter(output);
        var log = r.Log;
        w.WriteStartObject();
        w.WriteString("verdict", r.Verdict.ToString().ToLowerInvariant());
        w.WriteString("explanation", r.Explanation);
        w.WriteNumber("slopeMBPerMinute", Math.Round(r.SlopeMBPerMinute, 4));
        w.WriteNumber("slopeMBPerCycle", Math.Round(r.Heap?.SlopeMBPerCycle ?? 0, 4));
        w.WriteNumber("confidence", Math.Round(r.Confidence, 4));
        w.WriteNumber("agreement", Math.Round(r.Heap?.Agreement ?? 0, 4));
        w.WriteNumber("floorRiseMB", r.Heap?.FloorRiseMB ?? 0);
        w.WriteNumber("warmupSeconds", Math.Round(r.WarmupSeconds, 3));
        w.WriteNumber("warmupCycles", r.WarmupCycles);
        w.WriteNumber("cycles", log.Cycles.Count);
        w.WriteNumber("windowCycles", r.WindowCycles);
        w.WriteStartObject("pausesMs");
        w.WriteNumber("p50", r.PauseP50Ms);
        w.WriteNumber("p99", r.PauseP99Ms);
        w.WriteNumber("max", r.PauseMaxMs);
        w.WriteEndObject();
        if (r.Stacks is { } stackTrend)
        {
            w.WriteStartObject("stacks");
            w.WriteString("verdict", stackTrend.Verdict.ToString().ToLowerInvariant());
            w.WriteString("explanation", stackTrend.Explanation);
            w.WriteNumber("slopeMBPerMinute", Math.Round(stackTrend.SlopeMBPerMinute, 4));
            w.WriteNumber("slopeMBPerCycle", Math.Round(stackTrend.SlopeMBPerCycle, 4));
            w.WriteNumber("confidence", Math.Round(stackTrend.Confidence, 4));
            w.WriteNumber("agreement", Math.Round(stackTrend.Agreement, 4));
            w.WriteNumber("floorRiseMB", stackTrend.FloorRiseMB);
            w.WriteEndObject();
        }
        w.WriteStartArray("series");
        foreach (var c in log.Cycles)
        {
            w.WriteStartObject();
            w.WriteNumber("gc", c.Number);
            w.WriteNumber("line", c.Line);
            w.WriteNumber("atSeconds", c.AtSeconds);
            w.WriteNumber("heapStartMB", c.HeapStartMB);
            w.WriteNumber("heapEndMB", c.HeapEndMB);
            w.WriteNumber("liveMB", c.LiveMB);
            if (c.GoalMB is { } goal) w.WriteNumber("goalMB", goal);
            if (c.StacksMB is { } stacks) w.WriteNumber("stacksMB", stacks);
            if (c.GlobalsMB is { } globals) w.WriteNumber("globalsMB", globals);
            w.WriteNumber("cpuPercent", c.CpuPercent);
            w.WriteNumber("pauseMs", Math.Round(c.PauseMs, 6));
            w.WriteNumber("procs", c.Procs);
            if (c.Forced) w.WriteBoolean("forced", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("scavenger");
        foreach (var s in log.Scavenger)
        {
            w.WriteStartObject();
            w.WriteNumber("line", s.Line);
            w.WriteString("format", s.Format);
            if (s.ReleasedKiB is { } released) w.WriteNumber("releasedKiB", released);
            if (s.TotalReleasedKiB is { } total) w.WriteNumber("totalReleasedKiB", total);
            if (s.UtilPercent is { } util) w.WriteNumber("utilPercent", util);
            if (s.Forced) w.WriteBoolean("forced", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("pacerLines", log.PacerLines);
        w.WriteNumber("otherLines", log.OtherLines);
        JsonShapes.WriteWarnings(w, log.Warnings);
        w.WriteStartArray("suspects");
        foreach (var s in r.Suspects) JsonShapes.WriteSuspect(w, s);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
