using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>Why an acquired value is reported.</summary>
public enum LeakReason
{
    /// <summary>A path from the acquire reaches a return without releasing it.</summary>
    NotReleasedOnPath,
    /// <summary>The result is thrown away (`_`, or the call is a statement of its own).</summary>
    Discarded,
    /// <summary>A path comes back to an assignment of the variable (a loop) before releasing it.</summary>
    Overwritten,
}

/// <summary>One value that must be released and is not, on some path. Exit is the return or overwrite reached.</summary>
/// <summary>One value that must be released and is not, on some path. Exit is the first return or overwrite reached;
/// Returns, every return reached without the release (for NotReleasedOnPath), in source order.</summary>
public sealed record Leak(ResourceKind Kind, CallExpr Acquire, Func Acquirer, string Variable, LeakReason Reason, Node? Exit)
{
    public IReadOnlyList<Node> Returns { get; init; } = Exit is ReturnStmt r ? [r] : [];
}

/// <summary>
/// The shared "must be released" engine. In one function body it finds every call that acquires a value of
/// the given kinds into a local variable, then searches the CFG for a path from the acquire to a return on
/// which the value is neither released nor handed on (see <see cref="PathSearch"/>). A value captured by a
/// closure or whose address is taken is never reported: who releases it is not a matter of paths.
/// </summary>
public static class MustRelease
{
    private sealed record Acquired(ResourceKind Kind, CallExpr Call, Func Callee, Block Block, int Index, Var? Value, Ident? ValueIdent, GoObject? Err, Var? Receiver);

    /// <param name="sites">The CFG's acquiring calls (<see cref="AcquireSites.Find"/>, shared by the rules).</param>
    /// <param name="type">The function's signature, whose parameters are local variables too; null: none.</param>
    public static List<Leak> Find(ControlFlowGraph cfg, IReadOnlyList<AcquireSites.Site> sites, TypeInfo info, ModuleFacts facts, IReadOnlyList<ResourceKind> kinds, FuncType? type = null)
    {
        var leaks = new List<Leak>();
        var acquires = FindAcquires(cfg, sites, info, kinds, type, leaks);
        return acquires.Count == 0 ? leaks : Track(cfg, info, facts, acquires, leaks);
    }

