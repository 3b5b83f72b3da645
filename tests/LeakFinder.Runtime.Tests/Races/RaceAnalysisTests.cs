using System.Text.RegularExpressions;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Races;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Races;

/// <summary>
/// Race-detector output captured from `go test -race` of testdata/races/programs (see capture.sh there): every
/// report is read, and reports of the same two racing sites are one pair with their count.
/// </summary>
public class RaceAnalysisTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "races", name);

    private static RaceReport Analyze(string name) => RaceAnalysis.Analyze(Fixture(name));

    private static int WarningLines(string name) => File.ReadLines(Fixture(name)).Count(l => l.Contains("WARNING: DATA RACE"));

    private static RacePair PairOf(RaceReport r, string functionA, string functionB) =>
        Assert.Single(r.Pairs, p => (p.A.Site?.Function, p.B.Site?.Function) == (functionA, functionB) || (p.A.Site?.Function, p.B.Site?.Function) == (functionB, functionA));

    [Fact]
    public void EveryReportOfTheInterleavedTestOutputIsReadAndCountedOnce()
    {
        var r = Analyze("go1.19-test-race.txt");
        Assert.Empty(r.Log.Warnings.Items);
        Assert.Equal(WarningLines("go1.19-test-race.txt"), r.Reports);
        Assert.Equal(r.Reports, r.Pairs.Sum(p => p.Count));
        // No pair twice, in either order.
        Assert.Equal(r.Pairs.Count, r.Pairs.Select(p => string.Join("|", new[] { p.A.Site!.ToString(), p.B.Site!.ToString() }.Order())).Distinct().Count());
        Assert.True(r.Log.OtherLines > 20, "the test output between the reports is counted as other lines");
    }

    [Fact]
    public void ConfigReadRacingItsLoaderIsOnePairOfTwoReportsFromTwoTests()
    {
        // Retries' read of c.Retries (line 26) races load's write twice: once called from TestConfigRead, once from
        // Poll's goroutine in TestConfigPoll: two stacks, one pair of sites.
        var r = Analyze("go1.19-test-race.txt");
        var pair = Assert.Single(r.Pairs, p => p.A.Site!.Line == 26 || p.B.Site!.Line == 26);
        Assert.Equal(2, pair.Count);
        Assert.Same(r.Pairs[0], pair); // the most reported pair ranks first
        Assert.False(pair.WriteWrite);
        Assert.Equal(["TestConfigPoll", "TestConfigRead"], pair.Tests);
        var (read, write) = pair.A.Site!.Function.EndsWith(".Retries") ? (pair.A, pair.B) : (pair.B, pair.A);
        Assert.Equal("example.com/races/configonce.Retries", read.Site!.Function);
        Assert.Equal(2, read.Operations["read"]);
        Assert.Equal("example.com/races/configonce.load", write.Site!.Function);
        Assert.Equal(20, write.Site.Line);
        Assert.Equal(2, write.Operations["write"]);
        // The loader's goroutine is always Start's go statement; the reader's is a test's or Poll's.
        Assert.Equal(2, Assert.Single(write.CreatedAt, c => c.Key.StartsWith("example.com/races/configonce.Start ")).Value);
        Assert.Contains(read.CreatedAt, c => c.Key.StartsWith("example.com/races/configonce.Poll "));
        Assert.Contains(read.CreatedAt, c => c.Key.StartsWith("testing.(*T).Run "));
    }

    [Fact]
    public void ACounterIncrementRacesWithItselfAsAReadAndAWrite()
    {
        var r = Analyze("go1.19-test-race.txt");
        var pair = PairOf(r, "example.com/races/counter.handle", "example.com/races/counter.handle");
        Assert.True(pair.SameSite);
        Assert.EndsWith("counter.go", pair.A.Site!.File);
        Assert.Equal(23, pair.A.Site.Line);
        Assert.Equal(["read", "write"], pair.A.Operations.Keys.Concat(pair.B.Operations.Keys).Order());
        Assert.StartsWith("example.com/races/counter.Serve ", Assert.Single(pair.A.CreatedAt).Key);
        Assert.Equal(["TestServe"], pair.Tests);
    }

    [Fact]
    public void MapWritesOfTwoWorkersAreAWriteWritePairBelowTheRuntimesMapassign()
    {
        // The report's top frame is runtime.mapassign_fast64: the site is the program's store(), the frame below.
        var r = Analyze("go1.19-test-race.txt");
        var pair = PairOf(r, "example.com/races/mapworkers.store", "example.com/races/mapworkers.store");
        Assert.True(pair.WriteWrite);
        Assert.Equal(pair.Count, pair.WriteWriteCount);
        Assert.Equal(28, pair.A.Site!.Line);
        Assert.All(pair.A.CreatedAt.Keys.Concat(pair.B.CreatedAt.Keys), k => Assert.StartsWith("example.com/races/mapworkers.Collect ", k));
        // Ranking: among pairs of one report, write/write first.
        var singles = r.Pairs.Where(p => p.Count == 1).ToList();
        Assert.Same(pair, singles[0]);
    }

    [Fact]
    public void TimestampPrefixedCiLogGivesTheSamePairs()
    {
        var plain = Analyze("go1.19-test-race.txt");
        var prefixed = Analyze("go1.19-ci-prefixed.txt");
        Assert.NotNull(prefixed.Log.LogPrefix);
        Assert.Empty(prefixed.Log.Warnings.Items);
        Assert.Equal(plain.Pairs.Select(Describe), prefixed.Pairs.Select(Describe));
    }

    private static string Describe(RacePair p) =>
        $"{p.A.Site} | {p.B.Site} | {p.Count} | {p.WriteWriteCount} | {string.Join(",", p.A.CreatedAt.Keys.Order())} | {string.Join(",", p.Tests)}";

    [Fact]
    public void GoTestJsonRecordsAreReadThroughTheirOutputAndTest()
    {
        var r = Analyze("go1.19-test-json.txt");
        Assert.Equal("go test -json output", r.Log.LogPrefix);
        Assert.Empty(r.Log.Warnings.Items);
        Assert.Equal(WarningLines("go1.19-test-json.txt"), r.Reports);
        Assert.All(r.Pairs, p => Assert.NotEmpty(p.Tests));
        var counter = PairOf(r, "example.com/races/counter.handle", "example.com/races/counter.handle");
        Assert.Equal(["TestServe"], counter.Tests);
        Assert.Contains(r.Pairs, p => p.Tests.Contains("TestConfigRead"));
    }

    [Fact]
    public void AJsonRecordThatDoesNotDecodeIsAWarning()
    {
        // Found by the fuzzer: a lone surrogate escape made System.Text.Json throw InvalidOperationException.
        var text = "{\"Action\":\"output\",\"Test\":\"TestX\",\"Output\":\"\\ud800 WARNING\\n\"}\n{\"Action\":\"output\",\"Output\":\"ok\\n\"}";
        var r = RaceAnalysis.Analyze(new StringReader(text), "lone");
        Assert.Equal(0, r.Reports);
        Assert.Contains(r.Log.Warnings.Items, w => w.Line == 1 && w.Message.Contains("does not decode"));
    }

    [Fact]
    public void WithoutVerboseOutputTheFailLineNamesTheTest()
    {
        var r = Analyze("go1.19-counter.txt");
        var pair = Assert.Single(r.Pairs);
        Assert.Equal(["TestServe"], pair.Tests);
    }

    [Fact]
    public void CleanRunHasNoReports()
    {
        var r = Analyze("go1.19-clean.txt");
        Assert.Equal(0, r.Reports);
        Assert.Empty(r.Pairs);
    }

    [Fact]
    public void MainGoroutineAndAtomicAccessesAndAFailedStack()
    {
        const string text = """
            ==================
            WARNING: DATA RACE
            Atomic write at 0x00c0000b4010 by goroutine 6:
              sync/atomic.AddInt64()
                  /usr/lib/go-1.19/src/runtime/race_amd64.s:289 +0xb
              main.bump()
                  /src/app/main.go:12 +0x44

            Previous read at 0x00c0000b4010 by main goroutine:
              main.main()
                  /src/app/main.go:20 +0x1a5

            Goroutine 6 (running) created at:
              main.main()
                  /src/app/main.go:18 +0x185
            ==================
            ==================
            WARNING: DATA RACE
            Write at 0x00c0000b4018 by goroutine 7:
              [failed to restore the stack]

            Previous write at 0x00c0000b4018 by goroutine 8:
              main.set()
                  /src/app/main.go:30 +0x30
            ==================
            Found 2 data race(s)
            exit status 66
            """;
        var r = RaceAnalysis.Analyze(new StringReader(text), "inline");
        Assert.Equal(2, r.Reports);
        Assert.Equal(2, r.Log.FoundCount);
        var bump = PairOf(r, "main.bump", "main.main");
        var (atomic, main) = bump.A.Site!.Function == "main.bump" ? (bump.A, bump.B) : (bump.B, bump.A);
        Assert.Equal("atomic write", Assert.Single(atomic.Operations).Key);
        Assert.Equal(RaceSide.MainGoroutine, Assert.Single(main.CreatedAt).Key);
        Assert.StartsWith("main.main /src/app/main.go:18", Assert.Single(atomic.CreatedAt).Key);
        var lost = Assert.Single(r.Pairs, p => p.A.Site is null || p.B.Site is null);
        Assert.True(lost.WriteWrite);
    }

    [Fact]
    public void HugeNumbersAreReadOrIgnoredNeverOverflow()
    {
        // Goroutine ids are int64 in Go: a long-running process passes 2^31. A count beyond int is no count.
        const string text = """
            ==================
            WARNING: DATA RACE
            Write at 0x01 by goroutine 5000000000:
              main.a()
                  /src/a.go:1 +0x1
            
            Previous read at 0x01 by goroutine 99999999999999999999:
              main.b()
                  /src/a.go:99999999999 +0x1
            
            Goroutine 5000000000 (running) created at:
              main.main()
                  /src/a.go:3 +0x1
            ==================
            Found 99999999999 data race(s)
            """;
        var r = RaceAnalysis.Analyze(new StringReader(text), "huge");
        Assert.Null(r.Log.FoundCount);
        Assert.Equal(0, r.Reports); // the second header is not one (an id beyond int64): one access
        Assert.Contains(r.Log.Warnings.Items, w => w.Message.Contains("1 access"));
        var fixedText = text.Replace("99999999999999999999", "7");
        var fixedReport = RaceAnalysis.Analyze(new StringReader(fixedText), "huge");
        var pair = Assert.Single(fixedReport.Pairs);
        var side = pair.A.Site?.Function == "main.a" ? pair.A : pair.B; // the other lost its only frame: a line beyond int
        Assert.Null((side == pair.A ? pair.B : pair.A).Site);
        Assert.Equal("main.a", side.Site!.Function);
        Assert.StartsWith("main.main /src/a.go:3", Assert.Single(side.CreatedAt).Key);
    }

    [Fact]
    public void AReportCutShortIsAWarningNotAPair()
    {
        var lines = File.ReadAllLines(Fixture("go1.19-counter.txt"));
        var cut = string.Join('\n', lines.TakeWhile(l => !l.StartsWith("Previous write")));
        var r = RaceAnalysis.Analyze(new StringReader(cut), "cut");
        Assert.Equal(0, r.Reports);
        Assert.Contains(r.Log.Warnings.Items, w => w.Message.Contains("1 access") && w.Message.Contains("cut short"));
    }

    [Fact]
    public void BinaryInputIsRefused()
    {
        var e = Assert.Throws<RaceFormatException>(() => RaceAnalysis.Analyze(new StringReader("\u007fELF\u0002\u0001\0\0\0garbage"), "a.out"));
        Assert.Contains("binary", e.Message);
    }

    [Fact]
    public void InputLargerThanTheLimitIsRefusedNamingTheFlag()
    {
        var e = Assert.Throws<InputLimitException>(() => RaceAnalysis.Analyze(Fixture("go1.19-test-race.txt"), maxBytes: 1024));
        Assert.Contains("--max-input-mb", e.Message);
    }

    [Fact]
    public void TooManyDistinctPairsIsRefusedNamingTheFlag()
    {
        var e = Assert.Throws<InputLimitException>(() => RaceAnalysis.Analyze(Fixture("go1.19-test-race.txt"), maxPairs: 2));
        Assert.Contains("--max-stacks", e.Message);
    }

    [Fact]
    public void ManyReportsOfOnePairKeepOnePairAndAHundredLines()
    {
        // Reports are grouped as they are read, not kept: 20,000 of one pair are one entry with their count.
        var report = string.Join('\n', File.ReadLines(Fixture("go1.19-counter.txt"))
            .SkipWhile(l => l != "==================").TakeWhile(l => !l.StartsWith("--- FAIL"))) + "\n";
        var r = RaceAnalysis.Analyze(new StringReader(string.Concat(Enumerable.Repeat(report, 20_000))), "repeated");
        Assert.Equal(20_000, r.Reports);
        var pair = Assert.Single(r.Pairs);
        Assert.Equal(20_000, pair.Count);
        Assert.Equal(100, pair.Lines.Count);
    }

    [Fact]
    public void GarbageLinesNeverThrow()
    {
        var random = new Random(15);
        var pieces = new[] { "WARNING: DATA RACE", "==================", "Read at 0x1 by goroutine 1:", "  f()", "      /a.go:1 +0x1", "Goroutine 1 (running) created at:", "", "x" };
        for (var i = 0; i < 200; i++)
        {
            var text = string.Join('\n', Enumerable.Range(0, 40).Select(_ => pieces[random.Next(pieces.Length)]));
            var r = RaceAnalysis.Analyze(new StringReader(text), "garbage");
            Assert.Equal(r.Reports, r.Pairs.Sum(p => p.Count));
        }
    }

    /// <summary>A fresh `go test -race` of the programs gives the same pairs as the committed capture, at least once each.</summary>
    [Fact]
    public void FreshRaceRunFindsTheSamePairs()
    {
        var go = GoToolchain.Require();
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "\"$0\" test -race -count=1 -v ./... 2>&1", go])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Combine("testdata", "races", "programs"),
        };
        psi.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "lf-gocache");
        psi.Environment["GOFLAGS"] = "";
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd(); // go test exits 1: the racing tests fail
        process.WaitForExit();
        var fresh = RaceAnalysis.Analyze(new StringReader(output), "fresh");
        Assert.True(fresh.Reports > 0, output);
        Assert.Equal(Regex.Matches(output, "WARNING: DATA RACE").Count, fresh.Reports);
        Assert.Empty(fresh.Log.Warnings.Items);
        var functions = fresh.Pairs.Select(p => string.Join("|", new[] { p.A.Site!.Function, p.B.Site!.Function }.Order())).ToHashSet();
        Assert.Contains("example.com/races/counter.handle|example.com/races/counter.handle", functions);
        Assert.Contains("example.com/races/mapworkers.store|example.com/races/mapworkers.store", functions);
        Assert.Contains("example.com/races/configonce.Retries|example.com/races/configonce.load", functions);
    }

    [Fact]
    public void SarifOfAReportWhosePathsAreNoUrisStillRendersThemEscaped()
    {
        // The race detector's paths are whatever the input says; `//host:bad/x.go` would make System.Uri look
        // for a host (found by the fuzz test). The SARIF keeps the path, escaped.
        var text = File.ReadAllText(Fixture("go1.19-test-race.txt")).Replace("/tmp/leakfinder-races/", "//host:bad/ space/");
        var report = RaceAnalysis.Analyze(new StringReader(text), "hostile");
        Assert.True(report.Reports > 0);
        using var output = new MemoryStream();
        RaceSarif.Write(output, report, "0.0.0", "https://example.com");
        var sarif = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("file:////host%3Abad/%20space/", sarif);
        using var doc = System.Text.Json.JsonDocument.Parse(sarif);
    }
}
