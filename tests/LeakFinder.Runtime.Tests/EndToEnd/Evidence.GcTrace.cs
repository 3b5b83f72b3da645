using LeakFinder.Runtime.GcTrace;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>The gctrace analysis (src/LeakFinder.Runtime/GcTrace).</summary>
public static partial class Evidence
{
    /// <summary>`leakfinder gctrace FILE` on the program's stderr up to the SIGQUIT.</summary>
    public static GcTraceReport GcTrace(ProgramEvidence evidence) => GcTraceAnalysis.Analyze(evidence.GcTrace);
}
