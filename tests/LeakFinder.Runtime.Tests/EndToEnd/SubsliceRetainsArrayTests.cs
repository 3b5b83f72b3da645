namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// subslice-retains-array: 64-byte subslices keeping their 512 KiB arrays alive, 2 MB a second.
/// Shows in: the heap profile diff (in-use space at the make on the LEAK line) and gctrace (live heap
/// grows). Not in goroutine dumps.
/// </summary>
public sealed class SubsliceRetainsArrayTests
{
    private const string Name = "subslice-retains-array";

    [Fact]
    public async Task TheHeapGrowthBetweenTwoProfilesIsChargedToTheLeakingLine()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsLine(Evidence.HeapGrowth(evidence), evidence.Program.LeakLine, evidence.Heap(Moment.Late));
    }
}
