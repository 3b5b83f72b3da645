using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>A mutex held at a point of a function: how, and the Lock (or lock helper call) that took it.</summary>
public sealed record HeldLock(LockPath Path, LockMode Mode, Node LockedAt)
{
    /// <summary>The function holding it while it runs a function literal this one passed to it (`r.Each(func…)`,
    /// LockedAt being that call), and where that function locked it; null when this function holds it itself.</summary>
    public string? Holder { get; init; }
    public Node? HolderLockedAt { get; init; }

    /// <summary>Held by the function's caller: the function unlocks it without locking it (LockedAt is that unlock).</summary>
    public bool OnEntry { get; init; }
}

/// <summary>A goroutine locking a mutex it already holds: at At (the Lock, or the call whose callee locks at
/// Site through Via, Entry being the call of the function that locks), while Held is held.</summary>
public sealed record LockConflict(string Function, Node At, HeldLock Held, LockMode Wanted, Node Site, string Via, CallExpr? Entry)
{
    /// <summary>The lock at the top of a loop body, still held when the loop comes back to it on some path.</summary>
    public bool AroundLoop { get; init; }
    /// <summary>The function defers the unlock: it runs at the return, not at the end of the iteration.</summary>
    public bool DeferredUnlock { get; init; }

    /// <summary>At is a deferred call registered after the deferred unlock of Held (UnlockDeferredAt): deferred
    /// calls run last-in first-out, so it runs with the lock still held.</summary>
    public Node? UnlockDeferredAt { get; init; }
}

/// <summary>A blocking operation (Wait of a WaitGroup, a send) at At in Function while Held are held.</summary>
public sealed record LockBlocking(string Function, Node FunctionNode, BlockingKind Kind, LockPath Target, Node At, IReadOnlyList<HeldLock> Held)
{
    /// <summary>The chain of calls to the blocking operation when a callee blocks ("stop → drain"); empty when At
    /// is the operation itself.</summary>
    public string Via { get; init; } = "";

    /// <summary>The blocking operation itself, in the callee, when Via is not empty.</summary>
    public Node? Inner { get; init; }

    /// <summary>For a select (At), each of its cases: it blocks until one of them can go on.</summary>
    public IReadOnlyList<(BlockingKind Kind, LockPath Target, Node At)>? Alternatives { get; init; }

    /// <summary>The wait runs in a call deferred here, after the deferred unlock of every lock in Held: deferred calls
    /// run last in, first out, so it waits before those unlocks.</summary>
    public DeferStmt? Deferred { get; init; }
}

/// <summary>To locked (at At, reaching the Lock at Site through Via) while Held is held: one edge of the lock order.</summary>
public sealed record LockOrderEdge(string Function, HeldLock Held, LockPath To, LockMode Wanted, Node At, Node Site, string Via)
{
    /// <summary>The callee took To back after dropping it (`devices.Unlock(); ...; devices.Lock()` in a helper called
    /// with devices held): the caller's other locks are then held before To, however deep the helper.</summary>
    public bool Retaken { get; init; }

    /// <summary>The other locks held when To is taken: here, or (added by <see cref="LockEffects"/>) by every
    /// caller of the function. Two orders that both run under one exclusive lock (a control mutex every
    /// operation takes first) cannot interleave.</summary>
    public IReadOnlyList<(string Class, LockMode Mode)> Gates { get; init; } = [];
}

/// <summary>
/// The forward analysis of one function body over its CFG: which mutexes are held on every path to each
/// point (met by intersection, so a lock taken on one branch only is not held after the join), and which
/// ones the function has unlocked on every path so far (so a Lock after `mu.Unlock()` in a function entered
/// with mu held is no acquisition by the function). A call of a package function applies its summary.
/// It produces the function's <see cref="LockSummary"/> and, when asked, its conflicts and lock-order edges.
/// </summary>
internal sealed partial class LockFlow
{
    private const int MaxFieldHops = 6;
    private readonly ControlFlowGraph _cfg;
    private readonly string _name;
    /// <summary>The receiver (-1) and parameters by position: indexed when the flow is prepared (only a run reads them).</summary>
    private Dictionary<Var, int> _params = NoParams;
    private List<(int Start, int End, AcquireGuard? When)>? _guarded;
    private LockEvent[]?[][] _events;
    private HashSet<string>? _handedOn;
    private HashSet<CallExpr>? _loopTopLocks;
    private HashSet<Var>? _reassigned;
    private readonly FunctionBody _body;
    private readonly TypeInfo _info;
    private readonly LockEvents _lockEvents;
    private bool _prepared;
    private readonly Node _function;
    // The sets and lists of a flow are null until their first element (shared empties when read): a package of
    // 66,000 functions kept ~1 KB of empty ones per function alive until its lock waits were found.
    private HashSet<string>? _unlocked;
    private HashSet<string>? _locked;

    public LockFlow(FunctionBody fn, ControlFlowGraph cfg, TypeInfo info, LockEvents events)
    {
        _cfg = cfg;
        _name = fn.Name;
        _function = fn.Function;
        _body = fn;
        _info = info;
        _lockEvents = events;
        if (fn.Function is FuncDecl fd) Declared = info.Defs.GetValueOrDefault(fd.Name) as Func;
        var comms = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var selects = FindWaitersAndReceivers(fn.Body, info, events, comms, events.Repeated.Contains(fn.Function));
        _events = new LockEvent[]?[cfg.Blocks.Count][];
        foreach (var block in cfg.Blocks)
        {
            // Most blocks have no events: they share the empty array. A node's events are kept as an array (a
            // list's spare room and header, kept for every flow of a package, were ~100 bytes a function).
            LockEvent[]?[]? perNode = null;
            if (block.Live)
                for (var i = 0; i < block.Nodes.Count; i++)
                {
                    var found = events.Of(block.Nodes[i], comms.Contains(block.Nodes[i]));
                    // A select's wait, at its first case's communication (go/cfg evaluates them all before it chooses).
                    if (selects != null && selects.TryGetValue(block.Nodes[i], out var select)) (found ??= []).Add(select);
                    if (found != null) (perNode ??= new LockEvent[]?[block.Nodes.Count])[i] = [.. found];
                }
            _events[block.Index] = perNode ?? [];
        }
        HasEvents = _events.Any(b => b.Any(e => e != null));
    }

    /// <summary>Each named parameter of a signature with its position among the call's arguments (an unnamed
    /// field still takes its place).</summary>
    public static void IndexParameters(TypeInfo info, FuncType? type, Dictionary<Var, int> into)
    {
        var index = 0;
        foreach (var field in type?.Params.List ?? [])
        {
            if (field.Names.Count == 0) index++;
            foreach (var name in field.Names)
            {
                if (info.Defs.GetValueOrDefault(name) is Var pv) into[pv] = index;
                index++;
            }
        }
    }

    /// <summary>Whether a mutex can be followed in this body: not handed on, and its variable never assigned
    /// after its definition (`c = parent` makes `c.mu` another mutex from there on).</summary>
    private bool Trackable(LockPath p) => _handedOn?.Contains(p.Key) != true && _reassigned?.Contains(p.Root) != true
                                          && (p.Indexes.Count == 0 || _reassigned == null || !p.Indexes.Any(_reassigned.Contains));

    /// <summary>Variables assigned after their definition anywhere in the body (literals included), or whose address is taken.</summary>
    private static HashSet<Var> Reassigned(BlockStmt body, TypeInfo info)
    {
        var result = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        void Add(Expr e)
        {
            if (Expr.Unparen(e) is Ident id && !info.Defs.ContainsKey(id) && info.ObjectOf(id) is Var v) result.Add(v);
        }
        info.Nodes.Inspect(body, NodeKinds.AssignStmt | NodeKinds.IncDecStmt | NodeKinds.RangeStmt | NodeKinds.UnaryExpr, n =>
        {
            switch (n)
            {
                case AssignStmt a:
                    foreach (var l in a.Lhs) Add(l);
                    break;
                case IncDecStmt d:
                    Add(d.X);
                    break;
                case RangeStmt { Tok: Syntax.Token.Assign } r:
                    if (r.Key != null) Add(r.Key);
                    if (r.Value != null) Add(r.Value);
                    break;
                // A mutex variable's address is taken to lock it elsewhere (which HandedOn judges), not to swap the variable.
                case UnaryExpr { Op: Syntax.Token.And } u when !IsMutex(info.TypeOf(u.X)):
                    Add(u.X);
                    break;
            }
            return true;
        });
        return result;
    }

    /// <summary>The mutexes the body unlocks itself (or in a deferred or in-place literal): a loop that locks one
    /// it never unlocks is taking locks on purpose (another function or goroutine unlocks them). And the ones it
    /// locks: a mutex it unlocks but never locks is held by its caller when it is called.</summary>
    private void FindOwnUnlocks(BlockStmt body, TypeInfo info)
    {
        var kinds = NodeKinds.FuncLit | NodeKinds.CallExpr | (_lockEvents.HasChannelLocks ? NodeKinds.SendStmt | NodeKinds.UnaryExpr : 0);
        info.Nodes.Inspect(body, kinds, (n, parents) =>
        {
            if (n is FuncLit lit && !(parents.Up(1) is CallExpr c && ReferenceEquals(Expr.Unparen(c.Fun), lit) && parents.Up(2) is not GoStmt))
                return false;
            if (n is CallExpr or SendStmt or UnaryExpr && _lockEvents.OpOf(n) is { } op) (op.Acquires ? (_locked ??= new(StringComparer.Ordinal)) : (_unlocked ??= new(StringComparer.Ordinal))).Add(op.Mutex.Key);
            return true;
        });
    }

