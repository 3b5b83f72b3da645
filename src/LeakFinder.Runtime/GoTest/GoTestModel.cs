using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Runtime.GoTest;

/// <summary>How a test (or a package) ended, as test2json said, or Unfinished when the stream stopped first.</summary>
public enum TestOutcome { Passed, Failed, Skipped, Unfinished }

/// <summary>
/// Goroutines one report named, grouped by the site where they are stuck and ranked as `leakfinder dump`
/// ranks suspects: Kind is what they wait on, CreatedBy the go statement that started them (the first
/// bucket's), Stack the first bucket's frames.
/// </summary>
public sealed record GoroutineGroup(long Count, WaitKind Kind, string State, Suspects.SourceSite? Site, Call? CreatedBy, IReadOnlyList<Call> Stack)
{
    /// <summary>The goroutine that ran the test function itself (created by testing.(*T).Run).</summary>
    public bool IsTestGoroutine => CreatedBy?.Function == "testing.(*T).Run";

    /// <summary>"2 goroutines blocked in channel send at p.worker (p.go:15)": the group in one line, for text and SARIF.</summary>
    public string Describe()
    {
        var what = Kind == WaitKind.Running ? "running" : "blocked in " + WaitKinds.Describe(Kind);
        var at = Site is { } s ? $" at {s.Function} ({Path.GetFileName(s.File)}:{s.Line})" : "";
        return $"{Count} goroutine{(Count == 1 ? "" : "s")} {what}{at}";
    }
}

/// <summary>One test's result and what leakcheck reported in its output (the package's TestMain when Test is null).</summary>
public sealed class GoTestCase
{
    public required string Package { get; init; }
    public string? Test { get; init; }
    public TestOutcome Outcome { get; set; } = TestOutcome.Unfinished;
    public double? Elapsed { get; set; }
    /// <summary>Why a package failed without running, as go said it ("build failed", "setup failed"), or null.</summary>
    public string? FailureNote { get; set; }
    /// <summary>Leaked goroutines, from every leakcheck report the test printed.</summary>
    public List<GoroutineGroup> Leaks { get; } = [];
    /// <summary>"leakcheck: heap grew ..." lines (VerifyHeapBounded), without the test's indentation.</summary>
    public List<string> HeapGrowth { get; } = [];

    public bool HasFindings => Leaks.Count > 0 || HeapGrowth.Count > 0;
    public string DisplayName => Test ?? "TestMain (after all tests)";
}

/// <summary>
/// A test binary that stopped in a goroutine dump: `go test -timeout` firing ("panic: test timed out after
/// 10m0s") or the runtime finding every goroutine blocked ("fatal error: all goroutines are asleep -
/// deadlock!"). Blocked lists the goroutines that are not the testing framework's own.
/// </summary>
public sealed record HangReport(string Package, IReadOnlyList<string> Tests, string Reason, IReadOnlyList<GoroutineGroup> Blocked, long Goroutines);

/// <summary>Everything `leakfinder test` learned from one `go test -json` run.</summary>
public sealed class GoTestReport
{
    public required IReadOnlyList<string> GoArguments { get; init; }
    public int GoExitCode { get; set; }
    /// <summary>Package results in the order they finished (Test null), then every test in the order it started.</summary>
    public List<GoTestCase> Packages { get; } = [];
    public List<GoTestCase> Tests { get; } = [];
    public List<HangReport> Hangs { get; } = [];
    public RaceReport? Races { get; set; }
    /// <summary>More output than GoTestCollector.MaxRaceTextChars was printed: race reports after that point were not read.</summary>
    public bool RaceTextTruncated { get; set; }
    /// <summary>Lines of standard output that were no test2json record (build errors, go's own messages).</summary>
    public List<string> OtherOutput { get; } = [];

    public IEnumerable<GoTestCase> WithFindings => Tests.Concat(Packages).Where(t => t.HasFindings);
    public int RacePairs => Races?.Pairs.Count ?? 0;
    public bool AnyFailed => Tests.Any(t => t.Outcome == TestOutcome.Failed) || Packages.Any(p => p.Outcome == TestOutcome.Failed);
    public bool HasFindings => WithFindings.Any() || Hangs.Count > 0 || RacePairs > 0;
    /// <summary>Clean means the tests passed and nothing leaked, hung or raced.</summary>
    public bool Clean => !HasFindings && !AnyFailed && GoExitCode == 0;
}
