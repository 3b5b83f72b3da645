namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// ticker-not-stopped: an unstopped time.NewTicker per call, ~1 MB a second (before Go 1.23 the runtime's
/// timer heap keeps every unstopped ticker reachable).
/// Shows in: the heap profile diff (time.NewTicker allocations charged to the LEAK line, the first frame
/// outside the standard library) and gctrace (live heap grows). Not in goroutine dumps (a ticker has no
/// goroutine); /proc only sees RSS grow, with no site.
/// </summary>
public sealed class TickerNotStoppedTests
{
    private const string Name = "ticker-not-stopped";

    [Fact]
    public async Task TheHeapGrowthBetweenTwoProfilesIsChargedToTheLeakingLine()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.HeapGrowth(evidence), evidence.Program.LeakLine, evidence.Heap(Moment.Late));
    }
}
