using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Bucketing, benign classification and suspect ranking over real and newer-format dumps.</summary>
public class DumpAnalysisTests
{
    [Theory]
    [InlineData("go1.19.8-debug2.txt")]
    [InlineData("go1.19.8-debug1.txt")]
    [InlineData("go1.19.8-panic-all.txt")]
    [InlineData("go1.19.8-panic-system.txt")]
    [InlineData("go1.19.8-panic-ancestors.txt")]
    [InlineData("go1.19.8-sigquit.txt")]
    [InlineData("go1.19.8-deadlock.txt")]
    public void TheLeakingSendIsTheTopSuspectInEveryForm(string fixture)
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path(fixture));
        var top = analysis.Suspects[0];
        Assert.Equal(new SourceSite("main.leakySend", "/src/dumpgen/main.go", DumpFixtures.Mark("send")), top.Suspect.Site);
        Assert.Equal(DumpgenExpectations.Leaks, top.Goroutines);
        Assert.Equal(EvidenceKind.GoroutineDump, top.Suspect.Evidence);
        Assert.Equal("goroutine-leak", top.Suspect.Kind);
        Assert.InRange(top.Suspect.Score, 0.5, 0.99);
        Assert.StartsWith("40 goroutines ", top.Suspect.Reason);
        Assert.Contains($"main.leakySend (main.go:{DumpFixtures.Mark("send")})", top.Suspect.Reason);
        // The only other suspect is the nil-channel receive: one goroutine, but blocked forever by construction.
        // The aggregated form prints no states, so there it is one parked goroutine like any other.
        if (analysis.Info.Aggregated)
        {
            Assert.Single(analysis.Suspects);
            return;
        }
        var rest = Assert.Single(analysis.Suspects.Skip(1));
        Assert.Equal("main.nilReceive", rest.Suspect.Site!.Function);
        Assert.True(rest.Suspect.Score < top.Suspect.Score);
    }

    [Fact]
    public void TracebackStatesNameTheWaitAndTheCreatorInTheReason()
    {
        var top = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug2.txt")).Suspects[0];
        Assert.Equal(WaitKind.ChanSend, top.Kind);
        Assert.Equal($"40 goroutines blocked in channel send at main.leakySend (main.go:{DumpFixtures.Mark("send")}), all created by main.startLeaks (main.go:{DumpFixtures.Mark("spawn")})",
            top.Suspect.Reason);
    }

    [Fact]
    public void AHealthyServerWithWorkersSignalsAndIdleConnectionsHasNoSuspect()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-healthy-debug2.txt"));
        Assert.Empty(analysis.Suspects);
        Assert.Contains(analysis.Buckets, b => b.BenignReason == "signal handling");
        Assert.Contains(analysis.Buckets, b => b.BenignReason == "listener accept loop");
        Assert.Contains(analysis.Buckets, b => b.BenignReason == "idle HTTP server connection");
        Assert.Contains(analysis.Buckets, b => b.BenignReason == "goroutine writing the dump");
        var workers = analysis.Buckets.Single(b => b.Site?.Function == "main.worker");
        Assert.Null(workers.BenignReason);
        Assert.Equal(3, workers.Count);
    }

    [Fact]
    public void RuntimeGoroutinesOfGotracebackSystemAreBenign()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-panic-system.txt"));
        var runtimeStates = analysis.Buckets.Where(b => b.State is "force gc (idle)" or "GC sweep wait" or "GC scavenge wait" or "finalizer wait").ToList();
        Assert.NotEmpty(runtimeStates);
        Assert.All(runtimeStates, b => Assert.Equal("runtime worker", b.BenignReason));
        // The stuck site skips runtime.gopark and friends for the user frame.
        var send = analysis.Buckets.Single(b => b.Count == DumpgenExpectations.Leaks);
        Assert.Equal("runtime.gopark", send.Stack[0].Function);
        Assert.Equal("main.leakySend", send.Site!.Function);
    }

    [Fact]
    public void BucketsIgnoreArgumentsAndKeepMinMaxWaitAndSampleIds()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.HandwrittenPath("go1.21-sigquit-created-in-goroutine.txt"));
        var bucket = analysis.Buckets[0];
        Assert.Equal(36, bucket.Count);
        Assert.Equal(3, bucket.MinWaitMinutes);
        Assert.Equal(38, bucket.MaxWaitMinutes);
        Assert.Equal([21L, 22, 23, 24, 25], bucket.SampleIds);
        Assert.Equal(43, analysis.TotalGoroutines);
    }

    [Fact]
    public void Go121LeakInAnInlinedGenericFunctionIsReportedAtTheInlinedFrame()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.HandwrittenPath("go1.21-sigquit-created-in-goroutine.txt"));
        var top = Assert.Single(analysis.Suspects);
        Assert.Equal(new SourceSite("main.fanOut[...]", "/home/dev/svc/pipeline.go", 27), top.Suspect.Site);
        Assert.Equal(36, top.Goroutines);
        Assert.Equal(38, top.MaxWaitMinutes);
        Assert.Equal("main.handle", top.CreatedBy!.Function);
        Assert.Equal("runtime worker", analysis.Buckets.Single(b => b.State == "select" && b.LockedToThread).BenignReason);
        Assert.Equal("listener accept loop", analysis.Buckets.Single(b => b.SampleIds.Contains(1)).BenignReason);
    }

    [Fact]
    public void Go123LongSelectWaitsRankAboveTheCountAlone()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.HandwrittenPath("go1.23-panic-traceback-system.txt"));
        var top = Assert.Single(analysis.Suspects);
        Assert.Equal(new SourceSite("main.(*Poller).run", "/srv/app/poller.go", 52), top.Suspect.Site);
        Assert.Equal(WaitKind.Select, top.Kind);
        Assert.Equal(123, top.MaxWaitMinutes);
        var sameCountShortWait = DumpAnalyzer.AnalyzeText(File.ReadAllText(DumpFixtures.HandwrittenPath("go1.23-panic-traceback-system.txt"))
            .Replace(" minutes]:", "]:").Replace(", 9", ", ").Replace(", 1", ", "));
        Assert.True(top.Suspect.Score > sameCountShortWait.Suspects[0].Suspect.Score);
    }

    [Fact]
    public void Go125MutexPileupInHandlersIsTheTopSuspectAndPprofHandlerIsNot()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.HandwrittenPath("go1.25-debug2-sync-wait-reasons.txt"));
        Assert.Equal(2, analysis.Suspects.Count);
        var top = analysis.Suspects[0];
        Assert.Equal(new SourceSite("example.com/api/cache.(*Cache).Get", "/app/cache/cache.go", 57), top.Suspect.Site);
        Assert.Equal(WaitKind.Mutex, top.Kind);
        Assert.Equal(48, top.Goroutines);
        Assert.Equal("example.com/api/metrics.(*Exporter).loop", analysis.Suspects[1].Suspect.Site!.Function);
        Assert.Equal(WaitKind.NilChan, analysis.Suspects[1].Kind);
        Assert.Equal("goroutine writing the dump", analysis.Buckets.Single(b => b.SampleIds.Contains(9)).BenignReason);
        Assert.Equal("idle HTTP server connection", analysis.Buckets.Single(b => b.SampleIds.Contains(11)).BenignReason);
        Assert.Equal(WaitKind.WaitGroup, analysis.Buckets.Single(b => b.SampleIds.Contains(13)).Kind);
        Assert.Equal(WaitKind.Cond, analysis.Buckets.Single(b => b.SampleIds.Contains(14)).Kind);
    }

    [Fact]
    public void TestFrameworkGoroutinesAreBenignAndSynctestStatesClassify()
    {
        var analysis = DumpAnalyzer.AnalyzeFile(DumpFixtures.HandwrittenPath("go1.25-test-timeout-synctest.txt"));
        Assert.Empty(analysis.Suspects);
        Assert.Equal("test framework", analysis.Buckets.Single(b => b.SampleIds.Contains(1)).BenignReason);
        Assert.Equal("test framework", analysis.Buckets.Single(b => b.SampleIds.Contains(34)).BenignReason);
        Assert.Equal(WaitKind.ChanReceive, analysis.Buckets.Single(b => b.SampleIds.Contains(7)).Kind);
        Assert.Equal(WaitKind.WaitGroup, analysis.Buckets.Single(b => b.SampleIds.Contains(8)).Kind);
        Assert.Equal(WaitKind.Select, analysis.Buckets.Single(b => b.SampleIds.Contains(9)).Kind);
    }

    [Fact]
    public void AWorkerPoolIdleForHoursIsNotASuspectButTheSameSiteLeakingHundredsIs()
    {
        static string Dump(int goroutines) => string.Concat(Enumerable.Range(10, goroutines).Select(id =>
            $"goroutine {id} [chan receive, 300 minutes]:\nmain.worker(0xc000010000)\n\t/src/pool.go:14 +0x4a\ncreated by main.startPool in goroutine 1\n\t/src/pool.go:8 +0x2f\n\n"));
        Assert.Empty(DumpAnalyzer.AnalyzeText(Dump(16)).Suspects);
        var leak = Assert.Single(DumpAnalyzer.AnalyzeText(Dump(500)).Suspects);
        Assert.Equal(new SourceSite("main.worker", "/src/pool.go", 14), leak.Suspect.Site);
        Assert.True(leak.Suspect.Score > 0.9);
    }

    [Fact]
    public void SitesSplitOverSeveralBucketsAreCountedTogether()
    {
        // The same stuck line reached from two callers: two buckets, one site, one suspect of 40.
        static string Dump(int first, string caller) => string.Concat(Enumerable.Range(first, 20).Select(id =>
            $"goroutine {id} [chan send]:\nmain.emit(...)\n\t/src/e.go:5\nmain.{caller}()\n\t/src/e.go:20 +0x1\ncreated by main.main\n\t/src/main.go:3 +0x1\n\n"));
        var analysis = DumpAnalyzer.AnalyzeText(Dump(10, "a") + Dump(100, "b"));
        Assert.Equal(2, analysis.Buckets.Count);
        var suspect = Assert.Single(analysis.Suspects);
        Assert.Equal(40, suspect.Goroutines);
        Assert.Equal(2, suspect.Buckets.Count);
    }
}
