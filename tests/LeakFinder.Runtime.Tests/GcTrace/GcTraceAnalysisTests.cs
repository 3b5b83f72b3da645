using LeakFinder.Runtime.GcTrace;
using LeakFinder.Runtime.Suspects;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.GcTrace;

public class GcTraceAnalysisTests
{
    private static GcTraceReport Analyze(string name) => GcTraceAnalysis.Analyze(RepoPaths.Combine("testdata", "gctrace", name));

    [Theory]
    [InlineData("go1.19-growing.log", HeapVerdict.Growing)]
    [InlineData("go1.19-stable.log", HeapVerdict.Stable)]
    [InlineData("go1.5-growing.log", HeapVerdict.Growing)]
    [InlineData("go1.10-stable.log", HeapVerdict.Stable)]
    [InlineData("go1.16-growing.log", HeapVerdict.Growing)]
    [InlineData("go1.21-stable.log", HeapVerdict.Stable)]
    [InlineData("malformed.log", HeapVerdict.Unknown)]
    [InlineData("go1.19-growing-map.log", HeapVerdict.Growing)]
    [InlineData("go1.19-stable-map.log", HeapVerdict.Stable)]
    [InlineData("go1.19-stackgrowth.log", HeapVerdict.Stable)]
    public void VerdictOfEachFixture(string file, HeapVerdict expected)
    {
        var report = Analyze(file);
        Assert.Equal(expected, report.Verdict);
        Assert.Equal(expected == HeapVerdict.Growing, report.Suspects.Any(s => s.Kind == "heap-growth"));
    }

    [Fact]
    public void RealGrowingProgramSlopeIsItsLeakRate()
    {
        // programs/growing keeps 20 KiB per 10 ms tick: at most 117 MB/min; ticks run late under load.
        var report = Analyze("go1.19-growing.log");
        Assert.InRange(report.SlopeMBPerMinute, 60, 125);
        Assert.True(report.Confidence > 0.99);
        var suspect = Assert.Single(report.Suspects);
        Assert.Equal(EvidenceKind.GcTrace, suspect.Evidence);
        Assert.Equal("heap-growth", suspect.Kind);
        Assert.Null(suspect.Site);
        Assert.Contains("MB/min", suspect.Reason);
    }

    [Fact]
    public void WarmupIsTheFirstQuarterOfTheRunInTimeWhenCyclesAreEvenlySpaced()
    {
        // programs/stable collects at a steady rate: a quarter of the time is about a quarter of the cycles,
        // and the warm-up is whichever of the two skips fewer.
        var report = Analyze("go1.19-stable.log");
        var cycles = report.Log.Cycles;
        var byTime = cycles.Count(c => c.AtSeconds < cycles[0].AtSeconds + (cycles[^1].AtSeconds - cycles[0].AtSeconds) * 0.25);
        Assert.Equal(Math.Min(byTime, cycles.Count / 4), report.WarmupCycles);
        Assert.Equal(cycles.Count - report.WarmupCycles, report.WindowCycles);
        Assert.Equal(cycles[report.WarmupCycles].AtSeconds - cycles[0].AtSeconds, report.WarmupSeconds, 6);
    }

    [Fact]
    public void UnboundedMapUnderDefaultGogcIsGrowingFromFewCycles()
    {
        // Issue 15: live heap 1 -> 144 MB (heap 3 -> 191 MB) in 12 cycles, 8 of them in the run's first quarter
        // of time. The old time-only warm-up left 4 cycles and said "unknown"; a quarter of the cycles leaves 9.
        var report = Analyze("go1.19-growing-map.log");
        var cycles = report.Log.Cycles;
        Assert.True(cycles.Count < 20, $"{cycles.Count} cycles: the fixture is meant to have few");
        var afterTimeWarmup = cycles.Count(c => c.AtSeconds >= cycles[0].AtSeconds + (cycles[^1].AtSeconds - cycles[0].AtSeconds) * 0.25);
        Assert.True(afterTimeWarmup < GcTraceAnalysis.MinCycles, $"{afterTimeWarmup} cycles after a time warm-up: the fixture no longer shows the issue");
        Assert.Equal(HeapVerdict.Growing, report.Verdict);
        var heap = report.Heap!;
        Assert.True(heap.Confidence > 0.99, heap.Explanation);
        Assert.True(heap.Agreement > 0.9, heap.Explanation);
        Assert.True(heap.FloorRiseMB > 10, heap.Explanation);
        // The map grows ~140 MB in ~1.2 s: thousands of MB/min, and MBs per cycle.
        Assert.InRange(heap.SlopeMBPerMinute, 1000, 20000);
        Assert.True(heap.SlopeMBPerCycle > 1, heap.Explanation);
        var suspect = Assert.Single(report.Suspects);
        Assert.Equal("heap-growth", suspect.Kind);
        Assert.Contains("MB/cycle", suspect.Reason);
        Assert.Equal(HeapVerdict.Stable, report.Stacks!.Verdict); // no goroutines are leaked
    }

