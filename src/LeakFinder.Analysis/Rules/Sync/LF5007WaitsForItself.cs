using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007, a counted goroutine that waits for itself through the package's functions: a worker counted by
/// `c.wg` (Add before it starts, its own Done) calls, before that Done, a function that reaches `c.wg.Wait()`
/// (`c.fail()` calling `c.Stop()`, which closes the stop channel and waits for the workers). Wait returns only
/// when every counted goroutine has called Done, this one included, so it never returns; a deferred Done runs
/// only after it.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    /// <summary>A Wait a function reaches: the group's path in the function's terms, the call, and the functions
    /// called on the way ("fail → Stop"; empty when the function calls Wait itself).</summary>
    private sealed record ReachedWait(FieldPath Path, CallExpr Wait, string Via);

    private const int CallDepth = 4;

    private static void CheckWaitsForItself(Scope scope, GoStmt go, FunctionBody body, FieldPath group, CallExpr add)
    {
        var pass = scope.Pass;
        var waits = new Dictionary<Node, ReachedWait>(ReferenceEqualityComparer.Instance);
        var cfg = pass.Cfg(body);
        // A Done now (not deferred: that one runs after everything, Wait included) ends the path; a node that reaches
        // the Wait before it is what we look for.
        var search = new PathSearch(cfg, pass.Info, (block, i) =>
        {
            if (i < 0 || block.Nodes[i] is DeferStmt or GoStmt) return NodeEffect.None;
            var node = block.Nodes[i];
            if (Effect(scope, node, group) == NodeEffect.Sink) return NodeEffect.Sink;
            if (WaitIn(scope, node, CallDepth).FirstOrDefault(w => w.Path.Key == group.Key) is not { } wait) return NodeEffect.None;
            waits[node] = wait;
            return NodeEffect.Overwrite;
        });
        foreach (var at in search.FindLeaks(cfg.Entry, -1, null, null))
        {
            if (!waits.TryGetValue(at, out var wait)) continue;
            // A literal's own Wait is CheckWaitNeverReturns's finding.
            if (wait.Via.Length == 0 && go.Call.Fun is FuncLit || !scope.Reported.Add(at)) return;
            var how = wait.Via.Length == 0 ? "waits for it" : $"calls {wait.Via}, which waits for it (line {pass.Line(wait.Wait)})";
            pass.Report(at, $"this goroutine is counted by {group.Text} (the Add at line {pass.Line(add)}) and, before its own Done, {how}: "
                + $"Wait returns only once every counted goroutine has called Done, this one included, so it waits for itself for ever, and so does every other Wait on {group.Text}; "
                + "let the goroutine only signal the stop, and wait from outside the goroutines the group counts",
                new RelatedLocation(pass.Span(wait.Wait), "the Wait"),
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(add), "and counted here"));
            return;
        }
    }

    /// <summary>The Waits a node reaches: its own Wait calls, and those of the package's functions it calls (to
    /// depth calls down), as paths of the node's function. Function literals, go statements and defers are not
    /// followed: they run elsewhere or later.</summary>
    private static List<ReachedWait> WaitIn(Scope scope, Node node, int depth)
    {
        var pass = scope.Pass;
        var found = new List<ReachedWait>();
        Walker.Inspect(node, n =>
        {
            if (n is FuncLit or GoStmt or DeferStmt) return false;
            if (n is not CallExpr call) return true;
            if (WaitGroups.Call(pass, call, "Wait") is { } g) found.Add(new ReachedWait(g, call, ""));
            else if (depth > 0 && Calls.Callee(pass.Info, call) is { } callee && scope.Functions.DeclarationOf(callee) is { Function: FuncDecl fd } helper)
            {
                Dictionary<Var, FieldPath?>? bindings = null;
                foreach (var w in WaitsOf(scope, fd, helper, depth - 1))
                {
                    bindings ??= Bindings(pass, fd, call);
                    if (Rebase(w.Path, bindings) is { } at)
                        found.Add(new ReachedWait(at, w.Wait, w.Via.Length == 0 ? fd.Name.Name : fd.Name.Name + " → " + w.Via));
                }
            }
            return true;
        });
        return found;
    }

    /// <summary>The Waits a function reaches on groups of its receiver or parameters, cached per function (at the
    /// depth first asked: deeper chains than <see cref="CallDepth"/> are not followed).</summary>
    private static List<ReachedWait> WaitsOf(Scope scope, FuncDecl fd, FunctionBody body, int depth)
    {
        if (scope.Waits.TryGetValue(fd, out var known)) return known;
        scope.Waits[fd] = []; // recursion: a function reached again while being summarised adds nothing
        return scope.Waits[fd] = WaitIn(scope, body.Body, depth);
    }
}
