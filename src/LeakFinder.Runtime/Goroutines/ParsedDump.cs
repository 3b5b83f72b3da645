using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// A whole dump materialised as <see cref="Goroutine"/> objects: the model to inspect small dumps and to
/// test the parser. Large dumps go through <see cref="DumpAnalyzer"/>, which buckets while streaming.
/// </summary>
public sealed record ParsedDump(IReadOnlyList<Goroutine> Goroutines, DumpInfo Info, WarningList Warnings)
{
    public static ParsedDump Parse(Stream input, string sourceName, bool keepArguments = true)
    {
        var table = new FrameTable();
        var collector = new GoroutineCollector();
        var warnings = new WarningList(sourceName);
        var info = new GoroutineDumpParser(table, collector, warnings, keepArguments).Parse(input);
        return new ParsedDump(collector.Goroutines, info, warnings);
    }

    /// <summary>Parses text already in memory.</summary>
    public static ParsedDump Parse(ReadOnlySpan<byte> text, string sourceName, bool keepArguments = true)
    {
        var table = new FrameTable();
        var collector = new GoroutineCollector();
        var warnings = new WarningList(sourceName);
        var info = new GoroutineDumpParser(table, collector, warnings, keepArguments).Parse(text);
        return new ParsedDump(collector.Goroutines, info, warnings);
    }

    public static ParsedDump Parse(string text, string sourceName = "<text>") =>
        Parse(System.Text.Encoding.UTF8.GetBytes(text), sourceName);

    private sealed class GoroutineCollector : IGoroutineSink
    {
        public List<Goroutine> Goroutines { get; } = [];

        public void OnGoroutine(GoroutineRecord g, FrameTable table)
        {
            var frames = g.Frames;
            var offsets = g.Offsets;
            var stack = new Call[frames.Length];
            for (var i = 0; i < frames.Length; i++)
                stack[i] = table.ToCall(frames[i], i < g.Args.Count ? g.Args[i] : null, offsets[i]);
            var createdBy = g.CreatedBy >= 0 ? table.ToCall(g.CreatedBy, null, g.CreatedByOffset) : null;
            Goroutines.Add(new Goroutine(g.Id, table.States[g.StateId], g.WaitMinutes, g.LockedToThread, stack, createdBy,
                g.CreatorId, g.Count, g.ElidedFrames, g.Labels, g.SynctestBubble, g.Line));
        }
    }
}
