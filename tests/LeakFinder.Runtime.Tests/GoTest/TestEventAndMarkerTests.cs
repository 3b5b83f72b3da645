using LeakFinder.Runtime.GoTest;
using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.GoTest;

/// <summary>The test2json record reader and the marker extraction on edge cases the captures do not show.</summary>
public class TestEventAndMarkerTests
{
    [Fact]
    public void ARecordIsReadWithItsFieldsAndAnythingElseIsPlainOutput()
    {
        Assert.True(TestEvent.TryParse("""{"Time":"2026-12-06T08:14:13Z","Action":"fail","Package":"p","Test":"TestX","Elapsed":1.5}""", out var e));
        Assert.Equal(new TestEvent("fail", "p", "TestX", null, 1.5), e);
        Assert.False(TestEvent.TryParse("# p [p.test]", out _));
        Assert.False(TestEvent.TryParse("{not json", out _));
        Assert.False(TestEvent.TryParse("""{"Package":"p"}""", out _));
        Assert.False(TestEvent.TryParse("[1,2]", out _));
        // Found by fuzzing: an escape no .NET string can hold is no record, not a crash.
        Assert.False(TestEvent.TryParse("""{"Action":"output","Output":"\ud800x"}""", out _));
    }

    private static string Output(string test, string text) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["Action"] = "output", ["Package"] = "p", ["Test"] = test, ["Output"] = text },
            TestJsonContext.Default.DictionaryStringString);

    [Fact]
    public void MarkerLinesSplitAcrossRecordsAndIndentedForASubtestAreReassembled()
    {
        var c = new GoTestCollector([]);
        // A subtest's failure message is indented four more spaces, and test2json may hand a line over in pieces.
        string[] lines =
        [
            Output("TestA/sub", "        x_test.go:9: leakcheck: 1 goroutine(s) leaked\n"),
            Output("TestA/sub", "            leakcheck: begin leaked goroutines\n"),
            Output("TestA/sub", "            goroutine 7 [select]:\n            p.loop(0xc0000"),
            Output("TestA/sub", "12345)\n            \t/src/p/p.go:31 +0x85\n            created by p.Start\n"),
            Output("TestA/sub", "            \t/src/p/p.go:20 +0x6a\n"),
            Output("TestA/sub", "            leakcheck: end leaked goroutines\n"),
            """{"Action":"fail","Package":"p","Test":"TestA/sub","Elapsed":1}""",
        ];
        foreach (var l in lines) c.AddLine(l);
        var r = c.Finish(1);
        var leak = Assert.Single(Assert.Single(r.WithFindings).Leaks);
        Assert.Equal(WaitKind.Select, leak.Kind);
        Assert.Equal(("p.loop", "/src/p/p.go", 31), (leak.Site?.Function, leak.Site?.File, leak.Site?.Line));
        Assert.Equal(("p.Start", 20), (leak.CreatedBy?.Function, leak.CreatedBy?.Line));
    }

    [Fact]
    public void Go120TimeoutListsEveryRunningTest()
    {
        var c = new GoTestCollector([]);
        foreach (var text in new[]
                 {
                     "panic: test timed out after 5s\n", "running tests:\n", "\tTestA (5s)\n", "\tTestB (5s)\n", "\n",
                     "goroutine 9 [chan receive]:\n", "p.TestA(0xc000007860)\n", "\t/src/p/a_test.go:12 +0x2c\n",
                     "testing.tRunner(0xc000007860, 0x5a6e38)\n", "\t/go/src/testing/testing.go:1576 +0x10b\n",
                     "created by testing.(*T).Run\n", "\t/go/src/testing/testing.go:1629 +0x3ea\n",
                 })
            c.AddLine(Output("TestB", text));
        var hang = Assert.Single(c.Finish(1).Hangs);
        Assert.Equal(["TestA", "TestB"], hang.Tests);
        var g = Assert.Single(hang.Blocked);
        Assert.True(g.IsTestGoroutine);
        Assert.Equal(WaitKind.ChanReceive, g.Kind);
    }

    [Fact]
    public void APackageThatDidNotCompileIsAFailedPackageWithGosReason()
    {
        // Go 1.19 prints a build failure on stdout as plain text, with no test2json record.
        var c = new GoTestCollector([]);
        c.AddLine("FAIL\tbf [build failed]");
        c.AddLine("not a record");
        var r = c.Finish(2);
        var p = Assert.Single(r.Packages);
        Assert.Equal(("bf", TestOutcome.Failed, "build failed"), (p.Package, p.Outcome, p.FailureNote));
        Assert.Equal(["not a record"], r.OtherOutput);
        Assert.False(r.Clean);
    }

    [Fact]
    public void Go124BuildRecordsWithoutAPackageAreOtherOutputAndTheFailedBuildFailsThePackage()
    {
        var c = new GoTestCollector([]);
        c.AddLine("""{"ImportPath":"bf [bf.test]","Action":"build-output","Output":"./bf.go:3:23: cannot use \"x\" as int value\n"}""");
        c.AddLine("""{"ImportPath":"bf [bf.test]","Action":"build-fail"}""");
        c.AddLine("""{"Action":"fail","Package":"bf","Elapsed":0,"FailedBuild":"bf [bf.test]"}""");
        var r = c.Finish(1);
        var p = Assert.Single(r.Packages);
        Assert.Equal(("bf", TestOutcome.Failed), (p.Package, p.Outcome));
        Assert.Equal(["./bf.go:3:23: cannot use \"x\" as int value"], r.OtherOutput);
    }

    // A failure message as goleak or a hand-written check prints it: stacks without leakcheck's markers.
    private static readonly string[] UnmarkedReport =
    [
        "    x_test.go:30: 1 goroutine(s) leaked:\n", "        goroutine 12 [chan send]:\n", "        p.produce(0xc000020060)\n",
        "        \t/src/p/p.go:44 +0x2d\n", "        created by p.Run\n", "        \t/src/p/p.go:40 +0x7a\n",
    ];

    private static GoTestReport Run(string test, IEnumerable<string> output, string action)
    {
        var c = new GoTestCollector([]);
        foreach (var text in output) c.AddLine(Output(test, text));
        c.AddLine($$"""{"Action":"{{action}}","Package":"p","Test":"{{test}}","Elapsed":1}""");
        return c.Finish(action == "fail" ? 1 : 0);
    }

    [Fact]
    public void StacksAFailedTestPrintedWithoutMarkersAreItsLeaks()
    {
        var leak = Assert.Single(Assert.Single(Run("TestRun", UnmarkedReport, "fail").WithFindings).Leaks);
        Assert.Equal(WaitKind.ChanSend, leak.Kind);
        Assert.Equal(("p.produce", 44), (leak.Site?.Function, leak.Site?.Line));
        Assert.Equal(("p.Run", 40), (leak.CreatedBy?.Function, leak.CreatedBy?.Line));
    }

    [Fact]
    public void StacksOfAPassingTestOrOfAPanicAreNoLeak()
    {
        Assert.Empty(Run("TestRun", UnmarkedReport, "pass").WithFindings);
        string[] panic =
        [
            "--- FAIL: TestBoom (0.00s)\n", "panic: boom [recovered]\n", "\tpanic: boom\n", "\n", "goroutine 7 [running]:\n",
            "testing.tRunner.func1.2({0x4f5e80, 0x5654d0})\n", "\t/go/src/testing/testing.go:1396 +0x24e\n",
            "p.TestBoom(0x0?)\n", "\t/src/p/p_test.go:9 +0x27\n",
        ];
        Assert.Empty(Run("TestBoom", panic, "fail").WithFindings);
    }

    [Fact]
    public void HeapGrowthLinesAreKeptPerTest()
    {
        var c = new GoTestCollector([]);
        c.AddLine(Output("TestCache", "    cache_test.go:14: leakcheck: heap grew by 6553600 bytes over 100 runs (1000 to 6554600 bytes live; limit 1048576)\n"));
        var t = Assert.Single(c.Finish(1).WithFindings);
        Assert.Equal("TestCache", t.Test);
        Assert.StartsWith("cache_test.go:14: leakcheck: heap grew by 6553600 bytes", Assert.Single(t.HeapGrowth));
    }
    [Fact]
    public void ARaceIsNamedByItsOwnPackagesTestWhenPackagesInterleave()
    {
        // go test runs packages in parallel: another package's `=== RUN` may come between a test's start and its report.
        static string Line(string package, string? test, string text) =>
            System.Text.Json.JsonSerializer.Serialize(test == null
                    ? new Dictionary<string, string> { ["Action"] = "output", ["Package"] = package, ["Output"] = text }
                    : new Dictionary<string, string> { ["Action"] = "output", ["Package"] = package, ["Test"] = test, ["Output"] = text },
                TestJsonContext.Default.DictionaryStringString);
        string[] report =
        [
            "==================\n", "WARNING: DATA RACE\n", "Read at 0x000000705e88 by goroutine 9:\n",
            "  example.com/racy.handle()\n", "      /src/racy/racy.go:23 +0x66\n", "\n",
            "Previous write at 0x000000705e88 by goroutine 8:\n", "  example.com/racy.handle()\n", "      /src/racy/racy.go:23 +0x7e\n", "\n",
            "Goroutine 9 (running) created at:\n", "  example.com/racy.TestCount()\n", "      /src/racy/racy_test.go:11 +0x7d\n", "\n",
            "Goroutine 8 (finished) created at:\n", "  example.com/racy.TestCount()\n", "      /src/racy/racy_test.go:11 +0x7d\n",
            "==================\n",
        ];
        var c = new GoTestCollector([]);
        c.AddLine(Line("racy", "TestCount", "=== RUN   TestCount\n"));
        c.AddLine(Line("clean", "TestSubtests/part#01", "=== RUN   TestSubtests/part#01\n"));
        foreach (var l in report) c.AddLine(Line("racy", "TestCount", l));
        c.AddLine(Line("clean", "TestSubtests/part#01", "--- PASS: TestSubtests/part#01 (0.00s)\n"));
        var r = c.Finish(1);
        var pair = Assert.Single(r.Races!.Pairs);
        Assert.Equal(["TestCount"], pair.Tests);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
