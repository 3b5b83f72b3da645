namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// time-after-loop: time.After in a loop's select, ~1 MB a second (before Go 1.23 each timer lives until
/// it fires, a minute later).
/// Shows in: the heap profile diff (time.NewTimer allocations charged to the LEAK line) and gctrace (live
/// heap grows). Not in goroutine dumps: the one consumer goroutine looks healthy.
/// </summary>
public sealed class TimeAfterLoopTests
{
    private const string Name = "time-after-loop";

    [Fact]
    public async Task TheHeapGrowthBetweenTwoProfilesIsChargedToTheLeakingLine()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.HeapGrowth(evidence), evidence.Program.LeakLine, evidence.Heap(Moment.Late));
    }
}
