namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// mmap-not-unmapped: a 256 KiB file mapped 20 times a second and never unmapped.
/// Shows in: /proc only (the same file mapped again and again in maps, file-backed RSS growing), as an mmap
/// leak naming the file, with no site. Not in goroutine dumps, the heap profile or gctrace (stable).
/// </summary>
public sealed class MmapNotUnmappedTests
{
    private const string Name = "mmap-not-unmapped";

    [Fact]
    public async Task TheTopProcSuspectIsTheRepeatedlyMappedFile()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIs(Evidence.ProcGrowth(evidence),
            s => s.Kind == "mmap-leak" && s.Reason.Contains($"leakfinder-mmap-{evidence.ProcessId}.dat", StringComparison.Ordinal),
            $"an mmap-leak of leakfinder-mmap-{evidence.ProcessId}.dat", evidence.Proc(Moment.Late));
    }

    [Fact]
    public async Task TheHeapProfilesShowNoGrowingSite()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.None(Evidence.HeapGrowth(evidence), evidence.Heap(Moment.Late));
    }
}
