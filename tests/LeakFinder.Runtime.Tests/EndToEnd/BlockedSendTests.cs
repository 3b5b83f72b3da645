namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// blocked-send: goroutines parked in [chan send] at the LEAK line, ~200 a second.
/// Shows in: every goroutine dump (debug=1, debug=2, SIGQUIT) and the growth between the early and late
/// dumps. Not asserted: the heap diff (goroutine stacks are not heap; the channels and closures are small),
/// gctrace and /proc (stacks grow the RSS a little, with no site).
/// </summary>
public sealed class BlockedSendTests
{
    private const string Name = "blocked-send";

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
