using LeakFinder.Runtime.GcTrace;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.GcTrace;

public class GcTraceParserTests
{
    private static GcTraceLog ParseFixture(string name) =>
        GcTraceParser.Parse(new StreamReader(RepoPaths.Combine("testdata", "gctrace", name)), name);

    private static GcCycle ParseOne(string line)
    {
        var log = GcTraceParser.Parse(new StringReader(line), "t");
        Assert.Empty(log.Warnings.Items);
        return Assert.Single(log.Cycles);
    }

    [Fact]
    public void Go119LineWithStacksAndGlobals()
    {
        var c = ParseOne("gc 64 @2.451s 7%: 184+0.31+0.003 ms clock, 369+0.090/0.064/0+0.006 ms cpu, 10->11->5 MB, 12 MB goal, 0 MB stacks, 1 MB globals, 2 P");
        Assert.Equal(64, c.Number);
        Assert.Equal(2.451, c.AtSeconds);
        Assert.Equal(7, c.CpuPercent);
        Assert.Equal([184, 0.31, 0.003], c.ClockMs);
        Assert.Equal([369, 0.090, 0.064, 0, 0.006], c.CpuMs);
        Assert.Equal((10, 11, 5), (c.HeapStartMB, c.HeapEndMB, c.LiveMB));
        Assert.Equal(12, c.GoalMB);
        Assert.Equal(0, c.StacksMB);
        Assert.Equal(1, c.GlobalsMB);
        Assert.Equal(2, c.Procs);
        Assert.False(c.Forced);
        Assert.Equal(184.003, c.PauseMs, 6);
    }

    [Fact]
    public void Go15LineHasFivePhasesAndForced()
    {
        var c = ParseOne("gc 20 @5.1s 3%: 0.1+0.2+0.3+0.4+0.5 ms clock, 1+2+3+4/5/6+7 ms cpu, 8->9->4 MB, 8 MB goal, 4 P (forced)");
        Assert.Equal(5, c.ClockMs.Length);
        Assert.Equal(7, c.CpuMs.Length);
        Assert.True(c.Forced);
        Assert.Null(c.StacksMB);
        Assert.Equal(0.6, c.PauseMs, 6); // sweep termination + mark termination
    }

    [Fact]
    public void Go17To117LineHasNoStacksOrGlobals()
    {
        var c = ParseOne("gc 3 @0.852s 1%: 0.712+0.522+0.273 ms clock, 0.505+1.3/0.779/0.076+0.631 ms cpu, 10->11->5 MB, 10 MB goal, 8 P");
        Assert.Equal(10, c.GoalMB);
        Assert.Null(c.GlobalsMB);
        Assert.Equal(8, c.Procs);
    }

    [Fact]
    public void HashNumberOfOldTracesIsAccepted() =>
        Assert.Equal(7, ParseOne("gc #7 @1.000s 1%: 1+2+3 ms clock, 1+2/3/4+5 ms cpu, 4->4->1 MB, 5 MB goal, 4 P").Number);

    [Theory]
    [InlineData("go1.5-growing.log", 40, 6)]
    [InlineData("go1.10-stable.log", 40, 6)]
    [InlineData("go1.16-growing.log", 30, 5)]
    [InlineData("go1.21-stable.log", 30, 5)]
    [InlineData("go1.19-growing.log", 111, 0)]
    [InlineData("go1.19-stable.log", 219, 0)]
    public void EveryFormatFixtureParsesWithoutWarnings(string file, int cycles, int scavengerLines)
    {
        var log = ParseFixture(file);
        Assert.Empty(log.Warnings.Items);
        Assert.Equal(cycles, log.Cycles.Count);
        Assert.Equal(scavengerLines, log.Scavenger.Count);
        Assert.Equal(Enumerable.Range(1, cycles), log.Cycles.Select(c => c.Number));
    }

