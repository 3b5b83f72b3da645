using System.Text.Json;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Proc;

/// <summary>`leakfinder proc` as text for a terminal and as the JSON of docs/json-output.md.</summary>
public static class ProcOutput
{
    private static string Kb(long? kb) => kb is { } v ? ProcAnalysis.Bytes(v * 1024) : "n/a";

    /// <param name="notCompared">With --before: what the comparison left out (<see cref="ProcAnalysis.NotCompared"/>).</param>
    public static void WriteText(TextWriter w, ProcReport r, IReadOnlyList<LeakSuspect> suspects, IReadOnlyList<string>? notCompared = null)
    {
        var s = r.Snapshot;
        w.WriteLine($"Process: {(s.Pid?.ToString() ?? "?")} {TerminalText.Escape(s.Name)} ({TerminalText.Escape(s.Source)})");
        w.WriteLine($"Memory: RSS {Kb(s.StatusKb("VmRSS"))} (anon {Kb(s.StatusKb("RssAnon"))}, file {Kb(s.StatusKb("RssFile"))}, shmem {Kb(s.StatusKb("RssShmem"))}), swap {Kb(s.StatusKb("VmSwap"))}, threads {s.StatusKb("Threads")?.ToString() ?? "n/a"}");
        if (s.SmapsRollup.Count > 0)
            w.WriteLine($"smaps_rollup: Rss {Kb(s.SmapsRollup.GetValueOrDefault("Rss"))}, Pss {Kb(s.SmapsRollup.GetValueOrDefault("Pss"))}, Anonymous {Kb(s.SmapsRollup.GetValueOrDefault("Anonymous"))}, Swap {Kb(s.SmapsRollup.GetValueOrDefault("Swap"))}");
        if (r.Go != null)
            w.WriteLine($"Go: {TerminalText.Escape(r.Go.Source)}: in-use heap {ProcAnalysis.Bytes(r.Go.HeapInUseBytes)}, expected resident at most {ProcAnalysis.Bytes(r.Go.ExpectedResidentBytes)}; {BeyondGo(r)}");
        w.WriteLine("Mappings (virtual size):");
        foreach (var g in r.Mappings)
            w.WriteLine($"  {g.Kind,-10} {g.Count,6} mappings {ProcAnalysis.Bytes(g.Bytes),12}" + (g.RssBytes is { } rss ? $", resident {ProcAnalysis.Bytes(rss)}" : ""));
        foreach (var rep in r.RepeatedFiles.Take(10)) w.WriteLine($"  repeated: {TerminalText.Escape(rep.Path)} x{rep.Count} ({ProcAnalysis.Bytes(rep.Bytes)})");
        w.WriteLine($"File descriptors: {s.Fds.Count}" + (r.FdsByKind.Count > 0 ? " (" + string.Join(", ", r.FdsByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")) + ")" : ""));
        foreach (var t in r.TopFdTargets.Take(5)) w.WriteLine($"  on one {(t.Kind == "peer" ? "peer" : "path")}: {TerminalText.Escape(t.Target)} x{t.Count}");
        w.WriteLine($"TCP sockets: {s.Tcp.Count}" + (r.TcpByState.Count > 0 ? " (" + string.Join(", ", r.TcpByState.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")) + ")" : ""));
        foreach (var (remote, count) in r.CloseWaitByRemote.OrderByDescending(k => k.Value).Take(10)) w.WriteLine($"  CLOSE_WAIT to {remote}: {count}");
        if (s.Cgroup is { } c)
            w.WriteLine($"Memory cgroup v{c.Version}: usage {Bytes(c.Usage)}, limit {(c.Limit is null ? "none" : Bytes(c.Limit))}, anon {Bytes(c.Anon)}, page cache {Bytes(c.File)}, shmem {Bytes(c.Shmem)}" +
                        (c.DistanceToLimit is { } d ? $", {ProcAnalysis.Bytes(d)} to the limit" : "") +
                        (c.OomKills is > 0 ? $", {c.OomKills} OOM kills" : ""));
        foreach (var warning in s.Warnings) w.WriteLine("warning: " + TerminalText.Escape(warning));
        foreach (var note in notCompared ?? []) w.WriteLine("warning: " + TerminalText.Escape(note));
        SuspectText.Write(w, suspects);
    }

    // Go's account is an upper bound (memory it obtained need not all be resident), so anonymous RSS below it
    // is no negative amount of C memory: it is all explained.
    private static string BeyondGo(ProcReport r)
    {
        if (ProcAnalysis.RssAnonBytes(r.Snapshot) is not { } anon) return "anonymous RSS unknown (no RssAnon in status nor Anonymous in smaps_rollup)";
        var beyond = anon - r.Go!.ExpectedResidentBytes;
        return beyond > 0
            ? $"anonymous RSS {ProcAnalysis.Bytes(anon)} is {ProcAnalysis.Bytes(beyond)} beyond it"
            : $"anonymous RSS {ProcAnalysis.Bytes(anon)} is within it (nothing beyond Go's account)";
    }

    private static string Bytes(long? b) => b is { } v ? ProcAnalysis.Bytes(v) : "n/a";

    public static void WriteJson(Stream output, ProcReport r, IReadOnlyList<LeakSuspect> suspects, IReadOnlyList<string>? notCompared = null)
    {
        using var w = JsonShapes.CreateWriter(output);
        var s = r.Snapshot;
        w.WriteStartObject();
        if (s.Pid is { } pid) w.WriteNumber("pid", pid);
        w.WriteString("name", s.Name);
        w.WriteString("source", s.Source);
        w.WriteStartObject("statusKB");
        foreach (var key in new[] { "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmSwap", "VmSize", "VmHWM" })
            if (s.StatusKb(key) is { } v) w.WriteNumber(key, v);
        w.WriteEndObject();
        if (s.StatusKb("Threads") is { } threads) w.WriteNumber("threads", threads);
        w.WriteStartObject("smapsRollupKB");
        foreach (var (k, v) in s.SmapsRollup) w.WriteNumber(k, v);
        w.WriteEndObject();
        w.WriteStartArray("mappings");
        foreach (var g in r.Mappings)
        {
            w.WriteStartObject();
            w.WriteString("kind", g.Kind);
            w.WriteNumber("count", g.Count);
            w.WriteNumber("bytes", g.Bytes);
            if (g.RssBytes is { } rss) w.WriteNumber("rssBytes", rss);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("repeatedFiles");
        foreach (var rep in r.RepeatedFiles)
        {
            w.WriteStartObject();
            w.WriteString("path", rep.Path);
            w.WriteNumber("count", rep.Count);
            w.WriteNumber("bytes", rep.Bytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("fds", s.Fds.Count);
        WriteCounts(w, "fdsByKind", r.FdsByKind);
        w.WriteStartArray("topFdTargets");
        foreach (var t in r.TopFdTargets)
        {
            w.WriteStartObject();
            w.WriteString("kind", t.Kind);
            w.WriteString("target", t.Target);
            w.WriteNumber("count", t.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteCounts(w, "tcpByState", r.TcpByState);
        WriteCounts(w, "closeWaitByRemote", r.CloseWaitByRemote);
        if (r.Go != null)
        {
            w.WriteStartObject("go");
            w.WriteString("source", r.Go.Source);
            w.WriteNumber("heapInUseBytes", r.Go.HeapInUseBytes);
            w.WriteNumber("expectedResidentBytes", r.Go.ExpectedResidentBytes);
            if (r.NonGoAnonBytes is { } gap) w.WriteNumber("nonGoAnonBytes", gap);
            w.WriteEndObject();
        }
        if (s.Cgroup is { } c)
        {
            w.WriteStartObject("cgroup");
            w.WriteNumber("version", c.Version);
            void N(string name, long? v) { if (v is { } x) w.WriteNumber(name, x); }
            N("usageBytes", c.Usage);
            N("limitBytes", c.Limit);
            N("anonBytes", c.Anon);
            N("fileBytes", c.File);
            N("shmemBytes", c.Shmem);
            N("distanceToLimitBytes", c.DistanceToLimit);
            N("oomKills", c.OomKills);
            w.WriteEndObject();
        }
        w.WriteStartArray("warnings");
        foreach (var warning in s.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
        if (notCompared != null)
        {
            w.WriteStartArray("notCompared");
            foreach (var note in notCompared) w.WriteStringValue(note);
            w.WriteEndArray();
        }
        w.WriteStartArray("suspects");
        foreach (var x in suspects) JsonShapes.WriteSuspect(w, x);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
