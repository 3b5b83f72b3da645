using System.Globalization;
using System.Text.RegularExpressions;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.GcTrace;

/// <summary>Everything a gctrace log held: GC cycles, scavenger lines, pacer lines, and what could not be read.</summary>
public sealed class GcTraceLog
{
    public List<GcCycle> Cycles { get; } = [];
    public List<ScavengerEvent> Scavenger { get; } = [];
    public int PacerLines { get; set; }
    /// <summary>`GC forced` lines: the periodic forced GC of an idle program (every 2 minutes).</summary>
    public int ForcedGcLines { get; set; }
    /// <summary>Lines that were not the runtime's: the program's own output, mixed into stderr.</summary>
    public long OtherLines { get; set; }
    public long TotalLines { get; set; }
    /// <summary>The line where the last run of the program starts, when the log holds several (GC numbers restart).</summary>
    public long RestartLine { get; set; }
    /// <summary>Lines that looked like the runtime's but did not parse, as `file:line: message` (capped).</summary>
    public required WarningList Warnings { get; init; }

    internal void Warn(long line, string message) => Warnings.Add(line, message);
}

/// <summary>
/// A streaming reader of GODEBUG=gctrace=1 (and scavtrace=1, gcpacertrace=1) output of every Go version
/// since 1.5, one state per line kind. GC lines are found anywhere in a line (log shippers prefix
/// timestamps); lines that look like GC lines but do not parse are warnings, not errors; everything else
/// is the program's own output and is skipped.
/// </summary>
public static partial class GcTraceParser
{
    [GeneratedRegex(@"gc #?\d+ @\d", RegexOptions.CultureInvariant)]
    private static partial Regex GcLineStart();

    // Go 1.19-1.20: scav 4 KiB work, 260 KiB total, 91% util; 1.15-1.18 add a generation after "scav";
    // 1.21+: scav 0 KiB work (bg), 0 KiB work (eager), 304 KiB total, 98% util.
    [GeneratedRegex(@"^scav (?:\d+ )?(?<work>\d+) KiB work(?: \(bg\))?, (?:(?<eager>\d+) KiB work \(eager\), )?(?<total>\d+) KiB total, (?<util>\d+)% util(?<forced> \(forced\))?", RegexOptions.CultureInvariant)]
    private static partial Regex ScavLine();

    // Go 1.5-1.12: scvg0: inuse: 3, idle: 0, sys: 4, released: 0, consumed: 4 (MB)  and  scvg0: 12 MB released;
    // 1.13-1.14: scvg: 8 KB released  and  scvg: inuse: ...
    [GeneratedRegex(@"^scvg(?<gen>-?\d*): (?:(?<mb>\d+) MB released|(?<kb>\d+) KB released|inuse: \d+, idle: \d+, sys: \d+, released: (?<rel>\d+), consumed: \d+ \(MB\))", RegexOptions.CultureInvariant)]
    private static partial Regex ScvgLine();

    public static GcTraceLog Parse(TextReader reader, string name)
    {
        var log = new GcTraceLog { Warnings = new WarningList(name) };
        long lineNumber = 0;
        var lines = new Input.BoundedLineReader(reader);
        string? line;
        while ((line = lines.ReadLine(out var cut)) != null)
        {
            lineNumber++;
            if (cut) log.Warn(lineNumber, $"line longer than {Input.BoundedLineReader.MaxLineChars >> 20} Mi characters, cut");
            ReadLine(log, line, lineNumber);
        }
        log.TotalLines = lineNumber;
        return log;
    }

    private static void ReadLine(GcTraceLog log, string line, long lineNumber)
    {
        var gcAt = line.IndexOf("gc ", StringComparison.Ordinal);
        if (gcAt >= 0 && line.Contains(" ms clock", StringComparison.Ordinal))
        {
            // The line may carry a prefix (a log shipper's timestamp): try each "gc " in it.
            for (var at = gcAt; at >= 0; at = line.IndexOf("gc ", at + 3, StringComparison.Ordinal))
                if (GcLineScanner.TryParse(line.AsSpan(at), lineNumber) is { } cycle) { AddCycle(log, cycle); return; }
        }
        if (gcAt >= 0 && GcLineStart().IsMatch(line))
        {
            log.Warn(lineNumber, "malformed gctrace line (cut short or interleaved with other output): " + Shorten(line));
            return;
        }
        if (line.StartsWith("scav", StringComparison.Ordinal) || line.StartsWith("scvg", StringComparison.Ordinal) || line.StartsWith("forced scvg", StringComparison.Ordinal))
        {
            if (ReadScavenger(line, lineNumber) is { } e) { log.Scavenger.Add(e); return; }
            log.Warn(lineNumber, "unrecognised scavenger line: " + Shorten(line));
            return;
        }
        if (line.StartsWith("pacer:", StringComparison.Ordinal)) { log.PacerLines++; return; }
        if (line == "GC forced") { log.ForcedGcLines++; return; }
        log.OtherLines++;
    }

    private static void AddCycle(GcTraceLog log, GcCycle cycle)
    {
        var (number, lineNumber) = (cycle.Number, cycle.Line);
        if (log.Cycles.Count > 0 && number < log.Cycles[^1].Number)
        {
            // GC numbers only grow within a process: a smaller one is a restart; the last run is the one analysed.
            log.Warn(lineNumber, $"gc {number} after gc {log.Cycles[^1].Number}: the program restarted; analysing the run from here on");
            log.RestartLine = lineNumber;
            log.Cycles.Clear();
        }
        log.Cycles.Add(cycle);
    }

    private static ScavengerEvent? ReadScavenger(string line, long lineNumber)
    {
        // Go 1.13's debug.FreeOSMemory prints its scavenger lines with a "forced " prefix.
        if (line.StartsWith("forced ", StringComparison.Ordinal))
            return ReadScavenger(line["forced ".Length..], lineNumber) is { } forced ? forced with { Forced = true } : null;
        var m = ScavLine().Match(line);
        if (m.Success)
        {
            var work = Long(m, "work") + (Long(m, "eager") ?? 0);
            return new ScavengerEvent(lineNumber, m.Groups["eager"].Success ? "scav-1.21" : "scav", work, Long(m, "total"),
                (int?)Long(m, "util"), m.Groups["forced"].Success);
        }
        m = ScvgLine().Match(line);
        if (!m.Success) return null;
        if (m.Groups["mb"].Success) return new ScavengerEvent(lineNumber, "scvg", Long(m, "mb") * 1024, null, null, m.Groups["gen"].Value == "-1");
        if (m.Groups["kb"].Success) return new ScavengerEvent(lineNumber, "scvg", Long(m, "kb"), null, null, false);
        return new ScavengerEvent(lineNumber, "scvg-summary", null, Long(m, "rel") * 1024, null, m.Groups["gen"].Value == "-1");
    }

    private static long? Long(Match m, string group) =>
        m.Groups[group].Success && long.TryParse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";
}
