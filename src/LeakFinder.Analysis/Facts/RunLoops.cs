using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Facts;

/// <summary>How a loop can end: a return or a break leaving it, and the channel whose receive leads there
/// (`case &lt;-s.stopCh: return` is triggered by `Server.stopCh`; `case &lt;-ctx.Done()` by "ctx.Done()"); a
/// null trigger for an exit no receive guards (an error return).</summary>
public sealed record LoopExit(Stmt At, string? Trigger);

/// <summary>
/// A long-lived loop goroutine: a method of a type, started by `go x.run()` (or a literal whose top level calls
/// it), whose for loop serves channel fields of its receiver. Channel fields are named by class (`Server.reqCh`,
/// <see cref="LockPaths"/>), so every instance's field is one channel to the package.
/// </summary>
public sealed record RunLoop(FuncDecl Method, Var Receiver, string Owner, Stmt Loop, IReadOnlyList<(GoStmt Go, FunctionBody In)> Starts,
    IReadOnlySet<string> Receives, IReadOnlySet<string> Sends, IReadOnlyList<LoopExit> Exits, IReadOnlySet<string> CalledMethods,
    IReadOnlyList<(SendStmt At, string Class)> BlockingSends);

/// <summary>Where a channel field (by class) is used in the package: who receives, sends and closes it, whether
/// it is ever used as a value (returned, passed, stored: then others may serve it), and whether every value it
/// is given is an unbuffered make.</summary>
public sealed class FieldChannelUse
{
    public HashSet<FuncDecl> Receivers { get; } = [];
    public HashSet<FuncDecl> Senders { get; } = [];

    /// <summary>Every receive from it (a receive expression, in a select case or not, or a range over it).</summary>
    public List<Node> ReceiveSites { get; } = [];

    /// <summary>Every send on it, in a select case or not.</summary>
    public List<SendStmt> SendSites { get; } = [];

    /// <summary>Every value it is given (a `make`, or anything else), in a composite literal or an assignment.</summary>
    public List<Expr> Values { get; } = [];

    /// <summary>The functions that close it.</summary>
    public HashSet<FuncDecl> Closers { get; } = [];

    /// <summary>Receives with no other way out (outside a select's cases): the function (a literal in it counts
    /// as it) and the receive.</summary>
    public List<(FuncDecl Function, Node At)> Waiters { get; } = [];
    public bool Closed { get; set; }
    public bool Escapes { get; set; }
    public bool UnbufferedMake { get; set; }
    public bool OtherValue { get; set; }

    /// <summary>Given a value other than a `make` somewhere (a channel from another package's Subscribe): its
    /// owner may close it.</summary>
    public bool NotMade { get; set; }

    /// <summary>Every value the field is given is a `make` of the package's own.</summary>
    public bool MadeHere => (UnbufferedMake || OtherValue) && !NotMade;
    public bool Unbuffered => UnbufferedMake && !OtherValue && !Escapes;
}

/// <summary>The package's run loops and the uses of its channel fields, for the rules on field-channel protocols.</summary>
public sealed class RunLoops
{
    public static readonly PackageAnalysis<RunLoops> Analysis = new(
        "run-loops", "each method started as a long-lived goroutine looping over its receiver's channel fields, its exits, and every channel field's uses",
        pass => Compute(pass.Info, pass.Functions));

    public IReadOnlyList<RunLoop> Loops { get; }
    /// <summary>Every channel field's uses, by class. Surveyed up front when the package starts a method as a
    /// goroutine (the run-loop rules need it then), and otherwise on first use (a walk of every body).</summary>
    public IReadOnlyDictionary<string, FieldChannelUse> Fields => _fields.Value;

    private readonly Lazy<IReadOnlyDictionary<string, FieldChannelUse>> _fields;

    /// <summary>Every method of the package started as a goroutine (`go x.m()`, or a literal whose top level
    /// calls it), loop or not.</summary>
    public IReadOnlySet<FuncDecl> Started { get; }

