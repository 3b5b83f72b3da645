namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// healthy: the control does the same kinds of work as the leak programs, correctly.
/// Expected: no suspect in any evidence (dumps, heap profile diff, /proc) and a "stable" gctrace verdict.
/// The dump and gctrace expectations are theories over several programs: NoGoroutineLeakTests and
/// GcTraceVerdictTests.
/// </summary>
public sealed class HealthyControlTests
{
    private const string Name = "healthy";

    [Fact]
    public async Task TheHeapProfilesShowNoGrowingSite()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.None(Evidence.HeapGrowth(evidence), evidence.Heap(Moment.Late));
    }

    [Fact]
    public async Task TheProcSnapshotsShowNoGrowth()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.None(Evidence.ProcGrowth(evidence), evidence.Proc(Moment.Late));
    }
}