    /// <summary>
    /// Whether a loop locks the same mutex on every iteration: its path's variable is not declared in the loop
    /// (`for _, mb := range blks { mb.mu.Lock() }` locks a different block each time) and nothing in the loop
    /// assigns the variable or a field on the way (`n = n.next`).
    /// </summary>
    private static bool SameMutexEveryIteration(Node loop, LockPath mutex, TypeInfo info)
    {
        bool InLoop(Var v) => v.Pos >= loop.Pos().Value && v.Pos < loop.End().Value;
        if (InLoop(mutex.Root) || mutex.Indexes.Any(InLoop)) return false;
        var changed = false;
        void Check(Expr target)
        {
            if (LockPaths.Of(info, target) is { } t && (mutex.Key == t.Key || mutex.Key.StartsWith(t.Key + ".", StringComparison.Ordinal)
                || mutex.Indexes.Any(v => ReferenceEquals(v, t.Root) && t.Fields.Length == 0))) changed = true;
        }
        info.Nodes.Inspect(loop, NodeKinds.AssignStmt | NodeKinds.IncDecStmt | NodeKinds.RangeStmt, n =>
        {
            switch (n)
            {
                case AssignStmt a:
                    foreach (var l in a.Lhs) Check(l);
                    break;
                case IncDecStmt d:
                    Check(d.X);
                    break;
                case RangeStmt { Tok: Syntax.Token.Assign } r:
                    if (r.Key != null) Check(r.Key);
                    if (r.Value != null) Check(r.Value);
                    break;
            }
            return !changed;
        });
        return !changed;
    }

    /// <summary>The classes of the WaitGroups whose Done the body calls (its own statements, deferred ones included).</summary>
    public IReadOnlyList<string> DoneClasses => _doneClasses ?? [];
    private List<string>? _doneClasses;

    /// <summary>The keys of the WaitGroups whose Done the body calls, for a WaitGroup local to an enclosing
    /// function (no class), matched by its variable.</summary>
    public IReadOnlyList<string> DoneKeys => _doneKeys ?? [];
    private List<string>? _doneKeys;

    /// <summary>A send on or close of a channel (its class, or a local channel's key): where it ends (the value sent
    /// is computed before), the innermost loop around it, and whether it is a
    /// deferred close (which runs after everything else the function does).</summary>
    public sealed record ChannelSignal(string Class, int End, Node? Loop, bool Deferred)
    {
        /// <summary>A close rather than a send.</summary>
        public bool Close { get; init; }

        /// <summary>Not a close but the removal of a channel from the map or slice that keeps it (an Unsubscribe):
        /// the consumer's way to stop, never a value or close a receiver sees (<see cref="ChannelElements"/>).</summary>
        public bool Removal { get; init; }

        /// <summary>Whether code at pos runs before this signal on some path: earlier in the body, anywhere in a
        /// loop around it, or anywhere at all before a deferred close.</summary>
        public bool After(int pos) => Deferred || pos < End || Loop != null && pos >= Loop.Pos().Value && pos < Loop.End().Value;
    }

    /// <summary>The sends on and closes of channels the body makes (outside function literals), and its Signal and
    /// Broadcast calls of a Cond (by the Cond's class).</summary>
    public IReadOnlyList<ChannelSignal> Signals => _signals ?? [];
    private List<ChannelSignal>? _signals;

    private static string? Closed(TypeInfo info, LockEvents events, CallExpr call) =>
        Calls.BuiltinName(info, call) == "close" && call.Args.Count == 1 ? events.ChannelIdOf(call.Args[0]) : null;

    /// <summary>Channel receives inside a loop of the body: the channel's class and the loop's span.</summary>
    /// <summary>Last: the receive ends the loop (a select case that returns or breaks): the loop takes one value
    /// and is gone, a stop signal rather than a queue it drains.</summary>
    public IReadOnlyList<(string Class, int Start, int End, bool Last)> ReceiveLoops => _receiveLoops ?? [];
    private List<(string Class, int Start, int End, bool Last)>? _receiveLoops;

    /// <summary>Branches run only once a receive found its channel closed and that leave (`case m, open := &lt;-l.stream:
    /// if !open { ...; return }`): what they lock, they lock after the last receive, never between two.</summary>
    public IReadOnlyList<(string Class, int Start, int End)> ClosedBranches => _closedBranches ?? [];
    private List<(string Class, int Start, int End)>? _closedBranches;

    /// <summary>Every receive from a channel field (in loops or not, select cases and ranges too): its class, where, and
    /// whether the value is thrown away (`&lt;-s.slots` as a statement, a semaphore's release).</summary>
    public IReadOnlyList<(string Class, int Pos, bool Discarded)> FieldReceives => _fieldReceives ?? [];
    private List<(string Class, int Pos, bool Discarded)>? _fieldReceives;

    /// <summary>Receives (outside loops or in them, in select cases too) from a channel a local variable names, by
    /// the variable's key: where, and the innermost loop around it.</summary>
    public IReadOnlyList<(string Key, int Pos, Node? Loop)> LocalReceives => _localReceives ?? [];
    private List<(string Key, int Pos, Node? Loop)>? _localReceives;

    /// <summary>The channels the body makes into a new local (`ch := make(chan T, k)`, k constant), by the
    /// variable's key: their capacity.</summary>
    public IReadOnlyDictionary<string, int> LocalMakes => _localMakes ?? NoMakes;
    private Dictionary<string, int>? _localMakes;
    private static readonly Dictionary<string, int> NoMakes = [];


    /// <summary>Calls made inside a loop of the body, with the innermost loop: a callee that receives from a field
    /// channel, called there, makes the loop a receive loop (`for { s.syncBatch() }` where syncBatch receives
    /// one status and then locks the map).</summary>
    private Dictionary<CallExpr, Node>? _callLoops;

    /// <summary>Every acquisition of the final pass (direct, or by a callee): the mutex class and where.</summary>
    public IReadOnlyList<(string Class, Node At, LockMode Mode)> Acquired => _acquired ?? [];
    private List<(string Class, Node At, LockMode Mode)>? _acquired;

    /// <summary>Acquisitions by deferred calls (`defer s.deregister(id)`), which run at the return, in reverse
    /// order of their defer statements: the mutex class and the deferred call.</summary>
    public IReadOnlyList<(string Class, CallExpr At, LockMode Mode)> DeferredAcquired => _deferredAcquired ?? [];
    private List<(string Class, CallExpr At, LockMode Mode)>? _deferredAcquired;

    /// <summary>WaitGroup Add calls (class, or a local WaitGroup's key) and where they are: a goroutine counts for
    /// a Wait only from its Add on.</summary>
    public IReadOnlyList<(string Id, int Pos)> Adds => _adds ?? [];
    private List<(string Id, int Pos)>? _adds;

    /// <summary>Deferred WaitGroup Done calls (class, or a local WaitGroup's key) and where they are deferred.</summary>
    public IReadOnlyList<(string Id, int Pos)> DeferredDone => _deferredDone ?? [];
    private List<(string Id, int Pos)>? _deferredDone;

    public IReadOnlyList<LockBlocking> Blocking => _blocking ?? [];
    private List<LockBlocking>? _blocking;

    /// <summary>The package functions the body calls while holding locks (final pass): who a callee that takes no
    /// lock itself runs under.</summary>
    public IReadOnlyList<(Func Callee, CallExpr Call, IReadOnlyList<HeldLock> Held)> HeldCalls => _heldCalls ?? [];
    private List<(Func Callee, CallExpr Call, IReadOnlyList<HeldLock> Held)>? _heldCalls;

    /// <summary>The function a declaration declares; null for a literal.</summary>
    public Func? Declared { get; }

    /// <summary>The calls of package functions the body makes (deferred ones included), in order.</summary>
    public IEnumerable<(Func Callee, CallExpr Call)> PackageCalls() => _packageCalls ?? EventCalls();

    /// <remarks>Not the calls of a deferred literal or closure (<see cref="DeferredEvent.Through"/>): they are made in that
    /// function's body, whose own flow has them.</remarks>
    private IEnumerable<(Func Callee, CallExpr Call)> EventCalls() =>
        _events.SelectMany(b => b).Where(e => e != null).SelectMany(e => e!).Where(e => e is not DeferredEvent { Through: not null })
            .Select(e => e is DeferredEvent d ? d.Inner : e).OfType<CallEvent>().Select(c => (c.Callee, c.Call));

    public Node Function => _function;
    public string Name => _name;

    /// <summary>Receives under a check that the channel holds a value (`for len(ch) > 0 { x := <-ch }`): with one
    /// consumer, they do not wait.</summary>
    private HashSet<Node>? _lenGuarded;