    [Fact]
    public void ScavengerFormatsOfEachGeneration()
    {
        var log = GcTraceParser.Parse(new StringReader(string.Join('\n',
            "scvg0: inuse: 3, idle: 0, sys: 4, released: 0, consumed: 4 (MB)",
            "scvg1: 12 MB released",
            "scvg-1: 3 MB released",
            "scvg: 8 KB released",
            "forced scvg: 1 MB released",
            "scav 5 2048 KiB work, 4096 KiB total, 80% util (forced)",
            "scav 4 KiB work, 260 KiB total, 91% util",
            "scav 100 KiB work (bg), 28 KiB work (eager), 304 KiB total, 98% util")), "s");
        Assert.Empty(log.Warnings.Items);
        Assert.Equal([null, 12 * 1024, 3 * 1024, 8, 1024, 2048, 4, 128], log.Scavenger.Select(s => s.ReleasedKiB));
        Assert.Equal([false, false, true, false, true, true, false, false], log.Scavenger.Select(s => s.Forced));
        Assert.Equal(98, log.Scavenger[^1].UtilPercent);
    }

    [Fact]
    public void PacerAndForcedLinesAreCounted()
    {
        var log = ParseFixture("go1.21-stable.log");
        Assert.Equal(60, log.PacerLines);
        Assert.Equal(3, log.Cycles.Count(c => c.Forced));
        Assert.Equal(1, ParseFixture("go1.10-stable.log").ForcedGcLines);
    }

    [Fact]
    public void MalformedLinesAreWarningsWithLineNumbersAndTheRestIsRead()
    {
        var log = ParseFixture("malformed.log");
        Assert.Contains(log.Warnings.Items, w => w.ToString().StartsWith("malformed.log:3: malformed gctrace line"));
        Assert.Contains(log.Warnings.Items, w => w.ToString().StartsWith("malformed.log:4: malformed gctrace line"));
        Assert.Contains(log.Warnings.Items, w => w.ToString().StartsWith("malformed.log:6: unrecognised scavenger line"));
        Assert.Contains(log.Warnings.Items, w => w.ToString().StartsWith("malformed.log:8: gc 1 after gc 5: the program restarted"));
        // The restart leaves the last run: gc 1 and gc 2 (forced); the shipper-prefixed gc 4 was read before it.
        Assert.Equal([1, 2], log.Cycles.Select(c => c.Number));
        Assert.True(log.Cycles[1].Forced);
        Assert.Equal(8, log.RestartLine);
    }

    [Fact]
    public void GarbageNeverThrows()
    {
        var random = new Random(3);
        var source = File.ReadAllText(RepoPaths.Combine("testdata", "gctrace", "go1.21-stable.log"));
        for (var i = 0; i < 200; i++)
        {
            var chars = source.ToCharArray();
            for (var k = 0; k < 40; k++) chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            var report = GcTraceAnalysis.Analyze(new StringReader(new string(chars)), "fuzz");
            Assert.NotNull(report.Explanation);
        }
    }
}

/// <summary>A line of garbage far longer than any gctrace line is cut, not held whole (issue #14: 100 MB took 669 MB).</summary>
public class GcTraceLongLineTests
{
    [Fact]
    public void A_line_longer_than_the_limit_is_cut_with_a_warning_and_the_next_lines_still_read()
    {
        var huge = new string('x', LeakFinder.Runtime.Input.BoundedLineReader.MaxLineChars * 3);
        var text = huge + "\ngc 1 @0.010s 2%: 0.012+0.35+0.003 ms clock, 0.048+0.10/0.30/0.20+0.012 ms cpu, 4->4->1 MB, 5 MB goal, 4 P\r\n";
        var log = LeakFinder.Runtime.GcTrace.GcTraceParser.Parse(new StringReader(text), "big.log");
        Assert.Single(log.Cycles);
        Assert.Equal(2, log.TotalLines);
        Assert.Contains(log.Warnings.Items, w => w.Line == 1 && w.Message == "line longer than 1 Mi characters, cut");
    }
}
