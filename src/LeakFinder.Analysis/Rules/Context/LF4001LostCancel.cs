using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Context;

/// <summary>
/// LF4001: the cancel function of context.WithCancel/WithTimeout/WithDeadline/WithCancelCause (and the
/// *Cause variants) not called on every path and not handed on, as go vet's lostcancel. Docs: docs/rules/LF4001.md.
/// </summary>
public sealed class LF4001LostCancel : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF4001", "lost-cancel", RuleCategory.ContextLeak, Severity.Error,
        "context cancel function not called on every path");

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Cancel];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
