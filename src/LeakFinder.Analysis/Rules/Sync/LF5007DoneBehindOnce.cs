using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007 for a Done behind a Once shared by every goroutine the group counts: `s.readyOnce.Do(s.ready.Done)` (or a
/// literal handed to Do that calls `s.ready.Done()`), where the Once belongs to the same value as the group (or is a
/// package variable), while the package counts the group up more than once for one instance: an `Add` in a loop that
/// starts goroutines, on a group reached from outside the loop, or an `Add` of a constant of 2 or more. The Once runs
/// its function once, so only the first goroutine's Done comes: the counter never reaches zero and `Wait` blocks for
/// ever. Silent when the group is counted down anywhere else (a Done outside the Once), when nothing waits for it, and
/// when the Once belongs to something else (one per listener, the idiomatic fix).
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckDoneBehindSharedOnce(Pass pass)
    {
        if (!pass.UsesFunction("(*sync.Once).Do")) return;
        var behindOnce = new List<(CallExpr Do, LockPath Once, LockPath Group)>();
        var doneSites = new List<(Node At, string Class)>();
        var waits = new Dictionary<string, CallExpr>(StringComparer.Ordinal);
        var counts = new Dictionary<string, CallExpr>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                // A literal is a function of its own in pass.Functions.
                if (n is FuncLit) return false;
                if (n is not CallExpr call) return true;
                if (Calls.Callee(pass.Info, call)?.FullName == "(*sync.Once).Do" && call is { Fun: SelectorExpr onceSel, Args: [var arg] }
                    && LockPaths.Of(pass.Info, onceSel.X) is { } once && DoneHandedTo(pass, arg) is { } group)
                    behindOnce.Add((call, once, group));
                if (WaitGroups.Call(pass, call, "Wait") is not null && GroupClass(pass, call) is { } waited) waits.TryAdd(waited, call);
                if (WaitGroups.Call(pass, call, "Add") is not null && GroupClass(pass, call) is { } added && CountsMoreThanOnce(pass, call, ancestors))
                    counts.TryAdd(added, call);
                return true;
            });
        if (behindOnce.Count == 0) return;
        // Every Done of the package, called or taken as a method value, with the group's class.
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit) return false;
                if (n is SelectorExpr { Sel.Name: "Done" } sel && pass.Info.Selections.TryGetValue(sel, out var s) && s.Obj is Func { FullName: "(*sync.WaitGroup).Done" }
                    && LockPaths.Of(pass.Info, sel.X)?.Class is { } cls)
                    doneSites.Add((sel, cls));
                return true;
            });
        foreach (var (doCall, once, group) in behindOnce)
        {
            if (group.Class is not { } cls || !waits.TryGetValue(cls, out var wait) || !counts.TryGetValue(cls, out var add)) continue;
            if (!SharedLikeGroup(once, group)) continue;
            // A Done of the group outside this Do counts it down for the others.
            if (doneSites.Any(d => d.Class == cls && !(d.At.Pos().Value >= doCall.Pos().Value && d.At.End().Value <= doCall.End().Value))) continue;
            pass.Report(doCall,
                $"the only Done of {group.Text} runs behind {once.Text}, one Once for every goroutine {group.Text} counts: the Add at line {pass.Line(add)} counts it up more than once, "
                + $"but the Once runs its function for the first caller only, so the counter never reaches zero and {group.Text}.Wait() (line {pass.Line(wait)}) blocks for ever; give each counted goroutine its own Once, or call Done directly",
                new RelatedLocation(pass.Span(add), "counts the group up more than once"),
                new RelatedLocation(pass.Span(wait), "waits for every Done"));
        }
    }

    /// <summary>The group whose Done an argument of Once.Do runs: `wg.Done` as a method value, or a literal calling
    /// `wg.Done()` in its own statements on a group from outside it.</summary>
    private static LockPath? DoneHandedTo(Pass pass, Expr arg)
    {
        switch (Expr.Unparen(arg))
        {
            case SelectorExpr { Sel.Name: "Done" } sel when pass.Info.Selections.TryGetValue(sel, out var s) && s.Obj is Func { FullName: "(*sync.WaitGroup).Done" }:
                return LockPaths.Of(pass.Info, sel.X);
            case FuncLit lit:
                LockPath? found = null;
                Walker.Inspect(lit.Body, n =>
                {
                    if (found != null || n is FuncLit) return false;
                    if (n is CallExpr c && WaitGroups.Call(pass, c, "Done") is not null && c.Fun is SelectorExpr ds && LockPaths.Of(pass.Info, ds.X) is { } p
                        && !(p.Root.Pos >= lit.Pos().Value && p.Root.Pos < lit.End().Value))
                        found = p;
                    return found == null;
                });
                return found;
            default:
                return null;
        }
    }

    private static string? GroupClass(Pass pass, CallExpr call) =>
        call.Fun is SelectorExpr sel ? LockPaths.Of(pass.Info, sel.X)?.Class : null;

    /// <summary>An Add that counts one group more than once: an Add in a loop that also starts goroutines, on a group
    /// reached from a variable declared outside that loop (the same group each iteration), or an Add of a constant of
    /// 2 or more.</summary>
    private static bool CountsMoreThanOnce(Pass pass, CallExpr add, IReadOnlyList<Node> ancestors)
    {
        if (add.Args is not [var count]) return false;
        if (pass.Info.Types.TryGetValue(count, out var tv) && tv.Value?.AsInt is { } k && k >= 2) return true;
        if (Loops.Innermost(ancestors) is not var (loop, _) || add.Fun is not SelectorExpr sel || LockPaths.Of(pass.Info, sel.X) is not { } path) return false;
        if (path.Root.Pos >= loop.Pos().Value && path.Root.Pos < loop.End().Value) return false;
        return Walker.Any(loop, n => n is GoStmt, intoLiterals: false);
    }

    /// <summary>The Once is shared at least as widely as the group: a field of the same value (`s.readyOnce` beside
    /// `s.ready`), or a package variable.</summary>
    private static bool SharedLikeGroup(LockPath once, LockPath group)
    {
        if (once.Fields.Length == 0) return once.Class != null && once.Indexes.Count == 0;
        static string Owner(string key) => key[..key.LastIndexOf('.')];
        return once.Indexes.Count == 0 && group.Indexes.Count == 0 && once.Fields.Contains('.') && group.Fields.Contains('.')
               && Owner(once.Key) == Owner(group.Key);
    }
}