    // Apart from Find: its lambdas capture locals of this method, whose closure is allocated on entry; most calls find
    // nothing to track and no longer pay for it.
    private static List<Leak> Track(ControlFlowGraph cfg, TypeInfo info, ModuleFacts facts, List<Acquired> acquires, List<Leak> leaks)
    {
        // Every mention of every tracked variable, classified once, keyed by the CFG node it sits in.
        var specs = new Dictionary<GoObject, ReleaseSpec>(ReferenceEqualityComparer.Instance);
        var skip = new HashSet<Ident>(ReferenceEqualityComparer.Instance);
        foreach (var a in acquires)
        {
            specs[a.Value!] = a.Kind.Release;
            skip.Add(a.ValueIdent!);
            if (a.Receiver != null && a.Kind.ReceiverReleases is { } rr) specs.TryAdd(a.Receiver, new ReleaseSpec(rr));
        }
        var effects = new Dictionary<(GoObject, int, int), NodeEffect>();
        var captured = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        var escaped = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        // The earliest `defer func() {...}()` or `go func() {...}()` that releases or keeps each variable: the
        // literal reads the variable when it runs (at the return, or whenever the goroutine gets to it), so it
        // also releases values acquired after it was started, which no path from those acquires passes.
        var lateSinks = new Dictionary<GoObject, int>(ReferenceEqualityComparer.Instance);
        var refs = new References(info, facts) { Closures = LocalClosures.Find(cfg.Body, info) };
        refs.AddRangeHeads(cfg.Body);
        var callEffects = ClosureCallEffects(refs, specs, skip);
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            var (b, idx) = (block.Index, i);
            var late = node is DeferStmt { Call.Fun: var df } && Expr.Unparen(df) is FuncLit || node is GoStmt { Call.Fun: var gf } && Expr.Unparen(gf) is FuncLit;
            refs.Collect(node, specs, skip, (obj, _, kind) =>
            {
                switch (kind)
                {
                    case RefKind.Capture:
                        captured.Add(obj);
                        break;
                    case RefKind.Release or RefKind.Escape:
                        if (kind == RefKind.Escape) escaped.Add(obj);
                        effects[(obj, b, idx)] = NodeEffect.Sink;
                        if (late && (!lateSinks.TryGetValue(obj, out var p) || node.Pos().Value < p)) lateSinks[obj] = node.Pos().Value;
                        break;
                    case RefKind.Overwrite:
                        effects.TryAdd((obj, b, idx), NodeEffect.Overwrite);
                        break;
                }
            });
            if (callEffects.Count == 0) continue;
            // Calls of local closure variables: their literals' releases happen here.
            Walker.Inspect(node, n =>
            {
                if (n is CallExpr call && Expr.Unparen(call.Fun) is Ident fid && info.ObjectOf(fid) is { } cv && callEffects.TryGetValue(cv, out var onVars))
                {
                    var lateCall = node is DeferStmt ds && ReferenceEquals(ds.Call, call) || node is GoStmt gs && ReferenceEquals(gs.Call, call);
                    foreach (var (obj, kind) in onVars)
                    {
                        if (kind == RefKind.Capture)
                        {
                            captured.Add(obj);
                            continue;
                        }
                        effects[(obj, b, idx)] = NodeEffect.Sink;
                        if (lateCall && (!lateSinks.TryGetValue(obj, out var p) || node.Pos().Value < p)) lateSinks[obj] = node.Pos().Value;
                    }
                }
                return n is not FuncLit;
            });
        }
        // Every acquire overwrites its variable, for the searches of the others too (`res, _ = http.Get(u2)` after
        // `res, _ = http.Get(u1)` loses the first response), unless that node also hands the old value on.
        foreach (var a in acquires)
            if (a.Kind.Holds == AcquiredValue.Result && effects.GetValueOrDefault((a.Value!, a.Block.Index, a.Index)) != NodeEffect.Sink)
                effects[(a.Value!, a.Block.Index, a.Index)] = NodeEffect.Overwrite;
        foreach (var a in acquires)
        {
            if (captured.Contains(a.Value!) || (a.Receiver != null && captured.Contains(a.Receiver))) continue;
            // A value that existed before the call registered or started it (a channel, a command) and is handed on
            // anywhere in the function (even before: `go handleSignals(ch)` then `signal.Notify(ch, ...)`) has an owner.
            if (a.Kind.Holds != AcquiredValue.Result && escaped.Contains(a.Value!)) continue;
            if (lateSinks.TryGetValue(a.Value!, out var started) && started < a.Call.Pos().Value) continue;
            var search = new PathSearch(cfg, info, (block, i) =>
            {
                var e = effects.GetValueOrDefault((a.Value!, block.Index, i));
                if (e == NodeEffect.None && a.Receiver != null && effects.GetValueOrDefault((a.Receiver, block.Index, i)) == NodeEffect.Sink) return NodeEffect.Sink;
                return e;
            });
            var exits = search.FindLeaks(a.Block, a.Index, a.Value, a.Err, a.Kind.Release);
            if (exits.Count == 0) continue;
            // A lost value is reported once: at the overwrite when one loses it, else with every return that leaks it.
            var overwrite = exits.Find(e => e is not ReturnStmt);
            if (overwrite != null)
            {
                leaks.Add(new Leak(a.Kind, a.Call, a.Callee, a.Value!.Name, LeakReason.Overwritten, overwrite));
                continue;
            }
            exits.Sort((x, y) => x.Pos().Value.CompareTo(y.Pos().Value));
            leaks.Add(new Leak(a.Kind, a.Call, a.Callee, a.Value!.Name, LeakReason.NotReleasedOnPath, exits[0]) { Returns = exits });
        }
        return leaks;
    }

    /// <summary>What calling each local closure variable does to each tracked variable, over all the literals it
    /// may hold (flow-insensitive): released or handed on by any of them, or captured when one assigns it.</summary>
    private static Dictionary<GoObject, Dictionary<GoObject, RefKind>> ClosureCallEffects(References refs, Dictionary<GoObject, ReleaseSpec> specs, HashSet<Ident> skip)
    {
        var result = new Dictionary<GoObject, Dictionary<GoObject, RefKind>>(ReferenceEqualityComparer.Instance);
        foreach (var (closure, literals) in refs.Closures.Variables)
            foreach (var lit in literals)
                refs.Collect(lit.Body, specs, skip, (obj, _, kind) =>
                {
                    if (kind == RefKind.Use) return;
                    if (!result.TryGetValue(closure, out var onVars)) result[closure] = onVars = new(ReferenceEqualityComparer.Instance);
                    onVars[obj] = kind is RefKind.Overwrite or RefKind.Capture || onVars.GetValueOrDefault(obj) == RefKind.Capture ? RefKind.Capture : kind;
                });
        return result;
    }

    private static List<Acquired> FindAcquires(ControlFlowGraph cfg, IReadOnlyList<AcquireSites.Site> sites, TypeInfo info, IReadOnlyList<ResourceKind> kinds, FuncType? type, List<Leak> discarded)
    {
        var result = new List<Acquired>();
        var body = cfg.Body;
        foreach (var site in sites)
            foreach (var acq in site.Match.All(kinds))
            {
                var (lhs, call) = (site.Lhs, site.Call);
                if (acq.Kind.Adopters?.Contains(acq.Callee.FullName) == true && !AdoptsLocal(info, call, body)) continue;
                Ident? id;
                if (acq.Kind.Holds == AcquiredValue.Result)
                {
                    if (lhs.Count == 0 || (acq.Result < lhs.Count && lhs[acq.Result] is Ident { Name: "_" }))
                    {
                        discarded.Add(new Leak(acq.Kind, call, acq.Callee, "", LeakReason.Discarded, null));
                        continue;
                    }
                    id = acq.Result < lhs.Count ? lhs[acq.Result] as Ident : null;
                }
                else
                {
                    // A value the call registers or starts: it is released by this function only if it was made
                    // here (a parameter or an outer variable is the caller's to release).
                    id = acq.Kind.Holds == AcquiredValue.Argument
                        ? (acq.Result < call.Args.Count ? Expr.Unparen(call.Args[acq.Result]) as Ident : null)
                        : Expr.Unparen(call.Fun) is SelectorExpr { X: var recv } ? Expr.Unparen(recv) as Ident : null;
                    if (id != null && info.ObjectOf(id) is Var { IsField: false } made && !Within(made.Pos, body)) continue;
                }
                if (id == null || info.ObjectOf(id) is not Var { IsField: false } v) continue;
                // Only variables of this function: named results and outer variables are handed on. A parameter is a
                // copy the caller never sees, so a value acquired into it is as local as one in a body variable.
                if (!Within(v.Pos, body) && (type == null || !Within(v.Pos, type.Params))) continue;
                GoObject? err = null;
                if (acq.Callee.Signature is { Results.Count: > 0 } sig && lhs.Count == sig.Results.Count
                    && (sig.Results.Count > 1 || acq.Kind.Holds != AcquiredValue.Result)
                    && sig.Results[^1].Type is NamedType { Obj.Name: "error", Obj.Pkg: null } && lhs[^1] is Ident errId && errId.Name != "_")
                    err = info.ObjectOf(errId);
                result.Add(new Acquired(acq.Kind, call, acq.Callee, site.Block, site.Index, v, id, err, acq.Kind.ReceiverReleases != null ? ReceiverOf(info, call) : null));
            }
        return result;
    }

    /// <summary>Whether an adopting call's first argument (through conversions) is a local variable of the body.</summary>
    private static bool AdoptsLocal(TypeInfo info, CallExpr call, Node body)
    {
        if (call.Args.Count == 0) return false;
        var arg = Expr.Unparen(call.Args[0]);
        while (arg is CallExpr { Args.Count: 1 } conv && Calls.IsConversion(info, conv)) arg = Expr.Unparen(conv.Args[0]);
        return arg is Ident id && info.ObjectOf(id) is Var { IsField: false } v && Within(v.Pos, body);
    }

    private static bool Within(int pos, Node n) => pos >= n.Pos().Value && pos < n.End().Value;

    /// <summary>The variable (local or parameter) a method call is made on: cmd in cmd.StdoutPipe().</summary>
    private static Var? ReceiverOf(TypeInfo info, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { X: Ident x } && info.ObjectOf(x) is Var { IsField: false } v && v.Pkg != null ? v : null;
}
