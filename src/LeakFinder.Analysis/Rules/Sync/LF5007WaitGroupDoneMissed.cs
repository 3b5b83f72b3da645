using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007: a goroutine counted by `wg.Add` before it starts calls `wg.Done()` on some paths only (not deferred):
/// on the others, typically an early return on error, the counter never reaches zero and `wg.Wait()` blocks
/// for ever, with the goroutine that waits (a Stop, a shutdown, a request handler). Docs: docs/rules/LF5007.md.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5007", "waitgroup-done-missed", RuleCategory.Deadlock, Severity.Error,
        "A goroutine counted by a WaitGroup can return without calling Done, so Wait blocks for ever")
    {
        Since = "0.4",
        Summary = "a goroutine counted by `wg.Add` returns on some path without `wg.Done()`, so `wg.Wait()` blocks for ever; `wg.Wait()` inside the loop that starts the goroutines an `Add` before the loop counted; `Done` or `Wait` on a WaitGroup passed by value",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        CheckCopiedGroups(pass);
        var waited = WaitedGroups(pass);
        if (waited.Count == 0) return;
        var functions = pass.ResultOf(FunctionLookup.Analysis);

        foreach (var creator in pass.Functions)
        {
            ItemsSkipped.Check(pass, creator);
            CheckWaitNeverReturns(pass, creator);
            CheckWaitInLoop(pass, creator);
            var adds = new List<(string Key, CallExpr Call)>();
            Walker.Inspect(creator.Body, n =>
            {
                switch (n)
                {
                    case FuncLit:
                        return false;
                    // Add(1), one per goroutine: an Add(n) may count fewer goroutines than it starts (some are meant
                    // to give up without Done), which is beyond us.
                    case CallExpr { Args: [BasicLit { Value: "1" }] } call when WaitGroups.Call(pass, call, "Add") is { } g:
                        adds.Add((g.Key, call));
                        break;
                    case GoStmt go:
                        CheckGoroutine(pass, go, adds, waited, functions);
                        return false;
                }
                return true;
            });
        }
    }

    /// <summary>The last field or variable name of every WaitGroup the package waits for (`s.wg.Wait()`: "wg").</summary>
    private static HashSet<string> WaitedGroups(Pass pass)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is CallExpr call && WaitGroups.Call(pass, call, "Wait") is { } g) names.Add(LastName(g.Text));
                return true;
            });
        return names;
    }

    private static string LastName(string text) => text[(text.LastIndexOf('.') + 1)..];

    private static void CheckGoroutine(Pass pass, GoStmt go, List<(string Key, CallExpr Call)> adds, HashSet<string> waited,
        FunctionLookup functions)
    {
        // The goroutine's body and how its WaitGroup paths read in the creator's terms.
        FunctionBody body;
        Func<FieldPath, string?> creatorKey;
        if (Expr.Unparen(go.Call.Fun) is FuncLit lit && functions.BodyOf(lit) is { } litBody)
        {
            body = litBody;
            creatorKey = p => p.Root.Pos >= lit.Pos().Value && p.Root.Pos < lit.End().Value ? null : p.Key;
        }
        else if (Calls.Callee(pass.Info, go.Call) is { } callee && functions.DeclarationOf(callee) is { Function: FuncDecl fd } calleeBody)
        {
            body = calleeBody;
            var bindings = Bindings(pass, fd, go.Call);
            creatorKey = p => bindings.TryGetValue(p.Root, out var at) && at != null ? at.Key + p.Key[(p.Key.IndexOf('.') is var i and >= 0 ? i : p.Key.Length)..] : null;
        }
        else return;

        var dones = DoneCalls(pass, body.Body);
        foreach (var group in dones.Where(d => !d.Deferred).Select(d => d.Path).DistinctBy(p => p.Key))
        {
            if (dones.Any(d => d.Deferred && d.Path.Key == group.Key)) continue;
            if (creatorKey(group) is not { } key || !waited.Contains(LastName(group.Text))) continue;
            if (adds.FindLast(a => a.Key == key) is not { Call: { } add }) continue;
            if (InLoop(body.Body, dones.Where(d => d.Path.Key == group.Key).Select(d => d.Call))) continue;
            var cfg = pass.Cfg(body);
            var search = new PathSearch(cfg, pass.Info, (block, i) => i < 0 ? NodeEffect.None : Effect(pass, block.Nodes[i], group));
            if (search.FindLeak(cfg.Entry, -1, null, null) is not { } exit) continue;
            var name = group.Text;
            pass.Report(exit, $"this goroutine can return here without calling {name}.Done(), though it was counted by the Add at line {pass.Line(add)}: "
                + $"the counter never reaches zero, so {name}.Wait() blocks for ever; call defer {name}.Done() first thing in the goroutine",
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(add), "and counted here"));
        }
    }

    /// <summary>What the receiver and parameters of a started function are bound to in the creator.</summary>
    private static Dictionary<Var, FieldPath?> Bindings(Pass pass, FuncDecl fd, CallExpr call)
    {
        var result = new Dictionary<Var, FieldPath?>(ReferenceEqualityComparer.Instance);
        if (fd.Recv is { List: [{ Names: [var recv] }] } && pass.Info.Defs.GetValueOrDefault(recv) is Var rv && Expr.Unparen(call.Fun) is SelectorExpr sel)
            result[rv] = FieldPath.Of(pass, sel.X);
        var index = 0;
        foreach (var field in fd.Type.Params.List)
            foreach (var name in field.Names)
            {
                if (pass.Info.Defs.GetValueOrDefault(name) is Var pv && index < call.Args.Count) result[pv] = FieldPath.Of(pass, call.Args[index]);
                index++;
            }
        return result;
    }

    private sealed record DoneCall(FieldPath Path, CallExpr Call, bool Deferred);

    /// <summary>The body's Done calls, deferred ones (directly or in a deferred literal) marked.</summary>
    private static List<DoneCall> DoneCalls(Pass pass, BlockStmt body)
    {
        var result = new List<DoneCall>();
        var deferDepth = 0;
        var stack = new List<Node>();
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                if (stack[^1] is DeferStmt) deferDepth--;
                stack.RemoveAt(stack.Count - 1);
                return false;
            }
            if (n is FuncLit && deferDepth == 0) return false;
            if (n is CallExpr call && WaitGroups.Call(pass, call, "Done") is { } g) result.Add(new DoneCall(g, call, deferDepth > 0));
            if (n is DeferStmt) deferDepth++;
            stack.Add(n);
            return true;
        });
        return result;
    }

    /// <summary>A Done inside a loop that goes on after it is counted against an Add(n) (one per item): which
    /// paths call it enough is beyond us. A Done right before a return inside the loop is the goroutine's last.</summary>
    private static bool InLoop(BlockStmt body, IEnumerable<CallExpr> calls)
    {
        var targets = new HashSet<CallExpr>(calls, ReferenceEqualityComparer.Instance);
        var perIteration = false;
        var loops = 0;
        var stack = new List<Node>();
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                if (stack[^1] is ForStmt or RangeStmt) loops--;
                stack.RemoveAt(stack.Count - 1);
                return false;
            }
            if (n is FuncLit || perIteration) return false;
            if (loops > 0 && n is ExprStmt { X: CallExpr c } stmt && targets.Contains(c) && !FollowedByReturn(stack[^1], stmt)) perIteration = true;
            if (n is ForStmt or RangeStmt) loops++;
            stack.Add(n);
            return true;
        });
        return perIteration;
    }

    private static bool FollowedByReturn(Node parent, Stmt stmt) => StatementLists.Next(parent, stmt) is ReturnStmt;

    /// <summary>A node calling Done on the group releases it; one handing the group on (to a call, a literal, a
    /// goroutine) leaves the Done to someone else: both end the search.</summary>
    private static NodeEffect Effect(Pass pass, Node node, FieldPath group)
    {
        var effect = NodeEffect.None;
        Walker.Inspect(node, n =>
        {
            if (effect != NodeEffect.None) return false;
            switch (n)
            {
                case CallExpr call when WaitGroups.Call(pass, call, "Done") is { } g && g.Key == group.Key:
                    effect = NodeEffect.Sink;
                    return false;
                case FuncLit lit when Mentions(pass, lit, group):
                    effect = NodeEffect.Sink;
                    return false;
                case CallExpr call when call.Args.Any(a => FieldPath.Of(pass, a) is { } p && (p.Key == group.Key || group.Key.StartsWith(p.Key + ".", StringComparison.Ordinal))):
                    effect = NodeEffect.Sink;
                    return false;
            }
            return true;
        });
        return effect;
    }

    private static bool Mentions(Pass pass, FuncLit lit, FieldPath group)
    {
        return Walker.Any(lit, n => n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), group.Root));
    }
}
