using System.Text.Json;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Races;

/// <summary>`leakfinder race` as text for a terminal and as the JSON of docs/json-output.md.</summary>
public static class RaceOutput
{
    /// <summary>"write/write" or "write/read": what the pair's reports did, the worse first.</summary>
    public static string Kind(RacePair p) => p.WriteWrite ? "write/write" : "write/read";

    public static void WriteText(TextWriter w, RaceReport r, int top = int.MaxValue)
    {
        var pairs = r.Pairs;
        w.WriteLine($"Data races: {r.Reports} report{(r.Reports == 1 ? "" : "s")}, {pairs.Count} racing pair{(pairs.Count == 1 ? "" : "s")}" +
                    (pairs.Count > 0 ? $" ({pairs.Count(p => p.WriteWrite)} write/write, {pairs.Count(p => !p.WriteWrite)} write/read)" : ""));
        if (r.Log.LogPrefix is { } prefix) w.WriteLine($"Reports unwrapped from: {TerminalText.Escape(prefix)}");
        if (r.Log.FoundCount is { } found && found != r.Reports)
            w.WriteLine($"The detector said it found {found} data race(s); {r.Reports} report{(r.Reports == 1 ? " was" : "s were")} read");
        var rank = 0;
        foreach (var p in pairs.Take(top))
        {
            rank++;
            w.WriteLine();
            w.WriteLine($"#{rank}  {p.Count} report{(p.Count == 1 ? "" : "s")}, {Kind(p)}{(p.SameSite ? ", one site racing with itself" : "")}");
            WriteSide(w, p.SameSite ? Merged(p.A, p.B) : p.A);
            if (!p.SameSite) WriteSide(w, p.B);
            if (p.Tests.Count > 0) w.WriteLine($"    tests: {TerminalText.Escape(string.Join(", ", p.Tests))}");
            w.WriteLine($"    report lines: {string.Join(", ", p.Lines.Take(10))}{(p.Lines.Count > 10 ? ", ..." : "")}");
        }
        if (pairs.Count > top) w.WriteLine($"\n... {pairs.Count - top} more pairs (--top)");
        foreach (var warning in r.Log.Warnings.Items) w.WriteLine("warning: " + TerminalText.Escape(warning.ToString()));
        if (r.Log.Warnings.Total > r.Log.Warnings.Items.Count) w.WriteLine($"warning: ... {r.Log.Warnings.Total - r.Log.Warnings.Items.Count} more");
    }

    private static void WriteSide(TextWriter w, RaceSide side)
    {
        var ops = string.Join(", ", side.Operations.Select(o => side.Operations.Count == 1 ? o.Key : $"{o.Key} x{o.Value}"));
        w.WriteLine($"    {ops,-6} {Site(side.Site)}");
        foreach (var (site, count) in side.CreatedAt.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3))
            w.WriteLine($"           by a goroutine created at {TerminalText.Escape(site)}{(count > 1 ? $" (x{count})" : "")}");
        if (side.CreatedAt.Count > 3) w.WriteLine($"           ... {side.CreatedAt.Count - 3} more creation sites");
    }

    /// <summary>Both sides of a site racing with itself, as one: its operations and creation sites together.</summary>
    public static RaceSide Merged(RaceSide a, RaceSide b)
    {
        var merged = new RaceSide { Site = a.Site };
        foreach (var side in new[] { a, b })
        {
            foreach (var (op, n) in side.Operations) merged.Operations[op] = merged.Operations.GetValueOrDefault(op) + n;
            foreach (var (site, n) in side.CreatedAt) merged.CreatedAt[site] = merged.CreatedAt.GetValueOrDefault(site) + n;
        }
        return merged;
    }

    private static string Site(RaceFrame? f) => f is null ? "(no stack)" : TerminalText.Escape($"{f.Function} {f.File}:{f.Line}");

    public static void WriteJson(Stream output, RaceReport r)
    {
        using var w = JsonShapes.CreateWriter(output);
        w.WriteStartObject();
        w.WriteNumber("reports", r.Reports);
        if (r.Log.FoundCount is { } found) w.WriteNumber("foundCount", found);
        if (r.Log.LogPrefix is { } prefix) w.WriteString("logPrefix", prefix);
        w.WriteStartArray("pairs");
        foreach (var p in r.Pairs)
        {
            w.WriteStartObject();
            w.WriteNumber("count", p.Count);
            w.WriteString("kind", Kind(p));
            w.WriteNumber("writeWriteCount", p.WriteWriteCount);
            WriteSide(w, "a", p.A);
            WriteSide(w, "b", p.B);
            w.WriteStartArray("tests");
            foreach (var t in p.Tests) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteStartArray("lines");
            foreach (var l in p.Lines) w.WriteNumberValue(l);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("totalLines", r.Log.TotalLines);
        w.WriteNumber("otherLines", r.Log.OtherLines);
        JsonShapes.WriteWarnings(w, r.Log.Warnings);
        w.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter w, string name, RaceSide side)
    {
        w.WriteStartObject(name);
        if (side.Site is { } f)
        {
            w.WriteString("function", f.Function);
            w.WriteString("file", f.File);
            w.WriteNumber("line", f.Line);
        }
        w.WriteStartObject("operations");
        foreach (var (op, count) in side.Operations) w.WriteNumber(op, count);
        w.WriteEndObject();
        w.WriteStartArray("createdAt");
        foreach (var (site, count) in side.CreatedAt.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("site", site);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
