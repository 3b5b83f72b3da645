using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

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

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds, leak => !CancelsNothing(pass, leak));

    /// <summary>
    /// WithCancel of context.Background() or TODO(): a parent that is never cancelled registers no child and the
    /// context starts no timer, so a cancel never called leaks nothing (etcdctl's `ctx, cancel :=
    /// context.WithCancel(context.Background())` overwritten when a timeout flag is set). WithTimeout/WithDeadline
    /// still start a timer, and are still reported.
    /// </summary>
    private static bool CancelsNothing(Pass pass, Leak leak) =>
        leak.Acquirer.FullName is "context.WithCancel" or "context.WithCancelCause"
        && leak.Acquire.Args.Count > 0 && Calls.Unparen(leak.Acquire.Args[0]) is CallExpr parent
        && Calls.Callee(pass.Info, parent)?.FullName is "context.Background" or "context.TODO";
}
