namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// worker-no-exit: workers parked in [select] at the LEAK line (the select statement), ~200 a second.
/// Shows in: every goroutine dump (debug=1, debug=2, SIGQUIT) and the growth between the early and late
/// dumps. Not asserted: the heap diff, gctrace and /proc (as for blocked-send).
/// </summary>
public sealed class WorkerNoExitTests
{
    private const string Name = "worker-no-exit";

    [Theory]
    [MemberData(nameof(DumpSources.All), MemberType = typeof(DumpSources))]
    public async Task TheTopDumpSuspectIsTheLeakingLine(DumpSource source)
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.Dump(evidence.Dump(source)), evidence.Program.LeakLine, evidence.Dump(source));
    }

    [Theory]
    [MemberData(nameof(DumpSources.GrowthPairs), MemberType = typeof(DumpSources))]
    public async Task TheTopGrowingSiteBetweenTwoDumpsIsTheLeakingLine(DumpSource older, DumpSource newer)
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.DumpGrowth(evidence.Dump(older), evidence.Dump(newer)), evidence.Program.LeakLine, evidence.Dump(newer));
    }
}