    /// <returns>The body's selects that wait as one (<see cref="LockEvents.SelectWait"/>), each under its first case's
    /// communication; null when there are none.</returns>
    /// <param name="repeated">A runner calls the function over and over: its body is the loop around its receives and calls.</param>
    private Dictionary<Node, LockEvent>? FindWaitersAndReceivers(BlockStmt body, TypeInfo info, LockEvents events, HashSet<Node> comms, bool repeated)
    {
        Dictionary<Node, LockEvent>? selects = null;
        var loops = new List<Node>(); // the loops around the node, innermost last
        var lastReceives = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        HashSet<Node>? discarded = null;
        var lenGuards = new List<(string Key, int Start, int End)>();
        const NodeKinds kinds = NodeKinds.FuncLit | NodeKinds.ForStmt | NodeKinds.IfStmt | NodeKinds.UnaryExpr | NodeKinds.SelectStmt | NodeKinds.CommClause
            | NodeKinds.DeferStmt | NodeKinds.CallExpr | NodeKinds.AssignStmt | NodeKinds.SendStmt | NodeKinds.RangeStmt | NodeKinds.ExprStmt;
        Dictionary<Var, string>? okOf = null; // `ok` of `v, ok := <-s.ch`: the channel's class
        info.Nodes.Inspect(body, kinds, n =>
        {
            if (n is FuncLit) return false;
            if (((n as ForStmt)?.Cond ?? (n as IfStmt)?.Cond) is { } fc) AddLenGuards(info, n, fc, lenGuards);
            if (n is AssignStmt { Tok: Syntax.Token.Define, Lhs: [_, Ident okId], Rhs: [var okRecv] } && Expr.Unparen(okRecv) is UnaryExpr { Op: Syntax.Token.Arrow } okArrow
                && events.ChannelClassOf(okArrow.X) is { } okClass && info.Defs.GetValueOrDefault(okId) is Var okVar)
                (okOf ??= new(ReferenceEqualityComparer.Instance))[okVar] = okClass;
            if (okOf != null && n is IfStmt { Cond: UnaryExpr { Op: Syntax.Token.Not, X: Ident notOk } } closedIf && info.ObjectOf(notOk) is Var nv
                && okOf.TryGetValue(nv, out var closedClass) && closedIf.Body.List.LastOrDefault() is ReturnStmt)
                (_closedBranches ??= []).Add((closedClass, closedIf.Body.Pos().Value, closedIf.Body.End().Value));
            if (n is UnaryExpr { Op: Syntax.Token.Arrow } guardedRecv && lenGuards.Count > 0 && LockPaths.Of(info, guardedRecv.X) is { } rk
                && LenGuarded(lenGuards, rk.Key, n.Pos().Value))
                (_lenGuarded ??= new(ReferenceEqualityComparer.Instance)).Add(n);
            switch (n)
            {
                case SelectStmt select when LockEvents.SelectWait(info, select, events.NeverDone, out var key) is { } wait && key != null:
                    (selects ??= new(ReferenceEqualityComparer.Instance))[key] = wait;
                    break;
                case CommClause { Comm: { } comm } clause:
                    comms.Add(comm);
                    if (clause.Body.LastOrDefault() is ReturnStmt or BranchStmt { Tok: Syntax.Token.Break or Syntax.Token.Goto }
                        && (comm is ExprStmt { X: var x } ? x : comm is AssignStmt { Rhs: [var assigned] } ? assigned : null) is { } received)
                        lastReceives.Add(Expr.Unparen(received));
                    break;
                case DeferStmt { Call: var deferredCall } when LockEvents.WaitGroupCall(info, deferredCall, "Done") is { } deferredDone:
                    if (deferredDone.Class is { } dwg) (_doneClasses ??= []).Add(dwg);
                    (_doneKeys ??= []).Add(deferredDone.Key);
                    (_deferredDone ??= []).Add((deferredDone.Class ?? deferredDone.Key, deferredCall.Pos().Value));
                    return false;
                case CallExpr call when LockEvents.WaitGroupCall(info, call, "Add") is { } add:
                    (_adds ??= []).Add((add.Class ?? add.Key, call.Pos().Value));
                    break;
                case CallExpr call when LockEvents.WaitGroupCall(info, call, "Done") is { } done:
                    if (done.Class is { } wg) (_doneClasses ??= []).Add(wg);
                    (_doneKeys ??= []).Add(done.Key);
                    break;
                // A select case's receive is a signal taken (a stop), never a slot given back.
                case ExprStmt { X: var thrown } when !comms.Contains(n) && Expr.Unparen(thrown) is UnaryExpr { Op: Syntax.Token.Arrow } thrownRecv:
                    (discarded ??= new(ReferenceEqualityComparer.Instance)).Add(thrownRecv);
                    break;
                case UnaryExpr { Op: Syntax.Token.Arrow } recv:
                    if (events.ChannelClassOf(recv.X) is { } ch)
                    {
                        (_fieldReceives ??= []).Add((ch, recv.Pos().Value, discarded?.Contains(recv) == true));
                        if ((loops.Count > 0 ? loops[^1] : repeated ? body : null) is { } loop) (_receiveLoops ??= []).Add((ch, loop.Pos().Value, loop.End().Value, lastReceives.Contains(recv)));
                    }
                    else if (LockPaths.Of(info, recv.X) is { Fields.Length: 0 } local)
                    {
                        // A loop that declares the channel makes a new one each iteration: not a loop receiving from it.
                        var around = loops.Count > 0 ? loops[^1] : null;
                        if (around != null && local.Root.Pos >= around.Pos().Value && local.Root.Pos < around.End().Value) around = null;
                        (_localReceives ??= []).Add((local.Key, recv.Pos().Value, around));
                    }
                    break;
                case AssignStmt { Tok: Syntax.Token.Define } made when made.Lhs.Count == made.Rhs.Count:
                    for (var i = 0; i < made.Lhs.Count; i++)
                        if (ChannelMakes.Capacity(info, made.Rhs[i]) is { } capacity && LockPaths.Of(info, made.Lhs[i]) is { } madeLocal) (_localMakes ??= new(StringComparer.Ordinal))[madeLocal.Key] = capacity;
                    break;
                case SendStmt send when events.ChannelIdOf(send.Chan) is { } sent:
                    (_signals ??= []).Add(new ChannelSignal(sent, send.End().Value, loops.Count > 0 ? loops[^1] : null, false));
                    break;
                // A Cond's Signal or Broadcast ends a Wait on it as a send or close ends a receive.
                case DeferStmt { Call: var deferredSignal } when LockEvents.CondSignalled(info, deferredSignal) is { } dsc:
                    (_signals ??= []).Add(new ChannelSignal(dsc, deferredSignal.Pos().Value, null, true));
                    return false;
                case CallExpr signal when LockEvents.CondSignalled(info, signal) is { } sc:
                    (_signals ??= []).Add(new ChannelSignal(sc, signal.End().Value, loops.Count > 0 ? loops[^1] : null, false));
                    break;
                // Closing either end of an io.Pipe ends a write waiting on it.
                case DeferStmt { Call: var deferredPipe } when !events.Pipes.IsEmpty && events.Pipes.Closed(deferredPipe).ToList() is { Count: > 0 } deferredPipes:
                    foreach (var pipe in deferredPipes) (_signals ??= []).Add(new ChannelSignal(pipe, deferredPipe.Pos().Value, null, true) { Close = true });
                    return false;
                case CallExpr pipeClose when !events.Pipes.IsEmpty && events.Pipes.Closed(pipeClose).ToList() is { Count: > 0 } closedPipes:
                    foreach (var pipe in closedPipes) (_signals ??= []).Add(new ChannelSignal(pipe, pipeClose.End().Value, loops.Count > 0 ? loops[^1] : null, false) { Close = true });
                    break;
                // A write to a conn kept in a field is what a request/response peer answers: it ends a read waiting on it.
                case CallExpr connWrite when !events.Conns.IsEmpty && events.Conns.Written(connWrite) is { } wroteTo:
                    (_signals ??= []).Add(new ChannelSignal(wroteTo, connWrite.End().Value, loops.Count > 0 ? loops[^1] : null, false));
                    break;
                // Cancelling a context kept in a field (`s.signal()`) closes its Done, as a close ends a receive.
                case DeferStmt { Call: var deferredCancel } when !events.ContextCancels.IsEmpty && events.ContextCancels.Cancelled(deferredCancel) is { } dcc:
                    (_signals ??= []).Add(new ChannelSignal(dcc, deferredCancel.Pos().Value, null, true) { Close = true });
                    return false;
                case CallExpr cancelCall when !events.ContextCancels.IsEmpty && events.ContextCancels.Cancelled(cancelCall) is { } cc:
                    (_signals ??= []).Add(new ChannelSignal(cc, cancelCall.End().Value, loops.Count > 0 ? loops[^1] : null, false) { Close = true });
                    break;
                case DeferStmt { Call: var deferred } when Closed(info, events, deferred) is { } dc:
                    (_signals ??= []).Add(new ChannelSignal(dc, deferred.Pos().Value, null, true) { Close = true });
                    return false; // its call is not a close of its own
                case CallExpr call when Closed(info, events, call) is { } closed:
                    (_signals ??= []).Add(new ChannelSignal(closed, call.End().Value, loops.Count > 0 ? loops[^1] : null, false) { Close = true });
                    break;
                case CallExpr or AssignStmt when ChannelElements.RemovedFrom(info, n) is { Count: > 0 } removed:
                    foreach (var cls in removed)
                        (_signals ??= []).Add(new ChannelSignal(cls, n.End().Value, loops.Count > 0 ? loops[^1] : null, false) { Close = true, Removal = true });
                    break;
                case CallExpr loopCall when (loops.Count > 0 ? loops[^1] : repeated ? body : null) is { } callLoop:
                    (_callLoops ??= new(ReferenceEqualityComparer.Instance))[loopCall] = callLoop;
                    break;
                case RangeStmt r when info.TypeOf(r.X)?.Underlying is LeakFinder.Semantics.Types.ChanType && events.ChannelClassOf(r.X) is { } rch:
                    (_receiveLoops ??= []).Add((rch, r.Pos().Value, r.End().Value, false));
                    (_fieldReceives ??= []).Add((rch, r.Pos().Value, false));
                    break;
            }
            if (n is ForStmt or RangeStmt) loops.Add(n);
            return true;
        }, n =>
        {
            if (n is ForStmt or RangeStmt) loops.RemoveAt(loops.Count - 1);
        });
        return selects;
    }

    // Out of FindWaitersAndReceivers' callback: a lambda there capturing its node made the compiler allocate a
    // closure for every node walked (~80 MiB on std), not only for the loop and if conditions that use it.
    private static void AddLenGuards(TypeInfo info, Node guard, Expr cond, List<(string Key, int Start, int End)> lenGuards) =>
        Walker.Inspect(cond, c =>
        {
            if (c is CallExpr { Args: [var lenOf] } lc && Calls.BuiltinName(info, lc) == "len" && LockPaths.Of(info, lenOf) is { } guarded)
                lenGuards.Add((guarded.Key, guard.Pos().Value, guard.End().Value));
            return true;
        });

