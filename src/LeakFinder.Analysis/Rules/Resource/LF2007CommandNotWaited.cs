using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2007: an os/exec.Cmd started with Start that its function waits for (Wait, or Process.Wait) on some path but
/// not on another, unless it is handed on (returned, stored, given to a goroutine or a helper that waits).
/// Docs: docs/rules/LF2007.md.
/// </summary>
public sealed class LF2007CommandNotWaited : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2007", "command-not-waited", RuleCategory.ResourceLeak, Severity.Error,
        "Command started without Wait")
    {
        Since = "0.4",
        Summary = "`exec.Cmd.Start` without `Wait` on a path where the function waits elsewhere",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Command];

    /// <summary>
    /// A command its function never waits for is taken as meant to outlive it: a daemon child that a subreaper
    /// reaps in its SIGCHLD handler (containerd's shims start their logging binaries so) or that the process
    /// leaves running on purpose. The rule reports the paths that skip the Wait the function does elsewhere.
    /// </summary>
    public override void Run(Pass pass)
    {
        HashSet<GoObject>? waited = null;
        MustReleaseReporter.Run(pass, Kinds, leak =>
        {
            waited ??= WaitedCommands(pass);
            return Expr.Unparen(leak.Acquire.Fun) is SelectorExpr { X: Ident cmd } && pass.Info.ObjectOf(cmd) is { } v && waited.Contains(v);
        });
    }

    /// <summary>The variables the package calls Wait on, directly or through Process (`cmd.Wait()`, `cmd.Process.Wait()`).</summary>
    private static HashSet<GoObject> WaitedCommands(Pass pass)
    {
        var waited = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            Walker.Inspect(file.File, n =>
            {
                if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Wait" } sel })
                {
                    var x = Expr.Unparen(sel.X);
                    if (x is SelectorExpr { Sel.Name: "Process" } p) x = Expr.Unparen(p.X);
                    if (x is Ident id && pass.Info.ObjectOf(id) is Var v) waited.Add(v);
                }
                return true;
            });
        return waited;
    }
}
