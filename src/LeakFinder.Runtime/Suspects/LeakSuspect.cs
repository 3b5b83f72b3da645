namespace LeakFinder.Runtime.Suspects;

/// <summary>Which kind of runtime evidence a suspect was found in.</summary>
public enum EvidenceKind
{
    GoroutineDump,
    GoroutineDumpDiff,
    Profile,
    ProfileDiff,
    GcTrace,
    Proc,
}

/// <summary>A place in the program's source, as the runtime reports it (function, file, line).</summary>
public sealed record SourceSite(string Function, string File, int Line)
{
    public override string ToString() => $"{File}:{Line} {Function}";
}

/// <summary>
/// One ranked answer to "which code is leaking": every runtime analysis (dumps, profile diffs, gctrace,
/// /proc) reports its findings in this one shape so the CLI, JSON output and ranking treat them alike.
/// Score is in [0, 1]: higher means more certainly a leak.
/// </summary>
public sealed record LeakSuspect(
    SourceSite? Site,
    double Score,
    string Reason,
    string Kind,
    EvidenceKind Evidence);
