using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Goroutines with the same stack (functions and file:line, arguments ignored), state, creator and labels,
/// like panicparse's buckets. Site is the user-code frame where they are stuck (null when the stack is all
/// runtime); BenignReason says why the bucket is never a suspect (runtime worker, signal loop...), or null.
/// </summary>
public sealed record StackBucket(
    int Count,
    string State,
    WaitKind Kind,
    bool LockedToThread,
    int MinWaitMinutes,
    int MaxWaitMinutes,
    IReadOnlyList<Call> Stack,
    Call? CreatedBy,
    IReadOnlyList<long> SampleIds,
    SourceSite? Site,
    string? BenignReason,
    string? Labels,
    bool Aggregated);
