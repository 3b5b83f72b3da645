using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2007: an os/exec.Cmd started with Start and not waited for (Wait, or Process.Wait) on some path, unless it is
/// handed on (returned, stored, given to a goroutine or a helper that waits). Docs: docs/rules/LF2007.md.
/// </summary>
public sealed class LF2007CommandNotWaited : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2007", "command-not-waited", RuleCategory.ResourceLeak, Severity.Error,
        "Command started without Wait")
    {
        Since = "0.4",
        Summary = "`exec.Cmd.Start` without `Wait` on every path",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Command];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
