using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
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
        Summary = "a goroutine counted by `wg.Add` returns on some path without `wg.Done()`, so `wg.Wait()` blocks for ever; `wg.Wait()` inside the loop that starts the goroutines an `Add` before the loop counted; `Done` or `Wait` on a WaitGroup passed by value; `wg.Wait()` for connection handlers that read their accepted conns in a loop and defer `Done`, when nothing in the package closes those conns or sets a read deadline; the only `Done` behind a `sync.Once` shared by every goroutine an `Add` in a loop counts",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        CheckCopiedGroups(pass);
        var waited = WaitedGroups(pass);
        if (waited.Count == 0) return;
        CheckStopSkipsDone(pass, waited);
        CheckIdleConns(pass);
        CheckDoneBehindSharedOnce(pass);
        var functions = pass.ResultOf(FunctionLookup.Analysis);
        var scope = new Scope(pass, functions, waited, GroupAliases.Of(pass), new HashSet<Node>(ReferenceEqualityComparer.Instance));

        foreach (var creator in pass.Functions)
        {
            ItemsSkipped.Check(pass, creator);
            CheckWaitNeverReturns(pass, creator);
            CheckWaitInLoop(pass, creator);
            var adds = new List<Add>();
            var discarded = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
            Walker.Inspect(creator.Body, n =>
            {
                switch (n)
                {
                    case FuncLit:
                        return false;
                    case ExprStmt { X: var x } when Expr.Unparen(x) is CallExpr statement:
                        discarded.Add(statement);
                        break;
                    // Add(1), one per goroutine: an Add(n) may count fewer goroutines than it starts (some are meant
                    // to give up without Done), which is beyond us.
                    case CallExpr { Args: [BasicLit { Value: "1" }] } call when WaitGroups.Call(pass, call, "Add") is { } g:
                        adds.Add(new Add(g.Key, call, GroupField(pass, call)));
                        break;
                    case GoStmt go:
                        CheckGoroutine(scope, go, adds, p => p, adds.Count > 0 ? GoCallbacks(pass, functions, go) : null);
                        return false;
                    // A helper that starts the goroutine (`m.wg.Add(1); s.start()` with `func (s *shard) start() { go s.run() }`).
                    case CallExpr call when adds.Count > 0 && Calls.Callee(pass.Info, call) is { } callee && functions.DeclarationOf(callee) is { Function: FuncDecl fd } helper:
                        var bindings = Bindings(pass, fd, call);
                        var callbacks = DoneCallbacks(pass, fd, call);
                        foreach (var inner in StartedIn(helper.Body))
                            CheckGoroutine(scope, inner, adds, p => Rebase(p, bindings), callbacks);
                        // A helper that may decline the task (`TrySubmit(task) bool`), its answer ignored.
                        if (callbacks != null && (discarded.Contains(call) || fd.Type.Results is not { List.Count: > 0 }))
                            CheckCallbackDropped(scope, helper, call, adds, callbacks);
                        break;
                }
                return true;
            });
        }
    }

    /// <summary>What one run of the rule shares: the package's functions, the groups it waits for (last names), the
    /// pointer fields that alias a group, and the findings made so far (a goroutine started by a helper is met
    /// once per caller).</summary>
    private sealed record Scope(Pass Pass, FunctionLookup Functions, HashSet<string> Waited, GroupAliases Aliases, HashSet<Node> Reported)
    {
        /// <summary>The Waits each function reaches (<see cref="WaitsOf"/>).</summary>
        public Dictionary<FuncDecl, List<ReachedWait>> Waits { get; } = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>An Add(1) of the creator: the group's key, the call, and the struct field it names (null for a variable).</summary>
    private sealed record Add(string Key, CallExpr Call, Var? Field);

    /// <summary>The go statements of a body, outside function literals.</summary>
    private static List<GoStmt> StartedIn(BlockStmt body)
    {
        var found = new List<GoStmt>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is GoStmt go) found.Add(go);
            return n is not GoStmt;
        });
        return found;
    }

    /// <summary>The struct field a WaitGroup call's receiver ends in (`m.wg.Add`: QueueManager.wg), or null.</summary>
    private static Var? GroupField(Pass pass, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { X: var x } ? FieldOf(pass, x) : null;

    private static Var? FieldOf(Pass pass, Expr x)
    {
        x = Expr.Unparen(x);
        while (x is UnaryExpr { Op: Token.And } or StarExpr) x = Expr.Unparen(x is UnaryExpr u ? u.X : ((StarExpr)x).X);
        return x is SelectorExpr s && pass.Info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal ? sel.Obj as Var : null;
    }

    /// <summary>A path of a called function (rooted at its receiver or a parameter) in the caller's terms.</summary>
    private static FieldPath? Rebase(FieldPath p, Dictionary<Var, FieldPath?> bindings) =>
        bindings.TryGetValue(p.Root, out var at) && at != null
            ? new FieldPath(at.Key + p.Key[(p.Key.IndexOf('.') is var i and >= 0 ? i : p.Key.Length)..], at.Root, at.Text + p.Text[p.Root.Name.Length..])
            : null;

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

    /// <param name="toCreator">How a path of the goroutine's creator (the function holding the go statement) reads in
    /// the terms of the function that counted it (itself, or the caller of a helper that starts it).</param>
    /// <param name="callbacks">The Done callbacks the creator hands the function the goroutine runs in (<see cref="DoneCallbacks"/>).</param>
    private static void CheckGoroutine(Scope scope, GoStmt go, List<Add> adds, Func<FieldPath, FieldPath?> toCreator, Dictionary<string, Callback>? callbacks = null)
    {
        var pass = scope.Pass;
        // The goroutine's body and how its WaitGroup paths read in the creator's terms.
        FunctionBody body;
        Func<FieldPath, FieldPath?> creatorPath;
        if (Expr.Unparen(go.Call.Fun) is FuncLit lit && scope.Functions.BodyOf(lit) is { } litBody)
        {
            body = litBody;
            creatorPath = p => p.Root.Pos >= lit.Pos().Value && p.Root.Pos < lit.End().Value ? null : toCreator(p);
        }
        else if (Calls.Callee(pass.Info, go.Call) is { } callee && scope.Functions.DeclarationOf(callee) is { Function: FuncDecl fd } calleeBody)
        {
            body = calleeBody;
            var bindings = Bindings(pass, fd, go.Call);
            creatorPath = p => Rebase(p, bindings) is { } at ? toCreator(at) : null;
        }
        else return;

        var dones = DoneCalls(scope, body.Body, callbacks);
        foreach (var done in dones.DistinctBy(d => d.Path.Key))
        {
            var group = done.Path;
            if (!scope.Waited.Contains(LastName(group.Text))) continue;
            // A callback's group is named in the creator's terms already.
            var key = done.Callback != null ? group.Key : creatorPath(group)?.Key;
            // The Add that counted it: on the same path, or on the group a pointer field of the goroutine's points to.
            if (adds.FindLast(a => a.Key == key || scope.Aliases.Points(done.Field, a.Field)) is not { Call: { } add }) continue;
            // `if s.wg != nil { defer s.wg.Done() }`: a goroutine that may be uncounted.
            if (ComparedWithNil(pass, body.Body, group)) continue;
            if (done.Callback == null) CheckWaitsForItself(scope, go, body, group, add);
            if (InLoop(body.Body, dones.Where(d => d.Path.Key == group.Key).Select(d => d.Call))) continue;
            var cfg = pass.Cfg(body);
            var search = new PathSearch(cfg, pass.Info, (block, i) => i < 0 ? NodeEffect.None : Effect(scope, block.Nodes[i], group, callbacks));
            if (search.FindLeak(cfg.Entry, -1, null, null) is not { } exit || !scope.Reported.Add(exit)) continue;
            var name = group.Text;
            var deferred = dones.FirstOrDefault(d => d.Deferred && d.Path.Key == group.Key);
            var late = deferred != null && deferred.Call.Pos().Value > exit.Pos().Value;
            var why = late ? $"before the defer at line {pass.Line(deferred!.Call)} that calls {name}.Done() is reached"
                : done.Callback is { } cb ? $"without calling {cb.Text}, the {name}.Done the call at line {pass.Line(cb.HandedAt)} hands it" : $"without calling {name}.Done()";
            var fix = late ? "move that defer to the start of the goroutine" : done.Callback is { } called ? $"call {called.Text}() on every path (defer it)" : $"call defer {name}.Done() first thing in the goroutine";
            pass.Report(exit, $"this goroutine can return here {why}, though it was counted by the Add at line {pass.Line(add)}: "
                + $"the counter never reaches zero, so {name}.Wait() blocks for ever; {fix}",
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(add), "and counted here"));
        }
    }

    /// <summary>
    /// A Done callback handed to a function of the package (`pool.TrySubmit(func() { defer wg.Done(); ... })`) that can
    /// return without calling it, handing it on or starting a goroutine that holds it (a full pool refusing the task),
    /// when the caller ignores what the function answers and an Add counted the group: that Done never comes, and Wait
    /// blocks for ever. The finding sits on the call.
    /// </summary>
    private static void CheckCallbackDropped(Scope scope, FunctionBody helper, CallExpr call, List<Add> adds, Dictionary<string, Callback> callbacks)
    {
        var pass = scope.Pass;
        foreach (var cb in callbacks.Values.DistinctBy(c => c.Group.Key))
        {
            if (!scope.Waited.Contains(LastName(cb.Group.Text)) || adds.FindLast(a => a.Key == cb.Group.Key) is not { Call: { } add }) continue;
            var cfg = pass.Cfg(helper);
            var search = new PathSearch(cfg, pass.Info, (block, i) => i < 0 ? NodeEffect.None : Effect(scope, block.Nodes[i], cb.Group, callbacks));
            if (search.FindLeak(cfg.Entry, -1, null, null) is not { } exit || !scope.Reported.Add(call)) continue;
            var name = Calls.Callee(pass.Info, call)?.Name ?? "the function";
            var answer = helper.Function is FuncDecl { Type.Results.List.Count: > 0 } ? "its answer is ignored" : "it answers nothing to tell";
            pass.Report(call, $"{name} can return (line {pass.Line(exit)}) without calling {cb.Text}, the {cb.Group.Text}.Done this call hands it, "
                + $"and {answer}, though the Add at line {pass.Line(add)} counted it: the counter never reaches zero, so {cb.Group.Text}.Wait() blocks for ever; "
                + $"call {cb.Group.Text}.Done() yourself when {name} declines the task",
                new RelatedLocation(pass.Span(exit), $"{name} returns here without running {cb.Text}"),
                new RelatedLocation(pass.Span(add), "the Add that counted it"));
        }
    }

    private static bool ComparedWithNil(Pass pass, BlockStmt body, FieldPath group) =>
        Walker.Any(body, n => n is BinaryExpr { Op: Token.Eql or Token.Neq } b
                              && (b.Y is Ident { Name: "nil" } && FieldPath.Of(pass, b.X)?.Key == group.Key
                                  || b.X is Ident { Name: "nil" } && FieldPath.Of(pass, b.Y)?.Key == group.Key));

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

    /// <summary>A Done the goroutine calls: the group's path in its terms, the call (a Done, or a call of the package's
    /// function that calls it), whether deferred, and the struct field the group is reached by (null for a variable).</summary>
    private sealed record DoneCall(FieldPath Path, CallExpr Call, bool Deferred, Var? Field, Callback? Callback = null);

    /// <summary>The body's Done calls, deferred ones (directly or in a deferred literal) marked; a call of the
    /// package's function or method that calls Done on its receiver's or a parameter's group counts as a Done
    /// on the group it is given (`defer s.finish()` with `func (s *shard) finish() { s.wg.Done() }`).</summary>
    private static List<DoneCall> DoneCalls(Scope scope, BlockStmt body, Dictionary<string, Callback>? callbacks = null)
    {
        var pass = scope.Pass;
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
            if (n is CallExpr call && WaitGroups.Call(pass, call, "Done") is { } g) result.Add(new DoneCall(g, call, deferDepth > 0, GroupField(pass, call)));
            else if (n is CallExpr called && CallbackOf(pass, called, callbacks) is { } cb) result.Add(new DoneCall(cb.Group, called, deferDepth > 0, null, cb));
            else if (n is CallExpr helper)
                foreach (var (path, field) in HelperDones(scope, helper)) result.Add(new DoneCall(path, helper, deferDepth > 0, field));
            if (n is DeferStmt) deferDepth++;
            stack.Add(n);
            return true;
        });
        return result;
    }

    /// <summary>The groups a call of one of the package's functions calls Done on (in its own statements, deferred or
    /// not), as paths of the caller: the callee's receiver or parameter replaced by what the call gives it.</summary>
    private static IEnumerable<(FieldPath Path, Var? Field)> HelperDones(Scope scope, CallExpr call)
    {
        var pass = scope.Pass;
        if (Calls.Callee(pass.Info, call) is not { } callee || scope.Functions.DeclarationOf(callee) is not { Function: FuncDecl fd } helper) yield break;
        Dictionary<Var, FieldPath?>? bindings = null;
        var found = new List<(FieldPath, Var?)>();
        Walker.Inspect(helper.Body, n =>
        {
            if (n is FuncLit or GoStmt) return false;
            if (n is CallExpr c && WaitGroups.Call(pass, c, "Done") is { } g)
            {
                bindings ??= Bindings(pass, fd, call);
                if (Rebase(g, bindings) is { } at) found.Add((at, GroupField(pass, c)));
            }
            return true;
        });
        foreach (var f in found) yield return f;
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

    /// <summary>A node calling Done on the group releases it (directly, in a defer that now covers every later
    /// return, or through a helper of the package); one handing the group on (to a call, a literal, a goroutine)
    /// leaves the Done to someone else: both end the search.</summary>
    private static NodeEffect Effect(Scope scope, Node node, FieldPath group, Dictionary<string, Callback>? callbacks = null)
    {
        var pass = scope.Pass;
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
                case CallExpr call when HelperDones(scope, call).Any(d => d.Path.Key == group.Key):
                    effect = NodeEffect.Sink;
                    return false;
                case Node handed when callbacks != null && HandsOnCallback(pass, handed, group, callbacks):
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
