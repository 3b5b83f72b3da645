using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Timer;

/// <summary>LF3001: a time.NewTicker never stopped on some path out of its function. Docs: docs/rules/LF3001.md.</summary>
public sealed class LF3001TickerNotStopped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF3001", "ticker-not-stopped", RuleCategory.TimerLeak, Severity.Warning,
        "time.Ticker never stopped");

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Ticker];

    /// <summary>From Go 1.23 an unreferenced ticker is garbage collected, stopped or not; a local ticker of a
    /// function that returns is unreferenced then. Unknown versions count as older (go assumes go1.16 without a go.mod).</summary>
    public static readonly Semantics.GoVersion CollectedSince = new(1, 23);

    public override void Run(Pass pass) =>
        MustReleaseReporter.Run(pass, Kinds, leak => pass.GoVersionAt(leak.Acquire) is not { } v || v < CollectedSince);
}