    /// <summary>Every method of the package whose top-level loop serves its receiver's channel fields, started in the
    /// package (the loops of <see cref="Loops"/>) or not (an exported Serve that a supervisor outside runs: no
    /// Starts). A method started inside a loop (a pool of workers sharing the channel) is left out: another copy of
    /// it may be the receiver. Computed on first use.</summary>
    public IReadOnlyList<RunLoop> Servers => _servers.Value;

    private readonly Lazy<IReadOnlyList<RunLoop>> _servers;

    private RunLoops(IReadOnlyList<RunLoop> loops, Lazy<IReadOnlyDictionary<string, FieldChannelUse>> fields, IReadOnlySet<FuncDecl> started,
        Lazy<IReadOnlyList<RunLoop>> servers, Dictionary<int, FuncDecl> decls) =>
        (Loops, _fields, Started, _servers, _decls) = (loops, fields, started, servers, decls);

    private readonly Dictionary<int, FuncDecl> _decls;

    /// <summary>The class of a channel field reached straight from v (`v.f`): `T.f`; null for anything else.</summary>
    public static string? FieldOf(TypeInfo info, Expr e, Var v) =>
        Expr.Unparen(e) is SelectorExpr { X: var x } s && Expr.Unparen(x) is Ident id && ReferenceEquals(info.ObjectOf(id), v)
        && info.TypeOf(s)?.Underlying is ChanType && LockPaths.Of(info, s) is { Class: { } cls } ? cls : null;

    /// <summary>The receiver variable of a method declaration; null for functions and unnamed receivers.</summary>
    public static Var? ReceiverOf(TypeInfo info, FuncDecl fd) =>
        fd.Recv is { List.Count: 1 } r && r.List[0].Names.Count == 1 && info.ObjectOf(r.List[0].Names[0]) is Var v ? v : null;

    public static string? OwnerOf(Var recv) =>
        (recv.Type.Underlying is PointerType p ? p.Elem : recv.Type) is NamedType n ? (n.Origin ?? n).Obj.Name : null;

