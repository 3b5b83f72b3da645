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
    public void VerdictOfEachFixture(string file, HeapVerdict expected)
    {
        var report = Analyze(file);
        Assert.Equal(expected, report.Verdict);
        Assert.Equal(expected == HeapVerdict.Growing, report.Suspects.Count == 1);
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
    public void WarmupIsTheFirstQuarterOfTheRun()
    {
        var report = Analyze("go1.19-stable.log");
        var cycles = report.Log.Cycles;
        Assert.Equal((cycles[^1].AtSeconds - cycles[0].AtSeconds) * 0.25, report.WarmupSeconds, 6);
        Assert.Equal(cycles.Count(c => c.AtSeconds >= cycles[0].AtSeconds + report.WarmupSeconds), report.WindowCycles);
    }

    [Fact]
    public void TooFewCyclesIsUnknown()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 6).Select(i =>
            $"gc {i} @{i}.000s 1%: 0.1+0.2+0.1 ms clock, 0.1+0.1/0.1/0.1+0.1 ms cpu, {i * 10}->{i * 10}->{i * 10} MB, {i * 20} MB goal, 4 P"));
        var report = GcTraceAnalysis.Analyze(new StringReader(lines), "few");
        Assert.Equal(HeapVerdict.Unknown, report.Verdict);
        Assert.Contains("too few", report.Explanation);
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

    /// <summary>Fresh logs of the two programs, captured now, give the same verdicts as the committed ones.</summary>
    [Fact]
    public async Task FreshLogsOfRealPrograms()
    {
        var go = GoToolchain.Require();
        var dir = Directory.CreateTempSubdirectory("lf-gctrace-").FullName;
        try
        {
            var logs = new Dictionary<string, Task<string>>();
            foreach (var name in new[] { "growing", "stable" })
            {
                var exe = Path.Combine(dir, name);
                GoToolchain.Run(go, $"build -o {exe} .", RepoPaths.Combine("testdata", "gctrace", "programs", name),
                    new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "lf-gocache") });
                logs[name] = Task.Run(() => RunForStderr(exe, "4"));
            }
            Assert.Equal(HeapVerdict.Growing, GcTraceAnalysis.Analyze(new StringReader(await logs["growing"]), "growing").Verdict);
            Assert.Equal(HeapVerdict.Stable, GcTraceAnalysis.Analyze(new StringReader(await logs["stable"]), "stable").Verdict);
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
