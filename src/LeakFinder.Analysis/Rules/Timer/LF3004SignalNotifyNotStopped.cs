using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Timer;

/// <summary>
/// LF3004: signal.Notify on a channel made in a function that returns without signal.Stop on some path. Not in
/// main.main (the process ends with it), nor when the channel is ranged over, handed to a goroutine, returned or
/// stored: those live as long as they need to. Docs: docs/rules/LF3004.md.
/// </summary>
public sealed class LF3004SignalNotifyNotStopped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF3004", "signal-notify-not-stopped", RuleCategory.TimerLeak, Severity.Warning,
        "signal.Notify without signal.Stop in a function that returns")
    {
        Since = "0.4",
        Summary = "`signal.Notify` without `signal.Stop` in a function that returns",
        // On the precision corpus every finding sat in a function whose return ends the process (a daemon's run
        // loop, a shim's exit-signal handler): real registrations left behind, none a reviewer would fix.
        Experimental = true,
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.SignalNotify];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