    [Fact]
    public void BoundedMapSawsAtOneLevelAndIsStable()
    {
        var report = Analyze("go1.19-stable-map.log");
        Assert.Equal(HeapVerdict.Stable, report.Verdict);
        Assert.Empty(report.Suspects);
        Assert.True(report.WindowCycles >= 40, $"{report.WindowCycles} cycles analysed");
    }

    [Fact]
    public void LeakedGoroutinesGrowTheStacksTrendNotTheHeap()
    {
        // programs/stackgrowth leaks goroutines with ~64 KiB stacks: "S MB stacks" climbs to ~60 MB, live heap stays at ~1 MB.
        var report = Analyze("go1.19-stackgrowth.log");
        Assert.Equal(HeapVerdict.Stable, report.Verdict);
        var stacks = report.Stacks!;
        Assert.Equal(HeapVerdict.Growing, stacks.Verdict);
        Assert.True(stacks.LastMB - stacks.FirstMB >= 20, stacks.Explanation);
        Assert.True(stacks.SlopeMBPerMinute > 100, stacks.Explanation);
        var suspect = Assert.Single(report.Suspects);
        Assert.Equal("stack-growth", suspect.Kind);
        Assert.Contains("goroutine stacks", suspect.Reason);
    }

    [Fact]
    public void LogsBeforeGo118HaveNoStacksTrend()
    {
        Assert.Null(Analyze("go1.16-growing.log").Stacks);
        Assert.NotNull(Analyze("go1.21-stable.log").Stacks);
    }

    [Fact]
    public void SawtoothThatReturnsToItsFloorIsStable()
    {
        // A cache filled 10 -> 50 MB and flushed, four times: Mann-Kendall alone sees more rising pairs than
        // falling ones (every tooth rises), but the floor of the last quarter is the floor of the first.
        var lines = Enumerable.Range(0, 60).Select(i =>
            $"gc {i + 1} @{i + 1}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, 90->95->{10 + (i % 15) * 40 / 14} MB, 100 MB goal, 4 P");
        var report = GcTraceAnalysis.Analyze(new StringReader(string.Join('\n', lines)), "sawtooth");
        Assert.Equal(HeapVerdict.Stable, report.Verdict);
        Assert.Empty(report.Suspects);
    }

    [Fact]
    public void FiveCyclesThatAllRiseAreGrowing()
    {
        // The fewest cycles judged: 5 strictly rising values are a 1-in-120 chance under no trend.
        var lines = Enumerable.Range(1, 6).Select(i =>
            $"gc {i} @{i}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, {i * 20}->{i * 20}->{i * 10} MB, {i * 20} MB goal, 4 P");
        var report = GcTraceAnalysis.Analyze(new StringReader(string.Join('\n', lines)), "five");
        Assert.Equal(5, report.WindowCycles);
        Assert.Equal(HeapVerdict.Growing, report.Verdict);
        Assert.Equal(10, report.Heap!.SlopeMBPerCycle, 6);
        Assert.Equal(600, report.SlopeMBPerMinute, 6);
    }

    [Fact]
    public void TooFewCyclesIsUnknown()
    {
        // 5 cycles, one of them warm-up: 4 left, below the 5 a trend needs, however clearly they rise.
        var lines = string.Join('\n', Enumerable.Range(1, 5).Select(i =>
            $"gc {i} @{i}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, {i * 10}->{i * 10}->{i * 10} MB, {i * 20} MB goal, 4 P"));
        var report = GcTraceAnalysis.Analyze(new StringReader(lines), "few");
        Assert.Equal(HeapVerdict.Unknown, report.Verdict);
        Assert.Contains("too few", report.Explanation);
        Assert.Equal(4, report.WindowCycles);
    }

