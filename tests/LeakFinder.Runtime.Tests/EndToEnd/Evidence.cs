using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Suspects;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The analyses the end-to-end tests ask, one per kind of evidence, each returning LeakFinder's ranked
/// suspects for one program's captured files. Tests call these, never the analyses directly, so a renamed
/// API is fixed in one place.
/// </summary>
public static partial class Evidence
{
    /// <summary>Builds and runs the program (once per test run, shared); skips or fails without Go.</summary>
    public static Task<ProgramEvidence> Of(string program)
    {
        GoToolchain.Require();
        return EvidenceStore.ForAsync(program);
    }

    /// <summary>`leakfinder profile --base heap-early heap-late`: the heap sites that grew, in-use space.</summary>
    public static IReadOnlyList<LeakSuspect> HeapGrowth(ProgramEvidence evidence) =>
        ProfileAnalysis.Diff(ProfileAnalysis.Load(evidence.Heap(Moment.Early)), ProfileAnalysis.Load(evidence.Heap(Moment.Late)), "inuse_space").Suspects;
}
