namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// global-map-cache: an unbounded global map of 2 KiB values, ~1 MB a second.
/// Shows in: the heap profile diff (the values and the map's growth, both at the LEAK line) and gctrace
/// (live heap grows). Not in goroutine dumps.
/// </summary>
public sealed class GlobalMapCacheTests
{
    private const string Name = "global-map-cache";

    [Fact]
    public async Task TheHeapGrowthBetweenTwoProfilesIsChargedToTheLeakingLine()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.HeapGrowth(evidence), evidence.Program.LeakLine, evidence.Heap(Moment.Late));
    }
}
