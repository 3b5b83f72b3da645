namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// One goroutine of a dump (or, in the aggregated ?debug=1 form, one stack with its Count). Id is -1 in
/// the aggregated form, which prints no ids; State is "" there too because it prints no states either.
/// </summary>
public sealed record Goroutine(
    long Id,
    string State,
    int WaitMinutes,
    bool LockedToThread,
    IReadOnlyList<Call> Stack,
    Call? CreatedBy,
    long CreatorId,
    int Count,
    int ElidedFrames,
    string? Labels,
    string? SynctestBubble,
    long Line)
{
    /// <summary>Frames elided by the runtime but not counted (the pre-1.21 "...additional frames elided...").</summary>
    public const int UnknownElidedCount = -1;
}
