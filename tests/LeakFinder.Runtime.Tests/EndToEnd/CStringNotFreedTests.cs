namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// cstring-not-freed: C.CString without C.free, ~3 MB of C memory a second (glibc's malloc: the brk heap
/// and per-thread arenas, anonymous mappings outside Go's arenas).
/// Shows in: /proc only (anonymous RSS grows while the Go heap does not), as C memory with no site. Not in
/// goroutine dumps, the heap profile (no growing site) or gctrace (stable: GcTraceVerdictTests); the Go runtime
/// never sees C allocations.
/// </summary>
public sealed class CStringNotFreedTests
{
    private const string Name = "cstring-not-freed";

    [Fact]
    public async Task TheTopProcSuspectIsCMemory()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIs(Evidence.ProcGrowth(evidence), s => s.Kind is "c-memory" or "non-go-memory",
            "C memory (c-memory or non-go-memory)", evidence.Proc(Moment.Late));
    }

    [Fact]
    public async Task TheHeapProfilesShowNoGrowingSite()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.None(Evidence.HeapGrowth(evidence), evidence.Heap(Moment.Late));
    }
}