    private static RunLoops Compute(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var decls = new Dictionary<int, FuncDecl>();
        foreach (var fn in functions)
            if (fn.Function is FuncDecl { Body: not null } fd && info.ObjectOf(fd.Name) is Func f) decls[f.Pos] = fd;
        var starts = new Dictionary<FuncDecl, List<(GoStmt, FunctionBody)>>();
        var startedOnly = new List<FuncDecl>();
        var pooled = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
        {
            info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.GoStmt, (n, parents) =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is not GoStmt go) return true;
                var inLoop = parents.ToList().Any(p => p is ForStmt or RangeStmt);
                IEnumerable<(CallExpr, bool)> calls = go.Call.Fun is FuncLit lit
                    ? lit.Body.List.Select(s => (TopLevelCall(s), s is ExprStmt)).Where(c => c.Item1 != null).Select(c => (c.Item1!, c.Item2))
                    : [(go.Call, true)];
                foreach (var (call, statement) in calls)
                    if (Calls.Callee(info, call) is { IsMethod: true } m && decls.TryGetValue(m.Pos, out var target))
                    {
                        if (inLoop) pooled.Add(target);
                        // A method whose result the literal goes on to use (`err := w.coordinate(ctx); ...`) is started
                        // too, but the run-loop model keeps to loops called as statements: such a worker's consumer
                        // tends to drain it until it has heard from every worker (go's fuzz coordinator).
                        if (statement) (starts.TryGetValue(target, out var l) ? l : starts[target] = []).Add((go, fn));
                        else startedOnly.Add(target);
                    }
                return false;
            });
        }
        var loops = new List<RunLoop>();
        foreach (var (fd, goes) in starts)
            if (LoopOf(info, fd, goes, decls) is { } loop) loops.Add(loop);
        // Most packages start no method as a goroutine: the field survey, a walk of every body, waits until asked for.
        var started = new HashSet<FuncDecl>(starts.Keys, ReferenceEqualityComparer.Instance);
        started.UnionWith(startedOnly);
        var fields = new Lazy<IReadOnlyDictionary<string, FieldChannelUse>>(() => FieldUses(info, functions));
        if (started.Count > 0) _ = fields.Value;
        var servers = new Lazy<IReadOnlyList<RunLoop>>(() =>
        {
            var all = new List<RunLoop>();
            foreach (var fd in decls.Values)
            {
                if (fd.Recv == null || pooled.Contains(fd)) continue;
                if (loops.FirstOrDefault(l => ReferenceEquals(l.Method, fd)) is { } loop) all.Add(loop);
                else if (!starts.ContainsKey(fd) && LoopOf(info, fd, [], decls) is { } served) all.Add(served);
            }
            return all;
        });
        return new RunLoops(loops, fields, started, servers, decls);
    }

    /// <summary>A send the loop's goroutine makes in a method of its receiver it calls (through any chain of such
    /// calls, outside function literals, go and defer statements): Call is the call that enters Sender, the method
    /// making the send; Through names the methods from the loop's to Sender. UntilStop: the send is a select case
    /// whose every other case receives a shutdown signal (a field of the receiver only ever closed, or the Done of
    /// a context kept in a field), so it has no way out but shutdown; otherwise it is a plain send.</summary>
    public sealed record CalledSend(SendStmt At, string Class, CallExpr Call, FuncDecl Sender, IReadOnlyList<FuncDecl> Through, bool UntilStop);

    /// <summary>The sends on its receiver's channel fields the loop's goroutine makes in the receiver's methods it
    /// calls (<see cref="CalledSend"/>), one per call that enters a sending method.</summary>
    public IReadOnlyList<CalledSend> CalledSends(TypeInfo info, RunLoop loop)
    {
        var found = new List<CalledSend>();
        var seen = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance) { loop.Method };
        var work = new Queue<(FuncDecl Fn, Var Recv, List<FuncDecl> Path)>();
        work.Enqueue((loop.Method, loop.Receiver, [loop.Method]));
        while (work.Count > 0)
        {
            var (fn, recv, path) = work.Dequeue();
            info.Nodes.Inspect(fn.Body!, NodeKinds.FuncLit | NodeKinds.GoStmt | NodeKinds.DeferStmt | NodeKinds.CallExpr, n =>
            {
                if (n is not CallExpr call) return false;
                if (Expr.Unparen(call.Fun) is not SelectorExpr { X: var on } || Expr.Unparen(on) is not Ident onId
                    || !ReferenceEquals(info.ObjectOf(onId), recv) || Calls.Callee(info, call) is not { IsMethod: true } m
                    || MethodDecl(info, m) is not { Body: not null } callee || ReceiverOf(info, callee) is not { } calleeRecv) return true;
                var through = new List<FuncDecl>(path) { callee };
                if (FirstCalledSend(info, callee, calleeRecv) is { } send)
                    found.Add(new CalledSend(send.At, send.Class, call, callee, through, send.UntilStop));
                if (seen.Add(callee) && through.Count < 8) work.Enqueue((callee, calleeRecv, through));
                return true;
            });
        }
        return found;
    }

    /// <summary>The declaration of a method of the package: the loops' own, by the method's position.</summary>
    private FuncDecl? MethodDecl(TypeInfo info, Func m) => _decls.TryGetValue(m.Pos, out var d) ? d : null;

    /// <summary>The first send of a method on its receiver's channel field, outside literals, go and defer: plain, or
    /// a select case whose other cases all receive shutdown signals (UntilStop).</summary>
    private (SendStmt At, string Class, bool UntilStop)? FirstCalledSend(TypeInfo info, FuncDecl fn, Var recv)
    {
        (SendStmt, string, bool)? first = null;
        info.Nodes.Inspect(fn.Body!, NodeKinds.FuncLit | NodeKinds.GoStmt | NodeKinds.DeferStmt | NodeKinds.SendStmt, (n, parents) =>
        {
            if (first != null || n is not SendStmt s) return false;
            if (FieldOf(info, s.Chan, recv) is not { } cls) return true;
            if (parents.Up(1) is not CommClause cc || !ReferenceEquals(cc.Comm, s)) first = (s, cls, false);
            else if (parents.Up(3) is SelectStmt sel && sel.Body.List.All(c => ReferenceEquals(c, cc) || c is CommClause other && ShutdownCase(info, recv, other)))
                first = (s, cls, true);
            return true;
        });
        return first;
    }

    /// <summary>A select case receiving a shutdown signal: a channel field of the receiver that the package only ever
    /// closes (never sends on), or the Done of a context kept in a field of the receiver.</summary>
    private bool ShutdownCase(TypeInfo info, Var recv, CommClause cc)
    {
        var x = cc.Comm switch
        {
            ExprStmt e => e.X,
            AssignStmt { Rhs.Count: 1 } a => a.Rhs[0],
            _ => null,
        };
        if (x == null || Expr.Unparen(x) is not UnaryExpr { Op: Token.Arrow } u) return false;
        if (FieldOf(info, u.X, recv) is { } cls)
            return Fields.TryGetValue(cls, out var use) && use.Closed && use.Senders.Count == 0;
        return Expr.Unparen(u.X) is CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: var ctx }, Args.Count: 0 }
               && Expr.Unparen(ctx) is SelectorExpr { X: var owner } && Expr.Unparen(owner) is Ident ownerId && ReferenceEquals(info.ObjectOf(ownerId), recv)
               && info.TypeOf(ctx) is NamedType { Obj: { Name: "Context", Pkg.Path: "context" } };
    }

    /// <summary>The call a literal's top-level statement makes for sure: `s.run()`, `err := s.run()`, or the init of
    /// `if err := s.run(); err != nil { ... }`.</summary>
    private static CallExpr? TopLevelCall(Stmt stmt) => stmt switch
    {
        ExprStmt { X: var x } => Expr.Unparen(x) as CallExpr,
        AssignStmt { Rhs: [var r] } => Expr.Unparen(r) as CallExpr,
        IfStmt { Init: AssignStmt { Rhs: [var r] } } => Expr.Unparen(r) as CallExpr,
        _ => null,
    };

    private static RunLoop? LoopOf(TypeInfo info, FuncDecl fd, List<(GoStmt, FunctionBody)> goes, Dictionary<int, FuncDecl> decls)
    {
        if (ReceiverOf(info, fd) is not { } recv || OwnerOf(recv) is not { } owner) return null;
        foreach (var top in fd.Body!.List)
        {
            var (stmt, label) = top is LabeledStmt ls ? (ls.Stmt, ls.Label.Name) : (top, null);
            if (stmt is not (ForStmt { Cond: null } or RangeStmt)) continue;
            var receives = new HashSet<string>(StringComparer.Ordinal);
            var sends = new HashSet<string>(StringComparer.Ordinal);
            if (stmt is RangeStmt rs)
            {
                if (FieldOf(info, rs.X, recv) is not { } ranged) continue;
                receives.Add(ranged);
            }
            var exits = new List<LoopExit>();
            var blocking = new List<(SendStmt, string)>();
            var body = stmt is ForStmt f ? f.Body : ((RangeStmt)stmt).Body;
            var ancestors = new List<Node>();
            var depth = 0;
            Walker.Inspect(body, n =>
            {
                if (n == null)
                {
                    if (ancestors[^1] is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth--;
                    ancestors.RemoveAt(ancestors.Count - 1);
                    return false;
                }
                if (n is FuncLit) return false;
                switch (n)
                {
                    case UnaryExpr { Op: Token.Arrow } u when FieldOf(info, u.X, recv) is { } c:
                        receives.Add(c);
                        break;
                    case SendStmt s:
                        if (FieldOf(info, s.Chan, recv) is { } sent) sends.Add(sent);
                        if (BlockingFieldSend(info, s, ancestors[^1]) is { } blocked) blocking.Add((s, blocked.Class!));
                        break;
                    // A helper of the receiver called from the loop (`c.sendEvent(ev)`) runs on the loop's goroutine:
                    // its sends block the loop as much as the loop's own.
                    case CallExpr call when Expr.Unparen(call.Fun) is SelectorExpr { X: var on } && Expr.Unparen(on) is Ident onId
                                            && ReferenceEquals(info.ObjectOf(onId), recv) && Calls.Callee(info, call) is { IsMethod: true } m
                                            && decls.TryGetValue(m.Pos, out var helper) && !ReferenceEquals(helper, fd):
                        blocking.AddRange(HelperSends(info, helper));
                        break;
                    case ReturnStmt r:
                        exits.Add(new LoopExit(r, Trigger(info, recv, ancestors)));
                        break;
                    case BranchStmt { Tok: Token.Break, Label: null } b when depth == 0:
                        exits.Add(new LoopExit(b, Trigger(info, recv, ancestors)));
                        break;
                    case BranchStmt { Tok: Token.Break, Label: { } l } b when l.Name == label:
                        exits.Add(new LoopExit(b, Trigger(info, recv, ancestors)));
                        break;
                }
                ancestors.Add(n);
                if (n is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth++;
                return true;
            });
            if (receives.Count == 0 && sends.Count == 0) continue;
            return new RunLoop(fd, recv, owner, stmt, goes, receives, sends, exits, CalledMethods(info, fd, decls), blocking);
        }
        return null;
    }

    /// <summary>A send on a channel field (with a class) that is not a select case's communication (parent being the
    /// send's parent node): it blocks until a receiver comes. Null otherwise.</summary>
    private static LockPath? BlockingFieldSend(TypeInfo info, SendStmt s, Node? parent) =>
        !(parent is CommClause cc && ReferenceEquals(cc.Comm, s)) && info.TypeOf(s.Chan)?.Underlying is ChanType
        && LockPaths.Of(info, s.Chan) is { Class: not null, Fields.Length: > 0 } path ? path : null;

    /// <summary>The sends of a method on its receiver's channel fields outside any select (not in literals).</summary>
    private static IEnumerable<(SendStmt, string)> HelperSends(TypeInfo info, FuncDecl helper)
    {
        if (helper.Body == null || ReceiverOf(info, helper) is not { } recv) return [];
        var found = new List<(SendStmt, string)>();
        info.Nodes.Inspect(helper.Body, NodeKinds.FuncLit | NodeKinds.SendStmt, (n, parents) =>
        {
            if (n is FuncLit) return false;
            if (n is SendStmt s && BlockingFieldSend(info, s, parents.Up(1)) is { } path && ReferenceEquals(path.Root, recv))
                found.Add((s, path.Class!));
            return true;
        });
        return found;
    }

    /// <summary>The channel whose receive leads to an exit: the innermost select case around it receiving from
    /// a field of the receiver or from ctx.Done(), or `if !ok` after `v, ok := &lt;-s.ch`.</summary>
    private static string? Trigger(TypeInfo info, Var recv, List<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
        {
            if (ancestors[i] is CommClause { Comm: { } comm }) return ReceivedIn(info, recv, comm);
            if (ancestors[i] is IfStmt { Cond: UnaryExpr { Op: Token.Not, X: Ident ok } } && info.ObjectOf(ok) is Var okVar)
                foreach (var a in ancestors)
                    if (a is BlockStmt block)
                        foreach (var s in block.List)
                            if (s is AssignStmt { Lhs.Count: 2, Rhs.Count: 1 } asg && asg.Lhs[1] is Ident id && ReferenceEquals(info.ObjectOf(id), okVar)
                                && Expr.Unparen(asg.Rhs[0]) is UnaryExpr { Op: Token.Arrow } u)
                                return ChannelName(info, recv, u.X);
        }
        return null;
    }

    private static string? ReceivedIn(TypeInfo info, Var recv, Stmt comm)
    {
        var x = comm switch
        {
            ExprStmt e => e.X,
            AssignStmt { Rhs.Count: 1 } a => a.Rhs[0],
            _ => null,
        };
        return x != null && Expr.Unparen(x) is UnaryExpr { Op: Token.Arrow } u ? ChannelName(info, recv, u.X) : null;
    }

    private static string ChannelName(TypeInfo info, Var recv, Expr ch) =>
        FieldOf(info, ch, recv) ?? (Expr.Unparen(ch) is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } } ? "ctx.Done()" : "?");

    /// <summary>The methods of the receiver the loop calls, directly or through them: they run on the loop's goroutine.</summary>
    private static HashSet<string> CalledMethods(TypeInfo info, FuncDecl fd, Dictionary<int, FuncDecl> decls)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { fd.Name.Name };
        var work = new Stack<FuncDecl>([fd]);
        while (work.Count > 0)
        {
            var cur = work.Pop();
            info.Nodes.Inspect(cur.Body!, NodeKinds.CallExpr, n =>
            {
                if (n is CallExpr call && Calls.Callee(info, call) is { IsMethod: true } m && decls.TryGetValue(m.Pos, out var callee)
                    && callee.Recv != null && seen.Add(callee.Name.Name)) work.Push(callee);
                return true;
            });
        }
        return seen;
    }

    private static Dictionary<string, FieldChannelUse> FieldUses(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var uses = new Dictionary<string, FieldChannelUse>(StringComparer.Ordinal);
        FieldChannelUse Of(string cls) => uses.TryGetValue(cls, out var u) ? u : uses[cls] = new FieldChannelUse();
        void Given(string cls, Expr value)
        {
            Of(cls).Values.Add(value);
            if (Rules.Channels.IsUnbufferedMakeOf(info, value)) Of(cls).UnbufferedMake = true;
            else Of(cls).OtherValue = true;
            if (Expr.Unparen(value) is not CallExpr call || Calls.BuiltinName(info, call) != "make") Of(cls).NotMade = true;
        }
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl decl) continue;
            info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.SelectorExpr, (n, ancestors) =>
            {
                if (n is CompositeLit lit && info.TypeOf(lit) is NamedType named && named.Underlying is Semantics.Types.StructType)
                {
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && info.TypeOf(kv.Value)?.Underlying is ChanType)
                            Given((named.Origin ?? named).Obj.Name + "." + key.Name, kv.Value);
                }
                if (n is SelectorExpr sel && info.TypeOf(sel)?.Underlying is ChanType && info.Selections.TryGetValue(sel, out var s)
                    && s.Kind == SelectionKind.FieldVal && LockPaths.Of(info, sel) is { Class: { } cls })
                {
                    var use = Of(cls);
                    var parent = ancestors.Up(1);
                    switch (parent)
                    {
                        case UnaryExpr { Op: Token.Arrow } recv:
                            use.Receivers.Add(decl);
                            use.ReceiveSites.Add(recv);
                            // A select case's communication has another way out.
                            if (!(ancestors.Up(3) is CommClause cc && ReferenceEquals(cc.Comm, ancestors.Up(2)))) use.Waiters.Add((decl, recv));
                            break;
                        case RangeStmt r when ReferenceEquals(r.X, sel):
                            use.Receivers.Add(decl);
                            use.ReceiveSites.Add(r);
                            break;
                        case SendStmt snd when ReferenceEquals(snd.Chan, sel):
                            use.Senders.Add(decl);
                            use.SendSites.Add(snd);
                            break;
                        case CallExpr c when Calls.BuiltinName(info, c) is "close":
                            use.Closed = true;
                            use.Closers.Add(decl);
                            break;
                        case CallExpr c when Calls.BuiltinName(info, c) is "len" or "cap":
                            break;
                        // (IndexOf, not Lhs.Any(l => l == sel): a lambda capturing sel made a closure for every node walked.)
                        case AssignStmt a when a.Lhs.IndexOf(sel) is var i and >= 0:
                            if (a.Lhs.Count == a.Rhs.Count) Given(cls, a.Rhs[i]);
                            else use.OtherValue = true;
                            break;
                        case BinaryExpr { Op: Token.Eql or Token.Neq }:
                            break;
                        default:
                            use.Escapes = true; // returned, passed, stored, captured as a value: others may serve it
                            break;
                    }
                    return false;
                }
                return true;
            });
        }
        return uses;
    }
}
