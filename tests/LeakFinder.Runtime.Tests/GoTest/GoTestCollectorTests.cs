using LeakFinder.Runtime.GoTest;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.GoTest;

/// <summary>
/// `go test -json` streams captured with Go 1.19 from testdata/gotest (testdata/gotest-captured): each test's
/// result, leakcheck's reports between their markers, and the dump a timeout or a deadlock ends a run with.
/// </summary>
public class GoTestCollectorTests
{
    private static GoTestReport Collect(string fixture, int exitCode = 1)
    {
        var collector = new GoTestCollector([]);
        foreach (var line in File.ReadLines(RepoPaths.Combine("testdata", "gotest-captured", fixture))) collector.AddLine(line);
        return collector.Finish(exitCode);
    }

    private static GoTestCase Test(GoTestReport r, string name) => Assert.Single(r.Tests, t => t.Test == name);

    [Fact]
    public void ALeakcheckReportBecomesTheTestsLeakWithItsWaitAndCreationSite()
    {
        var r = Collect("go1.19-leaky-and-clean.jsonl");
        var cached = Test(r, "TestFetchCached");
        Assert.Equal(TestOutcome.Failed, cached.Outcome);
        var leak = Assert.Single(cached.Leaks);
        Assert.Equal(1, leak.Count);
        Assert.Equal(WaitKind.ChanSend, leak.Kind);
        Assert.Equal("gotestdata/leaky.worker", leak.Site?.Function);
        Assert.Equal(15, leak.Site?.Line);
        Assert.Equal("gotestdata/leaky.Fetch", leak.CreatedBy?.Function);
        Assert.Equal(7, leak.CreatedBy?.Line);
        Assert.EndsWith("leaky/leaky.go", leak.CreatedBy?.File);
    }

    [Fact]
    public void CleanTestsAndTheTestAfterALeakReportNothing()
    {
        var r = Collect("go1.19-leaky-and-clean.jsonl");
        Assert.Equal(["TestFetchCached"], r.WithFindings.Select(t => t.Test));
        Assert.All(r.Tests.Where(t => t.Package == "gotestdata/clean"), t => Assert.Equal(TestOutcome.Passed, t.Outcome));
        Assert.Equal(TestOutcome.Passed, Test(r, "TestFetchFresh").Outcome);
        Assert.Empty(r.Hangs);
        Assert.Null(r.Races);
        Assert.Equal(["gotestdata/clean", "gotestdata/leaky"], r.Packages.Select(p => p.Package).Order());
    }

    [Fact]
    public void ATimeoutNamesTheHungTestsBlockedGoroutinesAndWhatTheyWaitOn()
    {
        var r = Collect("go1.19-timeout.jsonl");
        var hang = Assert.Single(r.Hangs);
        Assert.Equal("gotestdata/hang", hang.Package);
        Assert.Equal(["TestTransfer"], hang.Tests);
        Assert.StartsWith("test timed out after 3s", hang.Reason);
        // The test's goroutine waits for the worker, which waits for the lock the test holds; the main
        // goroutine in T.Run and the alarm goroutine that panicked are the framework's and not listed.
        Assert.Equal(4, hang.Goroutines);
        Assert.Equal(2, hang.Blocked.Count);
        var test = Assert.Single(hang.Blocked, g => g.IsTestGoroutine);
        Assert.Equal(WaitKind.WaitGroup, test.Kind);
        Assert.Equal(("gotestdata/hang.(*Account).Transfer", 17), (test.Site?.Function, test.Site?.Line));
        var worker = Assert.Single(hang.Blocked, g => !g.IsTestGoroutine);
        Assert.Equal(WaitKind.Mutex, worker.Kind);
        Assert.Equal(("gotestdata/hang.(*Account).credit", 22), (worker.Site?.Function, worker.Site?.Line));
        Assert.Equal(("gotestdata/hang.(*Account).Transfer", 16), (worker.CreatedBy?.Function, worker.CreatedBy?.Line));
        Assert.Equal(TestOutcome.Unfinished, Test(r, "TestTransfer").Outcome);
    }

    [Fact]
    public void TheRuntimesAllAsleepDeadlockIsAHangToo()
    {
        var r = Collect("go1.19-all-asleep.jsonl");
        var hang = Assert.Single(r.Hangs);
        Assert.Equal("all goroutines are asleep - deadlock!", hang.Reason);
        Assert.Equal(["TestStuck"], hang.Tests);
        var g = Assert.Single(hang.Blocked);
        Assert.Equal(WaitKind.ChanSend, g.Kind);
        Assert.Equal(("dl.TestStuck", 7), (g.Site?.Function, g.Site?.Line));
    }

    [Fact]
    public void ALeakReportedAfterAllTestsBelongsToThePackagesTestMain()
    {
        var r = Collect("go1.19-testmain-leak.jsonl");
        Assert.Equal(TestOutcome.Passed, Test(r, "TestStartTicker").Outcome);
        var main = Assert.Single(r.WithFindings);
        Assert.Null(main.Test);
        Assert.Equal(TestOutcome.Failed, main.Outcome);
        var leak = Assert.Single(main.Leaks);
        Assert.Equal(WaitKind.ChanReceive, leak.Kind);
        Assert.Equal("gotestdata/mainleak.StartTicker", leak.CreatedBy?.Function);
    }

    [Fact]
    public void RaceReportsInTheStreamAreGroupedByPairAndNameTheirTest()
    {
        var r = Collect("go1.19-race.jsonl");
        var pair = Assert.Single(r.Races!.Pairs);
        Assert.Equal(1, pair.Count);
        Assert.Equal(["TestCount"], pair.Tests);
        Assert.Equal(["gotestdata/racy.Count", "gotestdata/racy.Count.func1"], new[] { pair.A.Site!.Function, pair.B.Site!.Function }.Order());
        Assert.Empty(r.Hangs);
        Assert.Empty(r.WithFindings);
    }
}
