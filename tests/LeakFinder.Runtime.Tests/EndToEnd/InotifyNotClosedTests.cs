namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// inotify-not-closed: an inotify instance opened 3 times a second and never closed.
/// Shows in: /proc only (anon_inode:inotify fds growing), with no site. Not in goroutine dumps, the heap
/// profile or gctrace (stable).
/// </summary>
public sealed class InotifyNotClosedTests
{
    private const string Name = "inotify-not-closed";

    [Fact]
    public async Task TheTopProcSuspectIsTheInotifyInstances()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIs(Evidence.ProcGrowth(evidence), s => s.Reason.Contains("inotify", StringComparison.Ordinal),
            "about inotify instances", evidence.Proc(Moment.Late));
    }

    [Fact]
    public async Task TheHeapProfilesShowNoGrowingSite()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.None(Evidence.HeapGrowth(evidence), evidence.Heap(Moment.Late));
    }
}
