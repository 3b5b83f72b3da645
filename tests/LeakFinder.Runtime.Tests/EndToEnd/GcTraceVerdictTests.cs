using LeakFinder.Runtime.GcTrace;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The gctrace verdict of every program whose Go heap says something: "growing" (with a heap-growth
/// suspect, which has no site: gctrace knows how much, not where) for the Go heap leaks, "stable" for the
/// leaks outside the Go heap (C memory, mappings, fds) and for the healthy control. The goroutine leaks
/// are left out: their goroutine structs grow the heap by a fraction of a MB in a run, at the trace's
/// 1 MB resolution either verdict is defensible.
/// </summary>
public sealed class GcTraceVerdictTests
{
    public static TheoryData<string> GoHeapLeaks => new("ticker-not-stopped", "time-after-loop", "global-map-cache", "subslice-retains-array");

    public static TheoryData<string> FlatGoHeap => new("cstring-not-freed", "mmap-not-unmapped", "inotify-not-closed", "healthy");

    [Theory]
    [MemberData(nameof(GoHeapLeaks))]
    public async Task AGoHeapLeakIsAGrowingLiveHeap(string name)
    {
        var evidence = await Evidence.Of(name);
        var report = Evidence.GcTrace(evidence);
        Assert.True(report.Verdict == HeapVerdict.Growing, $"{evidence.GcTrace}: {report.Verdict}: {report.Explanation}");
        var top = Assert.Single(report.Suspects);
        Assert.Equal("heap-growth", top.Kind);
    }

    [Theory]
    [MemberData(nameof(FlatGoHeap))]
    public async Task ALeakOutsideTheGoHeapAndTheControlAreStable(string name)
    {
        var evidence = await Evidence.Of(name);
        var report = Evidence.GcTrace(evidence);
        Assert.True(report.Verdict == HeapVerdict.Stable, $"{evidence.GcTrace}: {report.Verdict}: {report.Explanation}");
        SuspectAssert.None(report.Suspects, evidence.GcTrace);
    }
}