    [Fact]
    public void NoGcLinesIsUnknownWithAHint()
    {
        var report = GcTraceAnalysis.Analyze(new StringReader("hello\nworld\n"), "plain");
        Assert.Equal(HeapVerdict.Unknown, report.Verdict);
        Assert.Contains("GODEBUG=gctrace=1", report.Explanation);
        Assert.Equal(2, report.Log.OtherLines);
    }

    [Fact]
    public void OneOutlierDoesNotMakeAFlatHeapGrow()
    {
        // A flat 50 MB heap with one 400 MB spike (a batch job) at the end: Theil-Sen and Mann-Kendall ignore it.
        var lines = Enumerable.Range(1, 60).Select(i =>
            $"gc {i} @{i}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, 90->95->{(i == 58 ? 400 : 50 + i % 3)} MB, 100 MB goal, 4 P");
        var report = GcTraceAnalysis.Analyze(new StringReader(string.Join('\n', lines)), "spike");
        Assert.Equal(HeapVerdict.Stable, report.Verdict);
    }

    [Fact]
    public void SlowSteadyLeakOverAnHourIsGrowing()
    {
        // 1 MB every 5 minutes, a GC every 30 s, integer-MB resolution: 12 MB over an hour.
        var lines = Enumerable.Range(1, 120).Select(i =>
            $"gc {i} @{i * 30}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, 90->95->{40 + i * 30 / 300} MB, 100 MB goal, 4 P");
        var report = GcTraceAnalysis.Analyze(new StringReader(string.Join('\n', lines)), "slow");
        Assert.Equal(HeapVerdict.Growing, report.Verdict);
        Assert.InRange(report.SlopeMBPerMinute, 0.15, 0.25);
    }

    [Fact]
    public void TheilSenAndMannKendallOnKnownSeries()
    {
        var t = Trend.Of([1, 2, 3, 4, 5], [2, 4, 6, 8, 100]);
        Assert.Equal(2, t.Slope);
        Assert.Equal(10, t.MannKendallS);
        var flat = Trend.Of([1, 2, 3, 4], [5, 5, 5, 5]);
        Assert.Equal(0, flat.Slope);
        Assert.Equal(0.5, flat.IncreaseConfidence, 6);
        Assert.Equal(0.975, Trend.NormalCdf(1.959964), 5);
    }

    /// <summary>Fresh logs of the programs, captured now, give the same verdicts as the committed ones.</summary>
    [Fact]
    public async Task FreshLogsOfRealPrograms()
    {
        var go = GoToolchain.Require();
        var dir = Directory.CreateTempSubdirectory("lf-gctrace-").FullName;
        try
        {
            // program, its argument, the live-heap verdict, the goroutine-stacks verdict (Go 1.18+ lines carry stacks)
            var runs = new (string Name, string Args, HeapVerdict Heap, HeapVerdict Stacks)[]
            {
                ("growing", "4", HeapVerdict.Growing, HeapVerdict.Stable),
                ("stable", "4", HeapVerdict.Stable, HeapVerdict.Stable),
                ("mapleak", "160", HeapVerdict.Growing, HeapVerdict.Stable),
                ("stackgrowth", "3", HeapVerdict.Stable, HeapVerdict.Growing),
            };
            var logs = new Dictionary<string, Task<string>>();
            foreach (var run in runs)
            {
                var exe = Path.Combine(dir, run.Name);
                GoToolchain.Run(go, $"build -o {exe} .", RepoPaths.Combine("testdata", "gctrace", "programs", run.Name),
                    new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "lf-gocache") });
                logs[run.Name] = Task.Run(() => RunForStderr(exe, run.Args));
            }
            foreach (var run in runs)
            {
                var report = GcTraceAnalysis.Analyze(new StringReader(await logs[run.Name]), run.Name);
                Assert.True(run.Heap == report.Verdict, $"{run.Name}: {report.Explanation}");
                Assert.True(run.Stacks == report.Stacks?.Verdict, $"{run.Name}: {report.Stacks?.Explanation}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RunForStderr(string exe, string args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(exe, args) { RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["GODEBUG"] = "gctrace=1";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return stderr;
    }
}
