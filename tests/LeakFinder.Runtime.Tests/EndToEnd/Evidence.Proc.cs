using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Proc;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>The /proc analysis (src/LeakFinder.Runtime/Proc).</summary>
public static partial class Evidence
{
    /// <summary>
    /// The /proc comparison of the early and late snapshots, with the late heap profile saying what Go
    /// accounts for (`leakfinder proc` on the copies, with --heap).
    /// </summary>
    public static IReadOnlyList<LeakSuspect> ProcGrowth(ProgramEvidence evidence)
    {
        var heap = evidence.Heap(Moment.Late);
        var go = GoMemory.FromHeapProfile(ProfileAnalysis.Load(heap), heap);
        return ProcAnalysis.Compare(ProcSnapshot.Load(evidence.Proc(Moment.Early)), ProcSnapshot.Load(evidence.Proc(Moment.Late)), go);
    }
}