    private static bool LenGuarded(List<(string Key, int Start, int End)> lenGuards, string key, int pos)
    {
        foreach (var g in lenGuards)
            if (g.Key == key && pos >= g.Start && pos < g.End) return true;
        return false;
    }

    /// <summary>Whether the body does anything to a mutex or calls anything that might.</summary>
    public bool HasEvents { get; }

    private IReadOnlyList<Func>? _callees;

    /// <summary>The callees of this package the body calls (the call graph's edges), each once, in the order of
    /// their first call; found once (the call graph and each round of a recursive component ask again).</summary>
    public IReadOnlyList<Func> Callees() =>
        _callees ??= _events.SelectMany(b => b).Where(e => e != null).SelectMany(e => e!)
            .Select(e => e is DeferredEvent d ? d.Inner : e).OfType<CallEvent>().Select(c => c.Callee).Distinct().ToList() is { Count: > 0 } callees ? callees : [];

    /// <summary>The body's facts only a function that touches locks needs (most functions of a package that
    /// uses mutexes do not, and skip these walks).</summary>
    private void Prepare()
    {
        if (_prepared) return;
        _prepared = true;
        var (fn, info) = (_body, _info);
        _params = new(ReferenceEqualityComparer.Instance);
        var type = fn.Function switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null };
        if (fn.Function is FuncDecl { Recv.List: [{ Names: [var recv] }] } && info.Defs.GetValueOrDefault(recv) is Var rv) _params[rv] = -1;
        IndexParameters(info, type, _params);
        _handedOn = NullIfEmpty(HandedOn(fn.Body, info, _lockEvents));
        _reassigned = NullIfEmpty(Reassigned(fn.Body, info));
        FindGuardedSpans(fn.Body, info);
        FindOwnUnlocks(fn.Body, info);
        info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.ForStmt | NodeKinds.RangeStmt, n =>
        {
            if (n is FuncLit) return false;
            if (n is ForStmt or RangeStmt)
                foreach (var stmt in (n is ForStmt f ? f.Body : ((RangeStmt)n).Body).List)
                    if (stmt is ExprStmt { X: CallExpr c } && LockPaths.OpOf(info, c, _lockEvents.Aliases) is { Acquires: true } op && SameMutexEveryIteration(n, op.Mutex, info)
                        && _unlocked?.Contains(op.Mutex.Key) == true)
                        (_loopTopLocks ??= new(ReferenceEqualityComparer.Instance)).Add(c);
            return true;
        });
    }

    /// <summary>Whether running the analysis can find anything: the body locks, unlocks or blocks, or calls a
    /// function whose summary says it does something to a mutex. Otherwise its summary is empty and it holds
    /// nothing, so no conflict, edge or wait can come from it.</summary>
    private bool Relevant(Func<Func, LockSummary?> summaryOf)
    {
        foreach (var perNode in _events)
            foreach (var events in perNode)
                if (events != null)
                    foreach (var e in events)
                        switch (e is DeferredEvent d ? d.Inner : e)
                        {
                            case OpEvent or BlockEvent:
                                return true;
                            case CallbackEvent { Begin: true } cb when summaryOf(cb.Call.Callee) is { } cs && cs.CallbackHolds.ContainsKey(cb.Param):
                                return true;
                            case CallEvent c when summaryOf(c.Callee) is { } cs && (!cs.IsEmpty || cs.Blocks.Count > 0 || cs.ClassAcquires.Count > 0):
                                return true;
                        }
        return false;
    }

    /// <summary>The package functions whose summaries a run reads: the callees of its calls, deferred ones and the
    /// ones running a literal of this body included.</summary>
    public IEnumerable<Func> SummariesRead()
    {
        foreach (var perNode in _events)
            foreach (var events in perNode)
                if (events != null)
                    foreach (var e in events)
                        switch (e is DeferredEvent d ? d.Inner : e)
                        {
                            case CallEvent c:
                                yield return c.Callee;
                                break;
                            case CallbackEvent cb:
                                yield return cb.Call.Callee;
                                break;
                        }
    }

    private (Func Callee, CallExpr Call)[]? _packageCalls;
    private bool _released;

    /// <summary>
    /// Drops what only a run reads, once the final one has: the events of each block (keeping the package calls
    /// <see cref="CallSites"/> reads), the parameters and the sets the body was prepared with. What the lock waits read
    /// (<see cref="Blocking"/>, <see cref="Acquired"/>, the signals...) stays. LockEffects keeps every flow of a
    /// package until its waits are found: on the 1M-line file of issue 16 the events and sets were ~100 MiB of the peak.
    /// </summary>
    public void Release()
    {
        if (_released) return;
        Callees();
        var calls = EventCalls().ToArray();
        _packageCalls = calls.Length == 0 ? [] : calls;
        _events = [];
        _params = NoParams;
        _acquired?.TrimExcess();
        _heldCalls?.TrimExcess();
        _guarded = null;
        (_handedOn, _loopTopLocks, _reassigned, _unlocked, _locked, _lenGuarded, _callLoops) = (null, null, null, null, null, null, null);
        _released = true;
    }

    private static readonly Dictionary<Var, int> NoParams = new(0);

    /// <summary>Runs the analysis with the callees' current summaries; conflicts and edges go to the sinks when given.</summary>
    public LockSummary Run(Func<Func, LockSummary?> summaryOf, List<LockConflict>? conflicts, List<LockOrderEdge>? edges)
    {
        if (_released) throw new InvalidOperationException($"the lock flow of {_name} ran after its release");
        var summary = new LockSummary();
        if (!Relevant(summaryOf)) return summary;
        Prepare();
        // The fixpoint's passes see states not yet met with every path: facts come from the final pass only, so
        // they build no summary (it would be thrown away) and only move the states.
        var run = new Transfer(this, summaryOf, null, null, null);
        var ins = new State?[_cfg.Blocks.Count];
        ins[0] = new State();
        var work = new Stack<Block>();
        work.Push(_cfg.Entry);
        // Intersection only shrinks the states, so this ends; then one more pass reports from the final states.
        while (work.Count > 0)
        {
            var block = work.Pop();
            // A block without events leaves its in-state as it is: it is read, not cloned, and then shared with no
            // successor (the final pass changes each in-state in place).
            var eventless = _events[block.Index].Length == 0;
            var st = eventless ? ins[block.Index]! : ins[block.Index]!.Clone();
            run.Block(block, st);
            for (var s = block.Succs.Count - 1; s >= 0; s--)
            {
                var succ = block.Succs[s];
                var old = ins[succ.Index];
                // Meeting a state that changes nothing is seen without building the meet.
                if (old != null && old.MeetKeeps(st)) continue;
                // The last successor takes st itself: it is not changed once its block ran (each pop clones its in-state).
                ins[succ.Index] = old == null ? s == 0 && !eventless ? st : st.Clone() : old.Meet(st);
                work.Push(succ);
            }
        }
        var final = new Transfer(this, summaryOf, summary, conflicts, edges);
        var firstConflict = conflicts?.Count ?? 0;
        State? atExit = null;
        var returns = ReturnsValues ? new List<(ReturnStmt, State)>() : null;
        foreach (var block in _cfg.Blocks)
        {
            // Each in-state is read by this last pass only, once: it can be changed in place.
            if (ins[block.Index] is not { } st) continue;
            final.Block(block, st);
            if (block.Return != null) atExit = atExit == null ? st : atExit.Meet(st);
            if (block.Return != null) returns?.Add((block.Return, st));
        }
        if (returns != null) FindLockedResults(returns, final.DeferredReleases, summary);
        // Whether a loop's unlock is deferred is known once the whole body has been seen.
        for (var i = firstConflict; conflicts != null && i < conflicts.Count; i++)
            if (conflicts[i].AroundLoop && final.DeferredReleases.Contains(conflicts[i].Held.Path.Key)) conflicts[i] = conflicts[i] with { DeferredUnlock = true };
        if (atExit != null)
            foreach (var held in atExit.Held.Values)
                // An element indexed by a parameter is not handed back held: a caller may give it back through a helper
                // that unlocks elements it cannot name (a loop over all of them), and would think it still held.
                if (!final.DeferredReleases.Contains(held.Path.Key) && Export(held.Path) is { IndexParams.Count: 0 } r)
                    summary.HeldAtExit[r.Key] = (r, held.Mode);
        return summary;
    }

    /// <summary>The mutex in the function's own terms, when a caller can name it: reached from the receiver or
    /// a parameter through a pointer, or from a package variable.</summary>
    internal LockRef? Export(LockPath p)
    {
        if (p.Fields.Count(c => c == '.') > MaxFieldHops || _reassigned?.Contains(p.Root) == true) return null;
        // An element indexed by a local variable (`l.m[url]`) is a different mutex in the caller's terms; one indexed by a
        // parameter (`s.shards[i]`) is the one the caller's argument names.
        List<(int, string)>? indexes = null;
        foreach (var v in p.Indexes)
        {
            if (!_params.TryGetValue(v, out var at) || at < 0 || _reassigned?.Contains(v) == true) return null;
            (indexes ??= []).Add((at, v.Name));
        }
        if (LockPaths.IsGlobal(p.Root)) return new LockRef(0, p.Root, p.Fields, p.Class) { IndexParams = indexes ?? [] };
        // A channel parameter is a reference however it is passed: a send on it (`func (q msgQueue) Send(m Msg) { q <- m }`)
        // is a send on the caller's channel.
        var shared = p.Shared || p.Fields.Length == 0 && p.Root.Type.Underlying is Semantics.Types.ChanType;
        return shared && _params.TryGetValue(p.Root, out var i) ? new LockRef(i, null, p.Fields, p.Class) { IndexParams = indexes ?? [] } : null;
    }

    private bool Guarded(Node n) => GuardOf(n).Guarded;

    /// <summary>Whether a call takes a callee's acquisition guarded by w: (true, _) when it passes w's value as a constant;
    /// (false, guard) when it passes its own bool parameter (the caller takes it under that guard); (false, null) when
    /// it passes the other constant, anything else, or the call is no direct call of the callee.</summary>
    private (bool Taken, AcquireGuard? PassedOn) GuardArgument(CallEvent call, AcquireGuard w)
    {
        if (call.Call is not { } c || call.Implicit != null || !ReferenceEquals(Calls.Callee(_info, c), call.Callee) || w.Param >= c.Args.Count
            || call.Callee.Signature is not { } sig || w.Param >= sig.Params.Count || sig.Variadic && w.Param >= sig.Params.Count - 1) return (false, null);
        var arg = c.Args[w.Param];
        if (_info.Types.TryGetValue(arg, out var tv) && tv.Value is { Kind: ConstantKind.Bool } b) return (b.Bool == w.Value, null);
        return (false, PassedOn(arg, w.Value));
    }

    /// <summary>Whether n is in a branch of an if testing a bool parameter or a lock-named flag, and when every such
    /// branch around it tests one bool parameter alone, for the same value: the value under which n runs.</summary>
    private (bool Guarded, AcquireGuard? When) GuardOf(Node n)
    {
        if (_guarded == null) return (false, null);
        var pos = n.Pos().Value;
        var guarded = false;
        AcquireGuard? when = null;
        foreach (var (s, e, w) in _guarded)
        {
            if (pos < s || pos >= e) continue;
            if (w == null || guarded && when != w) return (true, null);
            (guarded, when) = (true, w);
        }
        return (guarded, when);
    }

    /// <summary>The caller's bool parameter a call passes for a guarded acquisition's parameter (`locked` or `!locked`),
    /// never assigned in the body: the caller's own acquisition is then guarded by it.</summary>
    private AcquireGuard? PassedOn(Expr arg, bool value)
    {
        var negated = false;
        arg = Expr.Unparen(arg);
        if (arg is UnaryExpr { Op: Syntax.Token.Not } not)
        {
            negated = true;
            arg = Expr.Unparen(not.X);
        }
        return arg is Ident id && _info.ObjectOf(id) is Var v && _params.TryGetValue(v, out var i) && i >= 0 && _reassigned?.Contains(v) != true
               && v.Type.Underlying is BasicType { Kind: BasicKind.Bool }
            ? new AcquireGuard(i, value != negated)
            : null;
    }

    /// <summary>The bool parameter an if's condition tests alone (`locked`, `!locked`), never assigned in the body, and
    /// the value under which its body runs.</summary>
    private AcquireGuard? ParameterTested(Expr cond) => PassedOn(cond, true);

    /// <summary>
    /// The branches of ifs whose condition tests a bool parameter or a lock-named flag (`if lock {`, `if
    /// !s.locked {`): the function locks there only when its caller says it does not hold the lock already.
    /// </summary>
    private void FindGuardedSpans(BlockStmt body, TypeInfo info)
    {
        info.Nodes.Inspect(body, NodeKinds.FuncLit | NodeKinds.IfStmt, n =>
        {
            if (n is FuncLit) return false;
            if (n is IfStmt ifs && MentionsLockFlag(ifs.Cond, info))
            {
                var when = ifs.Init == null ? ParameterTested(ifs.Cond) : null;
                (_guarded ??= []).Add((ifs.Body.Pos().Value, ifs.Body.End().Value, when));
                if (ifs.Else != null) _guarded.Add((ifs.Else.Pos().Value, ifs.Else.End().Value, when == null ? null : when with { Value = !when.Value }));
            }
            return true;
        });
    }

    private bool MentionsLockFlag(Expr cond, TypeInfo info)
    {
        var found = false;
        info.Nodes.Inspect(cond, NodeKinds.Ident, n =>
        {
            if (found || n is not Ident id) return !found;
            if (id.Name.Contains("lock", StringComparison.OrdinalIgnoreCase) && info.TypeOf(id)?.Underlying is BasicType { Kind: BasicKind.Bool }) found = true;
            else if (info.ObjectOf(id) is Var v && _params.TryGetValue(v, out var i) && i >= 0 && v.Type.Underlying is BasicType { Kind: BasicKind.Bool }) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>
    /// Mutexes the body hands on: their address taken (`unlockOnce(&amp;s.mu)`, `sync.NewCond(&amp;s.mu)`), a method
    /// value of them (`s.mu.Unlock` stored or passed), or unlocked in a literal that is neither deferred nor
    /// called in place (a closure variable, a callback). Who unlocks them, and when, is beyond this analysis:
    /// they are never counted as held.
    /// </summary>
    private static HashSet<string> HandedOn(BlockStmt body, TypeInfo info, LockEvents events)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Node root, bool inOpaqueLiteral)
        {
            // The mutexes this literal has locked so far, in source order.
            HashSet<string>? lockedHere = null;
            info.Nodes.Inspect(root, NodeKinds.FuncLit | NodeKinds.UnaryExpr | NodeKinds.SelectorExpr, (n, parents) =>
            {
                var parent = parents.Up(1);
                switch (n)
                {
                    case FuncLit lit when !ReferenceEquals(lit, root):
                        var runsHere = parent is CallExpr c && parents.Up(2) is { } above && above is not GoStmt
                                       && (ReferenceEquals(Expr.Unparen(c.Fun), lit) || events.RunsDuringCall(c, lit));
                        Visit(lit, inOpaqueLiteral || !runsHere);
                        return false;
                    // A mutex's address given to a function of the package is followed through its summary; given to
                    // anything else (sync.NewCond, a struct, a closure), the other code may unlock it.
                    // `mu := &s.mu` only names s.mu again (MutexAliases); the locks through mu are s.mu's.
                    case UnaryExpr { Op: Syntax.Token.And } u when IsMutex(info.TypeOf(u.X)) && !events.Aliases.IsTarget(u) && LockPaths.Of(info, u.X) is { } addr
                                                                 && !(parent is CallExpr arg && !inOpaqueLiteral && arg.Args.IndexOf(u) is var i and >= 0 && events.TakesMutexParameter(arg, i)):
                        result.Add(addr.Key);
                        break;
                    case SelectorExpr sel when info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal
                                               && sel.Sel.Name is "Lock" or "Unlock" or "RLock" or "RUnlock":
                        var called = parent is CallExpr call && ReferenceEquals(Expr.Unparen(call.Fun), sel);
                        var unlocks = sel.Sel.Name is "Unlock" or "RUnlock";
                        if (called && inOpaqueLiteral && !unlocks && LockPaths.ReceiverOf(info, sel, events.Aliases) is { } own) (lockedHere ??= []).Add(own.Key);
                        // An opaque literal's unlock of a mutex it locked itself before (a goroutine that locks, works
                        // and unlocks) releases its own hold, not the caller's.
                        else if ((!called || inOpaqueLiteral && unlocks) && LockPaths.ReceiverOf(info, sel, events.Aliases) is { } m
                                 && !(called && lockedHere != null && lockedHere.Contains(m.Key))) result.Add(m.Key);
                        break;
                }
                return true;
            });
        }
        Visit(body, false);
        return result;
    }

    private static HashSet<T>? NullIfEmpty<T>(HashSet<T> set) => set.Count == 0 ? null : set;

    /// <summary>A sync.Mutex or sync.RWMutex.</summary>
    internal static bool IsMutex(GoType? t) =>
        t is NamedType { Obj.Name: "Mutex" or "RWMutex", Obj.Pkg.Path: "sync" };

    /// <summary>`*sync.Mutex` or `*sync.RWMutex`.</summary>
    internal static bool IsMutexPointer(GoType? t) => t is PointerType { Elem: var elem } && IsMutex(elem);

    /// <summary>Held: must-held mutexes by key. Released: keys unlocked by the function on every path so far.</summary>
    /// <remarks>The fixpoint clones and meets a state per block visited: the maps most states leave empty (released,
    /// loop locks, deferred unlocks) are made on first write, and a clone copies only the ones that exist.</remarks>
    private sealed class State
    {
        public Dictionary<string, HeldLock> Held { get; }
        private Dictionary<string, LockPath>? _released;
        /// <summary>The goroutine has waited for another one (a receive, a select, wg.Wait) on some path so far (met
        /// by union): the locks it takes after that are ordered by the handshake too (a Close that waits for the
        /// receive loop to exit before taking the locks the loop takes in the other order), so they make no edge.</summary>
        public bool AfterWait { get; set; }
        /// <summary>Locks at the top of a loop body still held on some path (met by union), with their mutex's key.</summary>
        private Dictionary<CallExpr, string>? _loopLocks;
        /// <summary>Held mutexes whose unlock the function has deferred on every path so far, with that defer.</summary>
        private Dictionary<string, Node>? _unlockDeferred;

        public State() => Held = new(StringComparer.Ordinal);

        private State(Dictionary<string, HeldLock> held) => Held = held;

        public bool IsReleased(string key) => _released?.ContainsKey(key) == true;

        /// <summary>The released mutexes, in the order they were first released.</summary>
        public IEnumerable<LockPath> Released => _released?.Values ?? (IEnumerable<LockPath>)[];

        public void SetReleased(string key, LockPath path) => (_released ??= new(StringComparer.Ordinal))[key] = path;

        public bool HasLoopLock(CallExpr call) => _loopLocks?.ContainsKey(call) == true;

        public void SetLoopLock(CallExpr call, string key) => (_loopLocks ??= new(ReferenceEqualityComparer.Instance))[call] = key;

        public bool TryGetUnlockDeferred(string key, out Node? at)
        {
            at = null;
            return _unlockDeferred?.TryGetValue(key, out at) == true;
        }

        public void DeferUnlock(string key, Node at) => (_unlockDeferred ??= new(StringComparer.Ordinal)).TryAdd(key, at);

        public State Clone()
        {
            var s = new State(new Dictionary<string, HeldLock>(Held, StringComparer.Ordinal));
            if (_unlockDeferred is { Count: > 0 }) s._unlockDeferred = new(_unlockDeferred, StringComparer.Ordinal);
            if (_released is { Count: > 0 }) s._released = new(_released, StringComparer.Ordinal);
            if (_loopLocks is { Count: > 0 }) s._loopLocks = new(_loopLocks, ReferenceEqualityComparer.Instance);
            s.AfterWait = AfterWait;
            return s;
        }

        public void Forget(Func<string, bool> key)
        {
            foreach (var k in Held.Keys.Where(key).ToList()) Held.Remove(k);
            if (_loopLocks != null)
                foreach (var c in _loopLocks.Where(l => key(l.Value)).Select(l => l.Key).ToList()) _loopLocks.Remove(c);
        }

        /// <summary>Drops the loop locks of the mutex with this key.</summary>
        public void DropLoopLocks(string key)
        {
            if (_loopLocks is not { Count: > 0 }) return;
            foreach (var c in _loopLocks.Where(l => l.Value == key).Select(l => l.Key).ToList()) _loopLocks.Remove(c);
        }

        public State Meet(State other)
        {
            var s = new State();
            foreach (var (k, v) in Held)
                if (other.Held.TryGetValue(k, out var o)) s.Held[k] = v.Mode == o.Mode ? v : v with { Mode = LockMode.Read };
            if (_released != null && other._released != null)
                foreach (var (k, v) in _released)
                    if (other._released.ContainsKey(k)) s.SetReleased(k, v);
            if (_unlockDeferred != null && other._unlockDeferred != null)
                foreach (var (k, v) in _unlockDeferred)
                    if (other._unlockDeferred.ContainsKey(k)) s.DeferUnlock(k, v);
            if (_loopLocks != null)
                foreach (var (k, v) in _loopLocks) s.SetLoopLock(k, v);
            if (other._loopLocks != null)
                foreach (var (k, v) in other._loopLocks) s.SetLoopLock(k, v);
            s.AfterWait = AfterWait || other.AfterWait;
            return s;
        }

        /// <summary>Whether Meet(other) is the same as this state (<see cref="SameAs"/>), without building it: every
        /// lock held here held there (in the same mode, or read here), every release and deferred unlock here
        /// there too, every loop lock there here too, and no wait there that is not here.</summary>
        public bool MeetKeeps(State other)
        {
            foreach (var (k, v) in Held)
                if (!other.Held.TryGetValue(k, out var o) || o.Mode != v.Mode && v.Mode != LockMode.Read) return false;
            return ContainsAll(other._released, _released) && ContainsAll(_loopLocks, other._loopLocks)
                   && ContainsAll(other._unlockDeferred, _unlockDeferred) && (AfterWait || !other.AfterWait);
        }

        public bool SameAs(State other) =>
            Held.Count == other.Held.Count && Count(_released) == Count(other._released) && Count(_loopLocks) == Count(other._loopLocks)
            && Held.All(h => other.Held.TryGetValue(h.Key, out var o) && o.Mode == h.Value.Mode) && ContainsAll(other._released, _released)
            && ContainsAll(other._loopLocks, _loopLocks) && AfterWait == other.AfterWait
            && Count(_unlockDeferred) == Count(other._unlockDeferred) && ContainsAll(other._unlockDeferred, _unlockDeferred);

        private static int Count<TKey, TValue>(Dictionary<TKey, TValue>? d) where TKey : notnull => d?.Count ?? 0;

        /// <summary>Whether every key of keys (none when null) is in of.</summary>
        private static bool ContainsAll<TKey, TValue>(Dictionary<TKey, TValue>? of, Dictionary<TKey, TValue>? keys) where TKey : notnull
        {
            if (keys == null) return true;
            foreach (var k in keys.Keys)
                if (of == null || !of.ContainsKey(k)) return false;
            return true;
        }
    }

    /// <summary>Applies events to a state, recording, in the final pass (summary given), the summary's facts and, when
    /// asked, conflicts and edges. A fixpoint pass (no summary, conflicts or edges) only moves the state.</summary>
    private sealed class Transfer(LockFlow flow, Func<Func, LockSummary?> summaryOf, LockSummary? summary, List<LockConflict>? conflicts, List<LockOrderEdge>? edges)
    {
        public HashSet<string> DeferredReleases { get; } = new(StringComparer.Ordinal);

        public void Block(Block block, State st)
        {
            var perNode = flow._events[block.Index];
            for (var i = 0; i < perNode.Length; i++)
                if (perNode[i] is { } events)
                    foreach (var e in events) Apply(e, st);
        }

        private void Apply(LockEvent e, State st)
        {
            switch (e)
            {
                case OpEvent { Op: { Acquires: true } op }:
                    AroundLoop(st, op);
                    var (guarded, when) = flow.GuardOf(op.At);
                    Acquire(st, op.Mutex, op.Mode, op.At, op.At, "", null, !guarded || when != null, when: when);
                    break;
                case OpEvent { Op: var op }:
                    HeldOnEntryEdges(st, op);
                    Release(st, op.Mutex);
                    break;
                case CallEvent call:
                    ApplyCall(call, st);
                    break;
                case HandshakeEvent:
                    st.AfterWait = true;
                    break;
                case BlockEvent b when b.Kind == BlockingKind.ChannelReceive && flow._lenGuarded?.Contains(b.At) == true:
                    break;
                case SelectBlockEvent sel:
                    if (conflicts != null && st.Held.Count > 0 && sel.Alternatives[0] is var first)
                        (flow._blocking ??= []).Add(new LockBlocking(flow._name, flow._function, first.Kind, first.Target, sel.At, st.Held.Values.ToList())
                            { Alternatives = sel.Alternatives.Select(a => (a.Kind, a.Target, (Node)a.At)).ToList() });
                    break;
                case BlockEvent b:
                    if (b.Kind == BlockingKind.WaitGroupWait) st.AfterWait = true;
                    if (conflicts != null && st.Held.Count > 0)
                        (flow._blocking ??= []).Add(new LockBlocking(flow._name, flow._function, b.Kind, b.Target, b.At, st.Held.Values.ToList()));
                    if (summary != null && (b.Target.Class != null || b.Target.Fields.Length == 0) && LockBlock.Of(b.Kind, b.Target, flow.Export(b.Target), b.At, "") is { } own)
                        AddBlock(summary, own with { ReleasedBefore = ReleasedSoFar(st, null) });
                    break;
                case FuncVarCallEvent fv:
                    if (summary != null && flow._params.TryGetValue(fv.Fn, out var param) && param >= 0)
                        foreach (var h in st.Held.Values) AddCallbackHold(summary, param, h.Path, h.Mode, h.LockedAt);
                    break;
                case CallbackEvent { Begin: true } cb:
                    BeginCallback(cb, st);
                    break;
                case CallbackEvent:
                    if (_callbackHeld.Count > 0)
                        foreach (var key in _callbackHeld.Pop()) st.Held.Remove(key);
                    break;
                case OpaqueEvent opaque:
                    foreach (var p in opaque.Passed) st.Forget(k => k == p.Key || k.StartsWith(p.Key + ".", StringComparison.Ordinal) || k.StartsWith(p.Key + "[", StringComparison.Ordinal));
                    break;
                case DeferredEvent { Inner: OpEvent { Op: { Acquires: true } deferredOp }, Through: { } lockedIn } deferredEvent:
                    // A deferred function's own Lock, registered after the deferred unlock of that mutex: it runs first, with the mutex held.
                    if (conflicts != null && flow.Trackable(deferredOp.Mutex) && st.Held.TryGetValue(deferredOp.Mutex.Key, out var heldThen)
                        && st.TryGetUnlockDeferred(deferredOp.Mutex.Key, out var unlockDeferredAt))
                        conflicts.Add(new LockConflict(flow._name, deferredEvent.Site.Call, heldThen, deferredOp.Mode, deferredOp.At, lockedIn, null) { UnlockDeferredAt = unlockDeferredAt });
                    break;
                case DeferredEvent { Inner: var inner } deferredEvent:
                    if (conflicts != null && st.Held.Count > 0) DeferredWaits(inner, deferredEvent.Site, st);
                    // What a deferred call locks, for waits: it runs at the return, before earlier defers.
                    if (conflicts != null && inner is CallEvent deferredCall && summaryOf(deferredCall.Callee) is { IsEmpty: false } deferredSummary)
                        foreach (var acq in deferredSummary.Acquires.Values)
                        {
                            if (Map(acq.Ref, deferredCall) is not { } acquired || acq.When is { } w && !flow.GuardArgument(deferredCall, w).Taken) continue;
                            if (acquired.Class is { } deferredClass && deferredEvent.Through == null) (flow._deferredAcquired ??= []).Add((deferredClass, deferredCall.Call, acq.Mode));
                            // Registered after the deferred unlock of a mutex it locks: it runs first, with that mutex held.
                            if (st.Held.TryGetValue(acquired.Key, out var stillHeld) && st.TryGetUnlockDeferred(acquired.Key, out var unlockDefer))
                                conflicts.Add(new LockConflict(flow._name, deferredEvent.Through != null ? deferredEvent.Site.Call : deferredCall.Call, stillHeld, acq.Mode, acq.Site,
                                        Chain(deferredEvent.Through is { } via ? $"{via} → {deferredCall.Name}" : deferredCall.Name, acq.Via), acq.Entry ?? deferredCall.Call)
                                    { UnlockDeferredAt = unlockDefer });
                        }
                    // A deferred function's own calls release nothing of this function's.
                    if (deferredEvent.Through != null) break;
                    // Runs at the return: only what the function holds when it returns changes, and what it releases.
                    foreach (var path in Releases(inner))
                    {
                        DeferredReleases.Add(path.Key);
                        if (st.Held.ContainsKey(path.Key)) st.DeferUnlock(path.Key, deferredEvent.Site);
                        if (summary != null && !st.Held.ContainsKey(path.Key) && flow.Export(path) is { } r) summary.Releases.TryAdd(r.Key, r);
                    }
                    break;
            }
        }

        /// <summary>A deferred send (or a deferred call that may wait) registered after the deferred unlock of locks this
        /// function holds: it runs at the return before those unlocks, so it waits with them held (`defer tr.mu.Unlock()`
        /// then `defer func() { tr.updates &lt;- name }()`).</summary>
        private void DeferredWaits(LockEvent inner, DeferStmt site, State st)
        {
            var held = st.Held.Values.Where(h => st.TryGetUnlockDeferred(h.Path.Key, out _)).ToList();
            if (held.Count == 0) return;
            if (inner is BlockEvent b)
                (flow._blocking ??= []).Add(new LockBlocking(flow._name, flow._function, b.Kind, b.Target, b.At, held) { Deferred = site });
            else if (inner is CallEvent call && summaryOf(call.Callee) is { } s)
                foreach (var blk in s.Blocks)
                    if ((blk.ByClass ?? Map(blk.Target, call)) is { } target) CalleeWaits(blk, target, call, held, DroppedBefore(blk, call), site);
        }

        /// <summary>The caller's locks the callee drops before its wait (in the caller's terms), or null for none.</summary>
        private List<LockPath>? DroppedBefore(LockBlock blk, CallEvent call) =>
            blk.ReleasedBefore.Count == 0 ? null : blk.ReleasedBefore.Select(rb => Map(rb, call)).OfType<LockPath>().ToList();

        /// <summary>A callee's wait made here, with the locks held that it does not drop first: a blocking of this function.</summary>
        /// <param name="deferred">The defer the call runs in, when it waits at the return.</param>
        private void CalleeWaits(LockBlock blk, LockPath target, CallEvent call, IEnumerable<HeldLock> held, List<LockPath>? dropped, DeferStmt? deferred)
        {
            var across = dropped == null ? held.ToList() : held.Where(h => !dropped.Exists(d => d.Key == h.Path.Key)).ToList();
            if (across.Count > 0)
                (flow._blocking ??= []).Add(new LockBlocking(flow._name, flow._function, blk.Kind, target, call.Call, across)
                    { Via = Chain(call.Name, blk.Via), Inner = blk.At, Deferred = deferred });
        }

        // The locks a callee holds while it runs a literal of this function, taken for the literal's events and
        // given back after them (Begin and end come in one node's events, in order, so a stack pairs them).
        private readonly Stack<List<string>> _callbackHeld = new();

        private void BeginCallback(CallbackEvent cb, State st)
        {
            var added = new List<string>();
            if (summaryOf(cb.Call.Callee) is { } s && s.CallbackHolds.TryGetValue(cb.Param, out var holds))
                foreach (var h in holds)
                    if (Map(h.Ref, cb.Call) is { } path && flow.Trackable(path) && !st.Held.ContainsKey(path.Key))
                    {
                        st.Held[path.Key] = new HeldLock(path, h.Mode, cb.Call.Call) { Holder = cb.Call.Callee.Name, HolderLockedAt = h.LockedAt };
                        added.Add(path.Key);
                    }
            _callbackHeld.Push(added);
        }

        private void AddCallbackHold(LockSummary summary, int param, LockPath path, LockMode mode, Node lockedAt)
        {
            if (flow.Export(path) is not { } r) return;
            if (!summary.CallbackHolds.TryGetValue(param, out var holds)) summary.CallbackHolds[param] = holds = [];
            if (!holds.Exists(h => h.Ref.Key == r.Key)) holds.Add(new CallbackHold(r, mode, lockedAt));
        }

        private IEnumerable<LockPath> Releases(LockEvent e)
        {
            if (e is OpEvent { Op: { Acquires: false } op }) yield return op.Mutex;
            if (e is CallEvent call && summaryOf(call.Callee) is { } s)
                foreach (var r in s.Releases.Values)
                    if (Map(r, call) is { } p) yield return p;
        }

        private static void AddBlock(LockSummary summary, LockBlock block)
        {
            if (summary.Blocks.Count < LockSummary.MaxBlocks && !summary.Blocks.Exists(x => x.Kind == block.Kind && x.Target.Key == block.Target.Key)) summary.Blocks.Add(block);
        }

        private void ApplyCall(CallEvent call, State st)
        {
            if (conflicts != null && st.Held.Count > 0) (flow._heldCalls ??= []).Add((call.Callee, call.Call, st.Held.Values.ToList()));
            if (summaryOf(call.Callee) is not { } s) return;
            // What the callee may wait for, waited for here, with whatever this function holds (a fixpoint pass
            // records nothing: only the acquisitions, releases and locks held at exit below move its state).
            if (summary != null)
            {
                foreach (var blk in s.Blocks)
                {
                    if ((blk.ByClass ?? Map(blk.Target, call)) is not { } target) continue;
                    var via = Chain(call.Name, blk.Via);
                    // The callee drops some of the caller's locks before it waits: they are not held across the wait.
                    var dropped = DroppedBefore(blk, call);
                    if (conflicts != null) CalleeWaits(blk, target, call, st.Held.Values, dropped, null);
                    if (conflicts != null && blk.Kind == BlockingKind.ChannelReceive && target.Class is { } received && flow._callLoops?.TryGetValue(call.Call, out var loop) == true
                        && !flow.ReceiveLoops.Exists(r => r.Class == received && r.Start == loop.Pos().Value))
                        (flow._receiveLoops ??= []).Add((received, loop.Pos().Value, loop.End().Value, false));
                    if (LockBlock.Of(blk.Kind, target, blk.ByClass != null ? null : flow.Export(target), blk.At, via) is { } passed)
                        AddBlock(summary, passed with { ReleasedBefore = ReleasedSoFar(st, dropped) });
                }
                // Mutexes the callee reaches from its own locals: an edge from each lock held here (the class is the order's key).
                foreach (var ca in s.ClassAcquires.Values)
                {
                    // Taken here by class, for the waits a loop calling it blocks (`ar.handle(name)` locking each task).
                    if (conflicts != null) (flow._acquired ??= []).Add((ca.Path.Class!, call.Call, ca.Mode));
                    var via = Chain(call.Name, ca.Via);
                    var dropped = ca.ReleasedBefore.Select(rb => Map(rb, call)).OfType<LockPath>().ToList();
                    if (edges != null && !st.AfterWait)
                        foreach (var h in st.Held.Values)
                            if (h.Path.Class != ca.Path.Class && !dropped.Exists(d => d.Key == h.Path.Key))
                                AddEdge(st, new LockOrderEdge(flow._name, h, ca.Path, ca.Mode, call.Call, ca.Site, via));
                    if (!flow.Guarded(call.Call) && TakesClassAcquire(summary, ca.Path.Class!)) summary.ClassAcquires[ca.Path.Class!] = ca with { Via = via, ReleasedBefore = ReleasedSoFar(st, dropped) };
                }
            }
            if (s.IsEmpty) return;
            var (guarded, callWhen) = flow.GuardOf(call.Call);
            var exportable = !guarded || callWhen != null;
            foreach (var acq in s.Acquires.Values)
            {
                if ((Map(acq.Ref, call) ?? ByClass(acq.Ref, call)) is not { } path) continue;
                // The chain and the callee's releases name the facts a fixpoint pass does not record.
                var via = summary == null ? "" : Chain(call.Name, acq.Via);
                var releasedInCallee = summary == null ? null : acq.ReleasedBefore.Select(rb => Map(rb, call)).OfType<LockPath>().ToList();
                if (acq.When is { } w)
                    switch (flow.GuardArgument(call, w))
                    {
                        case (true, _):
                            break;
                        case (false, { } passedOn):
                            // Passed the caller's own flag: the caller takes it under that flag, and nothing is known here.
                            if (callWhen == null && summary != null && flow.Export(path) is { } r && !st.IsReleased(path.Key))
                                AddAcquire(summary, new LockAcquire(r, acq.Mode, acq.Site, via, acq.Entry ?? call.Call) { ReleasedBefore = ReleasedSoFar(st, releasedInCallee), When = passedOn });
                            continue;
                        default:
                            continue;
                    }
                Acquire(st, path, acq.Mode, call.Call, acq.Site, via, acq.Entry ?? call.Call, exportable, releasedInCallee, callWhen);
            }
            foreach (var r in s.Releases.Values)
                if (Map(r, call) is { } path) Release(st, path);
            foreach (var (r, mode) in s.HeldAtExit.Values)
                if (Map(r, call) is { } path && flow.Trackable(path))
                {
                    // Dropped and taken back by the callee (`devices.Unlock(); wait(); devices.Lock()`): taken again after
                    // every lock the caller still holds.
                    if (edges != null && s.Releases.ContainsKey(r.Key) && !st.AfterWait)
                        foreach (var h in st.Held.Values)
                            if (h.Path.Key != path.Key)
                                AddEdge(st, new LockOrderEdge(flow._name, h, path, mode, call.Call, call.Call, call.Callee.Name) { Retaken = true });
                    st.Held[path.Key] = new HeldLock(path, mode, call.Call);
                }
        }

        /// <param name="releasedInCallee">Mutexes (in this function's terms) the callee unlocks on every path before
        /// this acquisition: a caller holding one of them does not hold it any more when the callee locks.</param>
        /// <param name="when">The bool parameter the acquisition is guarded by (exported with it, and no class acquisition).</param>
        private void Acquire(State st, LockPath path, LockMode mode, Node at, Node site, string via, CallExpr? entry, bool exportable, IReadOnlyList<LockPath>? releasedInCallee = null,
            AcquireGuard? when = null)
        {
            if (conflicts != null && LockPaths.OrderClass(path) is { } order) (flow._acquired ??= []).Add((order, at, mode));
            bool Dropped(HeldLock h) => releasedInCallee != null && releasedInCallee.Any(p => p.Key == h.Path.Key);
            if (st.Held.TryGetValue(path.Key, out var held) && !Dropped(held)) conflicts?.Add(new LockConflict(flow._name, at, held, mode, site, via, entry));
            if (edges != null)
                foreach (var h in st.Held.Values)
                    if (h.Path.Key != path.Key && !Dropped(h) && !st.AfterWait) AddEdge(st, new LockOrderEdge(flow._name, h, path, mode, at, site, via) { Retaken = releasedInCallee?.Any(p => p.Key == path.Key) == true });
            var exported = exportable && summary != null ? flow.Export(path) : null;
            // An element indexed by a parameter keeps its class acquisition too: a caller passing anything but a variable
            // cannot name it, and still orders it after what it holds.
            if (summary != null && exportable && when == null && (exported == null || exported.IndexParams.Count > 0) && path.Class is { } cls && !LockPaths.IsOnceDo(site)
                && TakesClassAcquire(summary, cls))
                summary.ClassAcquires[cls] = new ClassAcquire(path, mode, site, via) { ReleasedBefore = ReleasedSoFar(st, releasedInCallee) };
            if (exported is { } r && !st.IsReleased(path.Key))
                AddAcquire(summary!, new LockAcquire(r, mode, site, via, entry) { ReleasedBefore = ReleasedSoFar(st, releasedInCallee), When = when });
            // A callee's lock is held after the call only when its summary says it returns holding it.
            if (held == null && ReferenceEquals(at, site) && flow.Trackable(path)) st.Held[path.Key] = new HeldLock(path, mode, at);
        }

        /// <summary>Keeps the first acquisition of a mutex, unless a later one locks it for writing where the first read-locked
        /// it, or takes it whatever the arguments where the first was guarded by a parameter.</summary>
        private static void AddAcquire(LockSummary summary, LockAcquire a)
        {
            if (!summary.Acquires.TryGetValue(a.Ref.Key, out var old)
                || old.Mode == LockMode.Read && a.Mode == LockMode.Write && (a.When == null || old.When != null)
                || old.When != null && a.When == null && a.Mode >= old.Mode)
                summary.Acquires[a.Ref.Key] = a;
        }

        /// <summary>An edge, with the other locks held at that point (a lock every such path takes first serialises them).</summary>
        private void AddEdge(State st, LockOrderEdge e)
        {
            List<(string, LockMode)>? gates = null;
            foreach (var o in st.Held.Values)
                if (o.Path.Key != e.Held.Path.Key && o.Path.Key != e.To.Key && LockPaths.OrderClass(o.Path) is { } c) (gates ??= []).Add((c, o.Mode));
            edges!.Add(gates == null ? e : e with { Gates = gates });
        }

        /// <summary>The mutexes unlocked on every path so far (and by the callee before its acquisition), in the
        /// function's own terms.</summary>
        private IReadOnlyList<LockRef> ReleasedSoFar(State st, IReadOnlyList<LockPath>? releasedInCallee) =>
            st.Released.Concat(releasedInCallee ?? []).Select(flow.Export).OfType<LockRef>().DistinctBy(x => x.Key).ToList() is { Count: > 0 } released ? released : [];

        /// <summary>Whether the summary keeps a class acquisition of cls: the first of each class, up to the bound
        /// (asked before building one, as this runs for every acquisition).</summary>
        private static bool TakesClassAcquire(LockSummary summary, string cls) =>
            summary.ClassAcquires.Count < LockSummary.MaxClassAcquires && !summary.ClassAcquires.ContainsKey(cls);

        /// <summary>A lock at the top of a loop body reached again, on a path from itself that did not unlock
        /// (a `continue`, a branch that skips the unlock, an unlock deferred to the return): the next iteration
        /// waits for the lock the previous one kept.</summary>
        private void AroundLoop(State st, LockOp op)
        {
            if (op.At is not CallExpr call || flow._loopTopLocks?.Contains(call) != true || !flow.Trackable(op.Mutex)) return;
            if (st.HasLoopLock(call) && !st.Held.ContainsKey(op.Mutex.Key))
                conflicts?.Add(new LockConflict(flow._name, call, new HeldLock(op.Mutex, op.Mode, call), op.Mode, call, "", null) { AroundLoop = true });
            st.SetLoopLock(call, op.Mutex.Key);
        }

        /// <summary>
        /// A mutex the function unlocks but never locks (`URLUnlock` releasing `l.m[url]`, which `URLLock` returned
        /// holding) is held by its caller from the function's entry: the locks the function took and still holds at
        /// that unlock were taken while it was held, one lock-order edge each (l.m[url] before l).
        /// </summary>
        private void HeldOnEntryEdges(State st, LockOp unlock)
        {
            if (edges == null || st.AfterWait || st.Held.ContainsKey(unlock.Mutex.Key) || st.IsReleased(unlock.Mutex.Key)
                || flow._locked?.Contains(unlock.Mutex.Key) == true || unlock.Mutex.Class == null) return;
            var entry = new HeldLock(unlock.Mutex, unlock.Mode, unlock.At) { OnEntry = true };
            foreach (var h in st.Held.Values)
                if (h.Path.Key != unlock.Mutex.Key && h.Holder == null && h.LockedAt is CallExpr or SendStmt && h.LockedAt is var lockedAt)
                    AddEdge(st, new LockOrderEdge(flow._name, entry, h.Path, h.Mode, lockedAt, lockedAt, ""));
        }

        private void Release(State st, LockPath path)
        {
            st.DropLoopLocks(path.Key);
            if (!st.Held.Remove(path.Key) && summary != null && flow.Export(path) is { } r) summary.Releases.TryAdd(r.Key, r);
            st.SetReleased(path.Key, path);
        }

        private static string Chain(string name, string via)
        {
            if (via.Length == 0) return name;
            return via.Count(c => c == '→') >= 3 ? name + " → …" : name + " → " + via;
        }

        /// <summary>
        /// A callee's mutex the caller cannot name, because it cannot name the callee's receiver or argument
        /// (`ar.tasks[name].TaskState()`, an element of a map of pointers), known by its class alone: in the callee's
        /// own terms (`tr.stateLock`), like a <see cref="ClassAcquire"/>. It orders locks and blocks the waits of a
        /// loop by class; as no path of the caller it is never held after the call nor re-locked.
        /// </summary>
        private LockPath? ByClass(LockRef r, CallEvent call)
        {
            if (r.Global != null || r.Class == null || r.Fields.Length == 0 || call.Callee.Signature is not { } sig) return null;
            var root = r.Param < 0 ? sig.Recv : r.Param < sig.Params.Count ? sig.Params[r.Param] : null;
            return root == null ? null : new LockPath(root, r.Fields, r.Class, true) { ByClass = true };
        }

        /// <summary>A callee's mutex in the caller's terms, through the call's receiver or argument.</summary>
        /// <remarks>Through a back-pointer of an element of the caller's container (`m.hub.mu` for m ranging over
        /// `h.members`), the owner's mutex (<see cref="MutexAliases.Rebase"/>).</remarks>
        private LockPath? Map(LockRef r, CallEvent call)
        {
            if (r.Global != null) return new LockPath(r.Global, "", r.Global.Pkg!.Name + "." + r.Global.Name, true).Append(r.Fields, r.Class, true);
            var sig = call.Callee.Signature;
            if (r.Param >= 0 && sig is { Variadic: true } && r.Param >= sig.Params.Count - 1) return null;
            var basePath = r.Param < 0 ? call.Recv : r.Param < call.Args.Length ? call.Args[r.Param] : null;
            if (basePath == null) return null;
            var path = basePath.Append(r.Fields, r.Class, true);
            if (r.IndexParams.Count > 0 && (path = Indexed(path, r, call)!) == null) return null;
            return flow._lockEvents.Aliases.Rebase(flow._info, path);
        }

        /// <summary>A callee's element indexed by its parameters in the caller's terms: each index the variable the call
        /// passes there (`[vol]` for `c.attach(vol)`); null when an argument is no plain variable.</summary>
        private static LockPath? Indexed(LockPath path, LockRef r, CallEvent call)
        {
            var sig = call.Callee.Signature;
            var fields = path.Fields;
            var from = fields.Length - r.Fields.Length;
            var indexes = path.Indexes.ToList();
            foreach (var (param, name) in r.IndexParams)
            {
                if (param >= call.Args.Length || sig is { Variadic: true } && param >= sig.Params.Count - 1 || call.Args[param] is not { Fields.Length: 0, Indexes.Count: 0 } arg) return null;
                var at = fields.IndexOf("[" + name + "]", from, StringComparison.Ordinal);
                if (at < 0) return null;
                fields = fields[..at] + "[" + arg.Root.Name + "]" + fields[(at + name.Length + 2)..];
                from = at + arg.Root.Name.Length + 2;
                indexes.Add(arg.Root);
            }
            return new LockPath(path.Root, fields, path.Class, path.Shared) { Indexes = indexes };
        }
    }
}
