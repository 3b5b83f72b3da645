using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>What one CFG node does to mutexes, in evaluation order (arguments before the call).</summary>
internal abstract record LockEvent;

/// <summary>A Lock, RLock, Unlock or RUnlock on a named mutex.</summary>
internal sealed record OpEvent(LockOp Op) : LockEvent;

/// <summary>A call of a function of this package: its summary says what it does, mapped onto the receiver and
/// arguments (null where an argument is no path).</summary>
internal sealed record CallEvent(CallExpr Call, Func Callee, LockPath? Recv, LockPath?[] Args) : LockEvent
{
    /// <summary>For a method fmt calls on a value it formats: how the message names it ("String, which log.Printf
    /// calls to format p").</summary>
    public string? Implicit { get; init; }

    public string Name => Implicit ?? Callee.Name;
}

/// <summary>A call we cannot see into (another package of the module, a function value, an interface method)
/// given these paths: it may unlock any mutex reachable from them, so the caller stops counting them as held.</summary>
internal sealed record OpaqueEvent(LockPath[] Passed) : LockEvent;

/// <summary>A call of a function-typed variable (a parameter, when the flow knows it as one): a function that
/// holds locks there makes its callers' literals run with them held.</summary>
internal sealed record FuncVarCallEvent(CallExpr Call, Var Fn) : LockEvent;

/// <summary>Around the events of a function literal passed as argument Param of Call's callee, which calls it:
/// Begin takes the locks the callee holds when it calls that parameter, the end gives them back.</summary>
internal sealed record CallbackEvent(CallEvent Call, int Param, bool Begin) : LockEvent;

/// <summary>A deferred unlock (`defer mu.Unlock()`, inside a deferred literal, or a deferred call of a helper):
/// runs at the return, so it only matters to what the function holds when it returns.</summary>
internal sealed record DeferredEvent(LockEvent Inner, DeferStmt Site) : LockEvent
{
    /// <summary>A lock or call of the function a deferred call runs (a deferred literal, or the closure a call returns:
    /// `defer c.track("op")()`), which locks and unlocks on its own: it matters only to a lock still held with its unlock
    /// deferred before (deferred calls run last in, first out), and releases nothing of the function's. How a message
    /// names the function it is in ("the function track returns").</summary>
    public string? Through { get; init; }
}

/// <summary>What a goroutine can block on while holding locks: a WaitGroup's Wait, a send on or a receive
/// from a channel, a sync.Cond's Wait.</summary>
/// <summary>PipeWrite: a Write into an io.Pipe's writer (<see cref="PipeClasses"/>), which waits for its reader.
/// ServerShutdown: http.Server.Shutdown with a context that is never done, which waits for every handler in flight
/// to return (<see cref="HttpServers"/>). ConnRead: a read from a network connection the package keeps in a field
/// (<see cref="ConnClasses"/>), which waits for the peer.</summary>
public enum BlockingKind { WaitGroupWait, ChannelSend, ChannelReceive, CondWait, PipeWrite, ServerShutdown, ConnRead }

/// <summary>A blocking operation on Target (the WaitGroup, or the channel), outside any select.</summary>
internal sealed record BlockEvent(BlockingKind Kind, LockPath Target, Node At) : LockEvent;

/// <summary>A select with no default whose every case is a send on or a receive from a channel field (a class): it
/// blocks until one of them can go on.</summary>
internal sealed record SelectBlockEvent(IReadOnlyList<BlockEvent> Alternatives, SelectStmt At) : LockEvent;

/// <summary>A receive (in a statement or a select case): the goroutine waits for another one here, so the locks
/// it takes after it are ordered after whatever that one did first (a Close that waits for its receive loop to
/// exit before taking the stream lock the loop takes too).</summary>
internal sealed record HandshakeEvent(Node At) : LockEvent;

/// <summary>Finds the lock events of CFG nodes. Goroutines started by a node run elsewhere and add none.</summary>
internal sealed class LockEvents(TypeInfo info, IReadOnlySet<Func> packageFunctions, FuncValues funcValues,
    IReadOnlyDictionary<Func, HashSet<int>>? callsParams = null, ChannelAccessors? accessors = null, MutexAliases? aliases = null,
    ChannelElements? elements = null, ChannelLocks? channelLocks = null, NeverDoneContexts? neverDone = null,
    IReadOnlyDictionary<Func, FuncDecl>? declarations = null, ChannelFieldAliases? channelAliases = null, RepeatedFunctions? repeated = null,
    PipeClasses? pipes = null, HttpServers? servers = null, ContextCancelFields? contextCancels = null, ConnClasses? conns = null,
    TemplateTexts? templates = null)
{
    /// <summary>The package's templates parsed from constant text: the methods an Execute calls on its data.</summary>
    private readonly TemplateTexts _templates = templates ?? TemplateTexts.None;

    /// <summary>The package's http.Servers and their handlers: a Shutdown of one waits for them.</summary>
    public HttpServers Servers { get; } = servers ?? HttpServers.None;

    /// <summary>Contexts kept in a field with their cancel in another: a receive from such a context's Done is ended
    /// only by the calls of that cancel.</summary>
    public ContextCancelFields ContextCancels { get; } = contextCancels ?? ContextCancelFields.None;

    /// <summary>The package's io.Pipes: a write into one waits, a close of either end ends that wait.</summary>
    public PipeClasses Pipes { get; } = pipes ?? PipeClasses.None;

    /// <summary>The network connections the package keeps in fields: a read waits for the peer, a write is what a
    /// request/response peer answers.</summary>
    public ConnClasses Conns { get; } = conns ?? ConnClasses.None;

    private readonly KeyedLocks _keyed = declarations == null ? KeyedLocks.None : new KeyedLocks(info, declarations);

    /// <summary>Functions a runner calls over and over: their body is a loop of its own (<see cref="RepeatedFunctions"/>).</summary>
    public RepeatedFunctions Repeated { get; } = repeated ?? RepeatedFunctions.None;

    private readonly ChannelFieldAliases _channelAliases = channelAliases ?? ChannelFieldAliases.None;

    private readonly ChannelLocks _channelLocks = channelLocks ?? ChannelLocks.None;

    /// <summary>Whether the package uses a channel as a lock: its sends and receives are then looked at as lock operations too.</summary>
    public bool HasChannelLocks => !_channelLocks.IsEmpty;

    /// <summary>A mutex operation: a Lock or Unlock call (<see cref="LockPaths.OpOf"/>), or a send taking or receive giving
    /// back a channel used as a lock (<see cref="ChannelLocks"/>; not a select case, which the caller rules out).</summary>
    public LockOp? OpOf(Node n) => n is CallExpr call ? CallOp(call) : _channelLocks.OpOf(info, n, Aliases);

    /// <summary>A mutex's Lock or Unlock, or a keyed mutex's (<see cref="KeyedLocks"/>: `c.keyMutex.LockKey(vol)`).</summary>
    private LockOp? CallOp(CallExpr call) => LockPaths.OpOf(info, call, Aliases) ?? _keyed.OpOf(call, Aliases);

    /// <summary>Contexts that are never done: a select's case on their Done is never taken (<see cref="SelectWait"/>).</summary>
    public NeverDoneContexts? NeverDone { get; } = neverDone;

    /// <summary>Local variables that stand for a mutex path (`mu := &amp;s.mu`), for every mutex operation found here.</summary>
    public MutexAliases Aliases { get; } = aliases ?? MutexAliases.None;

    /// <summary>Whether a call's static callee is a function of this package, whose summary says what it does to a
    /// mutex handed to it (`lockHelper(&amp;s.mu)`).</summary>
    /// Only a parameter typed *sync.Mutex or *sync.RWMutex (or a sync.Locker every call gives a mutex, <see
    /// cref="MutexAliases.IsTrustedLocker"/>) of a function returning no function value: any other Locker parameter,
    /// or a returned closure (`unlock := unlockOnce(&amp;mu)`), may unlock it later, out of the summary's sight.
    public bool TakesMutexParameter(CallExpr call, int arg) =>
        Calls.Callee(info, call) is { Signature: { Variadic: false } sig } f && packageFunctions.Contains(f)
        && arg < sig.Params.Count && (LockFlow.IsMutexPointer(sig.Params[arg].Type) || Aliases.IsTrustedLocker(sig.Params[arg]))
        && !sig.Results.Vars.Any(r => r.Type.Underlying is SignatureType);

    /// <summary>The class (Type.field) of the channel an expression names: a field path (`s.events`), or a call of
    /// an accessor of the package that returns its receiver's channel field (`s.Events()`).</summary>
    public string? ChannelClassOf(Expr e) => (LockPaths.Of(info, e)?.Class is { } cls ? _channelAliases.Canonical(cls) : null) ?? accessors?.ClassOf(info, e) ?? elements?.ClassOf(info, e);

    /// <summary>A channel path with the class it stands for (<see cref="ChannelFieldAliases"/>).</summary>
    private LockPath? ChannelPath(Expr e) => LockPaths.Of(info, e) is { } p ? _channelAliases.Canonical(p) : null;

    /// <summary>The channel an accessor call returns (`s.Events()`, a method handing out a channel field, called directly
    /// or through an interface the package's one sink type implements), as a path named by its receiver and the call;
    /// null for anything else.</summary>
    private LockPath? AccessorPath(Expr e) =>
        Expr.Unparen(e) is CallExpr { Fun: SelectorExpr sel } && accessors?.ClassOf(info, e, throughInterfaces: true) is { } cls && LockPaths.ReceiverOf(info, sel, Aliases) is { } recv
            ? recv.Append("." + sel.Sel.Name + "()", cls, true)
            : null;

    /// <summary>The channel a receive reads, as a path: a variable or field (a variable naming an element of a class
    /// takes the class: a reply channel, a waiter kept in a map), or the result of a method returning an element of a
    /// class (`c.waiting.register(rv)`, named by its receiver's path and the call); null for anything else.</summary>
    public LockPath? ReceivedFrom(Expr x)
    {
        if (ChannelPath(x) is { } ch)
            return ch.Class == null && elements?.ClassOf(info, x) is { } element ? ch with { Class = element } : ch;
        if (Expr.Unparen(x) is CallExpr { Fun: SelectorExpr sel } call && elements?.ReturnedBy(info, call) is { } returned && LockPaths.ReceiverOf(info, sel, Aliases) is { } recv)
            return recv.Append("." + sel.Sel.Name + "()", returned, true);
        return ContextCancels.DonePath(x);
    }

    /// <summary>A channel's class, or for a local channel (no class) its variable's key.</summary>
    public string? ChannelIdOf(Expr e) => ChannelClassOf(e) ?? LockPaths.Of(info, e)?.Key;

    // One walker of nodes' events, reused across nodes (one package's events are found on one thread; a send's
    // value is walked before its own walk starts): a lambda here allocated a closure, a delegate and an inspector
    // for every CFG node of every package that locks.
    private EventWalk? _walk;

    /// <param name="selectComm">The node is a select case's communication: it blocks only with the select.</param>
    public List<LockEvent>? Of(Node node, bool selectComm = false)
    {
        switch (node)
        {
            case GoStmt:
                return null;
            case SendStmt send when !selectComm && _channelLocks.OpOf(info, send, Aliases) is { } acquire:
            {
                var acquireEvents = Of(send.Value) ?? [];
                acquireEvents.Add(new OpEvent(acquire));
                return acquireEvents;
            }
            case SendStmt send when !selectComm && (ChannelPath(send.Chan) ?? AccessorPath(send.Chan)) is { } ch:
            {
                // A subscriber's channel taken from the publisher's list is a send on that list's element class.
                if (ch.Class == null && elements?.ClassOf(info, send.Chan) is { } element) ch = ch with { Class = element };
                var sendEvents = Of(send.Value) ?? [];
                sendEvents.Add(new BlockEvent(BlockingKind.ChannelSend, ch, send));
                return sendEvents;
            }
            case DeferStmt d:
            {
                var inner = new List<LockEvent>();
                string? through = null;
                if (Expr.Unparen(d.Call.Fun) is FuncLit lit)
                {
                    through = "the deferred function literal";
                    inner.AddRange(OwnLocks(LiteralEvents(lit)));
                    UnlocksIn(lit.Body, inner);
                    SendsIn(lit.Body, inner);
                }
                else if (ReturnedClosure(d.Call) is var (maker, closure))
                {
                    through = $"the function {maker} returns";
                    inner.AddRange(OwnLocks(closure));
                }
                else inner.AddRange(CallEventsOf(d.Call));
                return inner.Count == 0 ? null : inner.ConvertAll(e => (LockEvent)new DeferredEvent(e, d) { Through = e is OpEvent { Op.Acquires: false } ? null : through });
            }
        }
        return (_walk ??= new EventWalk(this, info)).Run(node, selectComm);
    }

    /// <summary>The walk of Of over one node: a call's events after its arguments', a receive's, and the unlocks
    /// of a literal called in place. Through the package's node index, over calls, receives and literals only;
    /// its delegates are made once per LockEvents, not per node walked.</summary>
    private sealed class EventWalk
    {
        private readonly LockEvents _owner;
        private readonly TypeInfo _info;
        private readonly List<CallExpr> _calls = [];
        private readonly Func<Node, bool> _enter;
        private readonly Action<Node> _leave;
        private List<LockEvent>? _events;
        private bool _selectComm;

        public EventWalk(LockEvents owner, TypeInfo info)
        {
            _owner = owner;
            _info = info;
            _enter = Enter;
            _leave = Leave;
        }

        public List<LockEvent>? Run(Node node, bool selectComm)
        {
            _calls.Clear();
            _events = null;
            _selectComm = selectComm;
            _info.Nodes.Inspect(node, NodeKinds.CallExpr | NodeKinds.UnaryExpr | NodeKinds.FuncLit, _enter, _leave);
            var events = _events;
            _events = null;
            return events;
        }

        private bool Enter(Node n)
        {
            if (n is UnaryExpr { Op: Syntax.Token.Arrow } release && !_selectComm && _owner._channelLocks.OpOf(_info, release, _owner.Aliases) is { } op)
                (_events ??= []).Add(new OpEvent(op));
            else if (n is UnaryExpr { Op: Syntax.Token.Arrow } recv)
            {
                (_events ??= []).Add(new HandshakeEvent(recv));
                // Outside a select nothing else can end the wait: whoever sends or closes must come.
                if (!_selectComm && _owner.ReceivedFrom(recv.X) is { } ch) _events.Add(new BlockEvent(BlockingKind.ChannelReceive, ch, recv));
            }
            if (n is FuncLit lit)
            {
                // A literal called in place runs here; its unlocks count (its locks are its own business). Only the
                // calls are on the stack: the innermost call is the literal's parent when the literal is its Fun.
                if (_calls.Count > 0 && ReferenceEquals(_calls[^1].Fun, lit)) _owner.UnlocksIn(lit.Body, _events ??= []);
                return false;
            }
            if (n is CallExpr call) _calls.Add(call);
            return true;
        }

        private void Leave(Node n)
        {
            if (n is not CallExpr call) return;
            _calls.RemoveAt(_calls.Count - 1);
            foreach (var e in _owner.CallEventsOf(call)) (_events ??= []).Add(e);
            _owner.InlinedLiterals(call, ref _events);
        }
    }

    private IEnumerable<LockEvent> CallEventsOf(CallExpr call)
    {
        var events = CalleeEventsOf(call);
        // A write into an io.Pipe waits for its reader, whatever else the call runs (a broadcaster's list of writers).
        if (Pipes.WriteTarget(call) is { } pipe) events = events.Append(new BlockEvent(BlockingKind.PipeWrite, pipe, call));
        if (Conns.ReadTarget(call) is { } conn) events = events.Append(new BlockEvent(BlockingKind.ConnRead, conn, call));
        if (ShutdownTarget(call) is { } server) events = events.Append(new BlockEvent(BlockingKind.ServerShutdown, server, call));
        if (FormattedValues.Methods(info, call, packageFunctions) is { } implicitCalls)
            events = events.Concat(implicitCalls.Select(m => (LockEvent)new CallEvent(call, m.Method, LockPaths.Of(info, m.Value), [])
                { Implicit = $"{m.Method.Name}, which {FormattedValues.Printer(info, call)} calls to format {FormattedValues.Text(m.Value)}" }));
        return Expr.Unparen(call.Fun) is Ident id && info.ObjectOf(id) is Var fn && fn.Type.Underlying is SignatureType
            ? events.Prepend(new FuncVarCallEvent(call, fn)) : events;
    }

    /// <summary>The server `srv.Shutdown(ctx)` waits for, when the package knows its handlers and ctx is never done (a
    /// context that may end lets Shutdown return with ctx.Err() instead of waiting for ever).</summary>
    private LockPath? ShutdownTarget(CallExpr call) =>
        !Servers.IsEmpty && HttpServers.ShutdownReceiver(info, call) is { } recv && LockPaths.Of(info, recv, Aliases) is { } path
        && Servers.HandlersOf(path) is { Count: > 0 } && NeverDone?.Of(call.Args[0]) != null
            ? path : null;

    private IEnumerable<LockEvent> CalleeEventsOf(CallExpr call)
    {
        if (OnceDoEvents(call) is { } once) return once;
        // A trusted sync.Locker's Lock is a mutex's, not a call through an interface to follow.
        if (CallOp(call) is { } op) return [new OpEvent(op)];
        if (StdMethodCalls(call) is { } std) return std;
        // A call through a func-typed field, a local function variable or an interface-holding field whose values
        // are all known runs one of them: each is followed as a direct call (may-semantics, like a callee's summary).
        var through = Calls.Callee(info, call) is not { } named || named.Signature?.Recv?.Type.Underlying is InterfaceType;
        if (through && funcValues.TargetsOf(call) is { } targets)
        {
            var ownerExpr = funcValues.OwnerOf(call);
            var args = new LockPath?[call.Args.Count];
            for (var i = 0; i < args.Length; i++) args[i] = LockPaths.Of(info, call.Args[i]);
            var result = new List<LockEvent>();
            foreach (var t in targets)
            {
                if (t is { Literal: { } stored })
                {
                    // The literal runs here with the call's owner for the variable it was stored through, and the call's
                    // arguments for its parameters; what it waits on, it waits on here.
                    LockPath? owner = null;
                    if (stored.Base != null && (ownerExpr == null || (owner = LockPaths.Of(info, ownerExpr)) == null) || !_inlining.Add(stored.Literal))
                        return CallEventOf(call) is { } unsure ? [unsure] : [];
                    try { result.AddRange(LiteralEvents(stored.Literal, waits: true).Select(e => WithArguments(stored.Base == null ? e : Rebased(e, stored.Base, owner!), stored.Literal, args))); }
                    finally { _inlining.Remove(stored.Literal); }
                    continue;
                }
                if (t.Callee is not { } callee || Calls.IsStd(callee.Pkg)) continue;
                if (!packageFunctions.Contains(callee)) return CallEventOf(call) is { } opaque ? [opaque] : [];
                var recv = t.OwnerContainer != null && ownerExpr != null && LockPaths.Of(info, ownerExpr) is { } holder ? OwnerOfContainer(holder, t.OwnerContainer)
                    : t.BoundToOwner && ownerExpr != null ? LockPaths.Of(info, ownerExpr) : t.Receiver != null ? LockPaths.Of(info, t.Receiver) : null;
                result.Add(new CallEvent(call, callee, recv, args));
            }
            return result;
        }
        return CallEventOf(call) is { } e ? [e] : [];
    }

    /// <summary>The owner of the container (a field of class <paramref name="container"/>) that holds <paramref name="held"/>:
    /// a path `held^Type.field^`, which a caller that took held from such a container maps back to its owner
    /// (<see cref="MutexAliases.Rebase"/>); in the function's own terms it stays a path of its receiver or parameter.</summary>
    internal static LockPath OwnerOfContainer(LockPath held, string container) => held.Append("^" + container + "^", null, true);

    /// <summary>A select that waits as one: no default, and every case sends on or receives from a channel field (a
    /// class); null for any other. A case on the Done of a context that is never done (<paramref name="neverDone"/>) is
    /// never taken and left out: a select left with one case is that send or receive, made where its case is
    /// (<paramref name="key"/>, the first case kept).</summary>
    public static LockEvent? SelectWait(TypeInfo info, SelectStmt select, NeverDoneContexts? neverDone, out Node? key)
    {
        key = null;
        if (select.Body.List.Count < 2) return null;
        var alternatives = new List<BlockEvent>();
        foreach (var clause in select.Body.List)
        {
            if (neverDone != null && clause is CommClause cc && neverDone.DoneCase(cc) != null) continue;
            key ??= (clause as CommClause)?.Comm;
            var alternative = clause is CommClause { Comm: { } comm } ? comm switch
            {
                SendStmt send when LockPaths.Of(info, send.Chan) is { Class: not null } ch => new BlockEvent(BlockingKind.ChannelSend, ch, send),
                ExprStmt { X: var x } => Received(x),
                AssignStmt { Rhs: [var x] } => Received(x),
                _ => null,
            } : null;
            if (alternative == null) return null;
            alternatives.Add(alternative);
        }
        if (alternatives.Count == 0) return null;
        return alternatives.Count == 1 ? alternatives[0] : new SelectBlockEvent(alternatives, select);

        BlockEvent? Received(Expr x) => Expr.Unparen(x) is UnaryExpr { Op: Syntax.Token.Arrow } recv && LockPaths.Of(info, recv.X) is { Class: not null } ch
            ? new BlockEvent(BlockingKind.ChannelReceive, ch, recv) : null;
    }

    /// <summary>An event of a literal run by a call with the paths rooted at its parameters moved onto the call's
    /// arguments (a hook `func(s *Store) { s.Count() }` called as `h(st)` locks st's mutex).</summary>
    private LockEvent WithArguments(LockEvent e, FuncLit lit, LockPath?[] args)
    {
        var index = 0;
        foreach (var field in lit.Type.Params.List)
        {
            if (field.Type is Ellipsis) break;
            if (field.Names.Count == 0) index++;
            foreach (var name in field.Names)
            {
                if (index < args.Length && args[index] is { } arg && info.Defs.GetValueOrDefault(name) is Var pv) e = Rebased(e, pv, arg);
                index++;
            }
        }
        return e;
    }

    /// <summary>The field literals being inlined now: one that calls its own field again is not followed twice.</summary>
    private readonly HashSet<FuncLit> _inlining = new(ReferenceEqualityComparer.Instance);

    /// <summary>An event of an inlined literal with the paths rooted at <paramref name="from"/> moved onto
    /// <paramref name="to"/>.</summary>
    private static LockEvent Rebased(LockEvent e, Var from, LockPath to)
    {
        LockPath? P(LockPath? p) => p == null || !ReferenceEquals(p.Root, from) ? p
            : new LockPath(to.Root, to.Fields + p.Fields, p.Fields.Length == 0 ? to.Class : p.Class, to.Shared || p.Shared) { Indexes = [.. to.Indexes, .. p.Indexes] };
        return e switch
        {
            OpEvent o => o with { Op = o.Op with { Mutex = P(o.Op.Mutex)! } },
            CallEvent c => c with { Recv = P(c.Recv), Args = c.Args.Select(P).ToArray() },
            OpaqueEvent o => o with { Passed = o.Passed.Select(x => P(x)!).ToArray() },
            BlockEvent b => b with { Target = P(b.Target)! },
            SelectBlockEvent sb => sb with { Alternatives = sb.Alternatives.Select(a => (BlockEvent)Rebased(a, from, to)).ToList() },
            DeferredEvent d => d with { Inner = Rebased(d.Inner, from, to) },
            CallbackEvent cb => cb with { Call = (CallEvent)Rebased(cb.Call, from, to) },
            _ => e,
        };
    }

    private LockEvent? CallEventOf(CallExpr call)
    {
        if (CallOp(call) is { } op) return new OpEvent(op);
        if (WaitGroupCall(info, call, "Wait") is { } wg) return new BlockEvent(BlockingKind.WaitGroupWait, wg, call);
        if (CondCall(info, call, "Wait") is { } cond) return new BlockEvent(BlockingKind.CondWait, cond, call);
        if (Calls.BuiltinName(info, call) != null || Calls.IsConversion(info, call)) return null;
        if (Expr.Unparen(call.Fun) is FuncLit) return null;
        var callee = Calls.Callee(info, call);
        var sel = Expr.Unparen(call.Fun) as SelectorExpr;
        var isMethodExpr = sel != null && info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodExpr;
        if (callee != null && packageFunctions.Contains(callee) && !isMethodExpr)
        {
            var recv = callee.IsMethod && sel != null ? LockPaths.ReceiverOf(info, sel, Aliases) : null;
            var args = new LockPath?[call.Args.Count];
            for (var i = 0; i < args.Length; i++) args[i] = LockPaths.Of(info, call.Args[i]);
            return new CallEvent(call, callee, recv, args);
        }
        if (callee != null && Calls.IsStd(callee.Pkg)) return null;
        var passed = new List<LockPath>();
        // A method's receiver is handed to the callee; a function kept in a field (`s.onEvent()`) is given nothing.
        if (sel != null && !(info.Selections.TryGetValue(sel, out var fs) && fs.Kind == SelectionKind.FieldVal) && LockPaths.Of(info, sel.X) is { } x) passed.Add(x);
        foreach (var a in call.Args)
            if (LockPaths.Of(info, a) is { } p) passed.Add(p);
        return passed.Count == 0 ? null : new OpaqueEvent(passed.ToArray());
    }

    /// <summary>
    /// `o.Do(f)` holds o while f runs: a second Do on o, from f itself or from anything it calls, waits for the
    /// first to return, which is waiting for it (a lazily built value whose builder asks for the value). So Do is
    /// a Lock of o, then f's events (a literal's statements in source order, or the call of a named function or
    /// method value), then an Unlock of o.
    /// </summary>
    private List<LockEvent>? OnceDoEvents(CallExpr call)
    {
        if (call.Args.Count != 1 || Expr.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Do" } sel) return null;
        if (Calls.Callee(info, call)?.FullName != "(*sync.Once).Do" || LockPaths.ReceiverOf(info, sel, Aliases) is not { } once) return null;
        var events = new List<LockEvent> { new OpEvent(new LockOp(once, true, LockMode.Write, call)) };
        switch (Expr.Unparen(call.Args[0]))
        {
            case FuncLit lit:
                events.AddRange(LiteralEvents(lit));
                break;
            case Ident id when info.ObjectOf(id) is Func fn && packageFunctions.Contains(fn):
                events.Add(new CallEvent(call, fn, null, []));
                break;
            case SelectorExpr m when info.Selections.TryGetValue(m, out var s) && s.Kind == SelectionKind.MethodVal
                                     && s.Obj is Func { Declared: var fn } && packageFunctions.Contains(fn):
                events.Add(new CallEvent(call, fn, LockPaths.ReceiverOf(info, m, Aliases), []));
                break;
        }
        events.Add(new OpEvent(new LockOp(once, false, LockMode.Write, call)));
        return events;
    }

    /// <summary>
    /// A function literal handed to a function of the package that calls that parameter itself (not in a
    /// goroutine): `t.forEach(func(r *Rev) { t.Remove(r.Name) })` runs the literal during the call, so its locks
    /// and calls happen here, with whatever the caller holds. Its statements are taken in source order, as if
    /// straight-line (a lock under a condition in it counts, as a callee's may-acquire does); a deferred unlock
    /// in it runs at its end.
    /// </summary>
    private void InlinedLiterals(CallExpr call, ref List<LockEvent>? events)
    {
        if (CalledParameters(call) is not { } called) return;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (!called.Contains(i)) continue;
            var arg = Expr.Unparen(call.Args[i]);
            List<LockEvent> inLiteral;
            if (arg is FuncLit lit) inLiteral = LiteralEvents(lit);
            // A function or method value of the package handed to a callee that calls it (`r.each(r.drop)`).
            else if (PackageFunctionValue(arg) is { } value) inLiteral = [value with { Call = call }];
            else continue;
            if (inLiteral.Count == 0) continue;
            events ??= [];
            // The callee calls the literal with whatever it holds there.
            var holder = CallEventOf(call) as CallEvent;
            if (holder != null) events.Add(new CallbackEvent(holder, i, true));
            events.AddRange(inLiteral);
            if (holder != null) events.Add(new CallbackEvent(holder, i, false));
        }
    }

    /// <summary>A call event for `fn` or `x.method` used as a value: the function it runs, bound to x.</summary>
    private CallEvent? PackageFunctionValue(Expr e) => e switch
    {
        Ident id when info.ObjectOf(id) is Func f && packageFunctions.Contains(f) => new CallEvent(null!, f, null, []),
        SelectorExpr m when info.Selections.TryGetValue(m, out var s) && s.Kind == SelectionKind.MethodVal && s.Obj is Func { Declared: var f } && packageFunctions.Contains(f)
            => new CallEvent(null!, f, LockPaths.Of(info, m.X), []),
        _ => null,
    };

    /// <summary>The parameters the call's callee calls itself before it returns, or null: a function of the
    /// package (from its body), or a function of the standard library that calls its function argument in
    /// place (sort.Slice's less, sync.Map's Range, filepath.Walk's walker, ast.Inspect's visitor).</summary>
    private HashSet<int>? CalledParameters(CallExpr call) => CalledParameters(info, callsParams, call);

    /// <summary>The arguments (by index) the call's callee calls itself before it returns: a package function's
    /// parameters it calls (<paramref name="callsParams"/>, from <see cref="ParametersCalled"/>), or a std function's
    /// known callback (sort.Slice's less, filepath.Walk's walker); null when none or unknown.</summary>
    internal static HashSet<int>? CalledParameters(TypeInfo info, IReadOnlyDictionary<Func, HashSet<int>>? callsParams, CallExpr call)
    {
        if (Calls.Callee(info, call) is not { } callee) return null;
        if (callsParams != null && callsParams.TryGetValue(callee, out var called)) return called;
        return Calls.IsStd(callee.Pkg) && StdCallbacks.ArgumentCalledInPlace(callee.FullName) is { } index ? [index] : null;
    }

    /// <summary>Whether lit, an argument of call, runs during it: the callee calls that parameter itself.</summary>
    public bool RunsDuringCall(CallExpr call, FuncLit lit)
    {
        if (CalledParameters(call) is not { } called) return false;
        for (var i = 0; i < call.Args.Count; i++)
            if (ReferenceEquals(Expr.Unparen(call.Args[i]), lit)) return called.Contains(i);
        return false;
    }

    /// <summary>The events of a literal run in place: its statements in source order, as if straight-line, then
    /// its deferred unlocks (they run at its end).</summary>
    /// <param name="waits">Also its plain sends and receives and its selects that wait (<see cref="SelectWait"/>), outside
    /// nested literals: a literal stored in a place and called through it (`inf.waitForSync = func() { &lt;-inf.synced }`)
    /// waits where it is called.</param>
    private List<LockEvent> LiteralEvents(FuncLit lit, bool waits = false)
    {
        var deferred = new List<LockEvent>();
        var body = new List<LockEvent>();
        // Mutexes whose unlock is deferred: a second Lock of one of them, taken straight-line, is on another
        // branch (`if x { mu.Lock(); defer mu.Unlock(); return }; mu.Lock(); defer …`), or a self-deadlock the
        // literal's own flow reports.
        var unlockDeferred = new HashSet<string>(StringComparer.Ordinal);
        var kinds = NodeKinds.FuncLit | NodeKinds.GoStmt | NodeKinds.DeferStmt | NodeKinds.CallExpr;
        if (HasChannelLocks || waits) kinds |= NodeKinds.SendStmt | NodeKinds.UnaryExpr | NodeKinds.SelectStmt;
        // The communications of the selects seen: they wait only with their select.
        HashSet<Node>? comms = null;
        info.Nodes.Inspect(lit.Body, kinds, n =>
        {
            switch (n)
            {
                case FuncLit or GoStmt:
                    return false;
                case SelectStmt select when waits:
                    if (SelectWait(info, select, NeverDone, out _) is { } wait) body.Add(wait);
                    foreach (var clause in select.Body.List)
                        if (clause is CommClause { Comm: { } comm })
                        {
                            comms ??= new(ReferenceEqualityComparer.Instance);
                            comms.Add(comm is ExprStmt { X: var x } ? Expr.Unparen(x) : comm is AssignStmt { Rhs: [var r] } ? Expr.Unparen(r) : comm);
                        }
                    return true;
                case SelectStmt:
                    return false;
                case SendStmt or UnaryExpr when comms?.Contains(n) == true:
                    return true;
                case SendStmt or UnaryExpr when HasChannelLocks && _channelLocks.OpOf(info, n, Aliases) is { } chanOp:
                    body.Add(new OpEvent(chanOp));
                    return true;
                // Only waits on a channel of a class (a field, an element of one): a channel the literal captured from the
                // function that built it (a test hook's `<-proceed`) is no channel of its caller's. No handshake either: a
                // receive in a literal orders nothing of its caller's locks, as before waits were taken from literals.
                case SendStmt send when waits && ChannelPath(send.Chan) is { } sent:
                    if ((sent.Class ?? elements?.ClassOf(info, send.Chan)) is { } sentClass) body.Add(new BlockEvent(BlockingKind.ChannelSend, sent with { Class = sentClass }, send));
                    return true;
                case UnaryExpr { Op: Syntax.Token.Arrow } recv when waits:
                    if (ReceivedFrom(recv.X) is { Class: not null } from) body.Add(new BlockEvent(BlockingKind.ChannelReceive, from, recv));
                    return true;
                case DeferStmt d:
                    if (CallOp(d.Call) is { } dop)
                    {
                        deferred.Add(new OpEvent(dop));
                        unlockDeferred.Add(dop.Mutex.Key);
                    }
                    return false;
                case CallExpr c when CallOp(c) is { } op:
                    if (!(op.Acquires && unlockDeferred.Contains(op.Mutex.Key))) body.Add(new OpEvent(op));
                    return false;
                case CallExpr c:
                    body.AddRange(CallEventsOf(c));
                    return true;
            }
            return true;
        });
        body.AddRange(deferred);
        return body;
    }

    /// <summary>
    /// The calls a std function makes of the methods of its argument (<see cref="StdCallbacks.MethodsCalled"/>:
    /// `heap.Push(p.activeQ, x)` calls Less, Swap, Len and Push of p.activeQ; a template's Execute, the methods its
    /// constant text names on its data, <see cref="TemplateTexts"/>), each a call of the package's method on the argument.
    /// When the argument's static type is a type of the package, its method; when it is an interface (`fmt.Fprintf(l.out,
    /// ..)`, `errors.Is(err, ErrX)`), the methods of the concrete types the package's stores say it holds
    /// (<see cref="FuncValues.MethodsOn"/>), and none when that is unknown. Null when the call is no such std function.
    /// </summary>
    private List<LockEvent>? StdMethodCalls(CallExpr call)
    {
        // Asked of every call: the name first.
        if (Expr.Unparen(call.Fun) is not SelectorExpr { Sel.Name: var called } || !StdCallbacks.MayCallMethods(called)) return null;
        if (Calls.Callee(info, call) is not { } std || !Calls.IsStd(std.Pkg)) return null;
        int index;
        IReadOnlyList<string> names;
        Func<string, string> how;
        var pointerOnly = false;
        if (StdCallbacks.MethodsCalled(std.FullName) is var (argIndex, methods))
        {
            (index, names) = (argIndex, methods);
            how = name => $"{name}, which {StdName(std)} calls on {FormattedValues.Text(call.Args[index])}";
        }
        else if (StdCallbacks.TemplateData(std.FullName) is { } dataIndex && Expr.Unparen(call.Fun) is SelectorExpr { X: var template })
        {
            (index, names) = (dataIndex, _templates.MethodsCalled(template) ?? []);
            how = name => $"{name}, which {StdName(std)} calls for {{{{.{name}}}}} on {FormattedValues.Text(call.Args[index])}";
            // Only a method on a pointer receiver: one on a value receiver runs on a copy of the data, with its own mutex.
            pointerOnly = true;
        }
        else return null;
        var events = new List<LockEvent>();
        if (index >= call.Args.Count || info.TypeOf(call.Args[index]) is not { } t) return events;
        var arg = call.Args[index];
        if (t.Underlying is InterfaceType)
        {
            foreach (var name in names)
                foreach (var target in funcValues.MethodsOn(arg, name, optional: true) ?? [])
                    if (target.Callee is { } m && packageFunctions.Contains(m))
                        events.Add(new CallEvent(call, m, target.Receiver is { } r ? LockPaths.Of(info, r, Aliases) : null, []) { Implicit = how(name) });
            return events;
        }
        var recv = LockPaths.Of(info, arg, Aliases);
        foreach (var name in names)
            if (MemberLookup.Find(t, name, null) is { Obj: Func m, Index.Count: 1 } && packageFunctions.Contains(m)
                && (!pointerOnly || t.Underlying is PointerType && m.Signature?.Recv?.Type.Underlying is PointerType))
                events.Add(new CallEvent(call, m, recv, []) { Implicit = how(name) });
        return events;
    }

    /// <summary>A std function as a message names it: `json.Marshal`, or `json.Encoder.Encode` for a method.</summary>
    private static string StdName(Func std) =>
        std.Signature?.Recv?.Type is { } rt && (rt.Underlying is PointerType p ? p.Elem : rt) is NamedType owner
            ? $"{std.Pkg!.Name}.{owner.Obj.Name}.{std.Name}" : $"{std.Pkg!.Name}.{std.Name}";

    /// <summary>
    /// The closure a call of a package function returns, when the call is itself called (`c.track("op")()`): the function's
    /// name and the literal's events, with the function's receiver and parameters it captures replaced by the call's
    /// receiver and arguments. Only a function whose one return statement returns a literal, and which assigns neither its
    /// receiver nor its parameters; the events of mutexes the literal reaches from anything else are left out.
    /// </summary>
    private (string Maker, List<LockEvent> Events)? ReturnedClosure(CallExpr call)
    {
        if (declarations == null || Expr.Unparen(call.Fun) is not CallExpr maker || Calls.Callee(info, maker) is not { Signature: { Variadic: false } sig } f
            || !packageFunctions.Contains(f) || !declarations.TryGetValue(f, out var decl) || ReturnedLiteral(decl) is not { } lit) return null;
        var sel = Expr.Unparen(maker.Fun) as SelectorExpr;
        if (f.IsMethod && (sel == null || !info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.MethodVal)) return null;
        var moved = new Dictionary<Var, LockPath?>(ReferenceEqualityComparer.Instance);
        if (decl.Recv?.List is [{ Names: [var recvName] }] && info.Defs.GetValueOrDefault(recvName) is Var rv) moved[rv] = LockPaths.ReceiverOf(info, sel!, Aliases);
        var parameters = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
        LockFlow.IndexParameters(info, decl.Type, parameters);
        foreach (var (pv, i) in parameters) moved[pv] = i < maker.Args.Count ? LockPaths.Of(info, maker.Args[i], Aliases) : null;
        if (!_inlining.Add(lit)) return null;
        try
        {
            var events = new List<LockEvent>();
            foreach (var e in LiteralEvents(lit))
                switch (e)
                {
                    case OpEvent o:
                        if (Moved(o.Op.Mutex, moved, out var unnamed) is { } m) events.Add(o with { Op = o.Op with { Mutex = m } });
                        // A mutex of an argument we cannot name may be a caller's lock; the literal's own, or its function's, is not.
                        else if (!unnamed) return null;
                        break;
                    case CallEvent c:
                        events.Add(c with { Recv = c.Recv == null ? null : Moved(c.Recv, moved, out _), Args = c.Args.Select(a => a == null ? null : Moved(a, moved, out _)).ToArray() });
                        break;
                }
            return (f.Name, events);
        }
        finally { _inlining.Remove(lit); }
    }

    /// <summary>A path of the literal in the caller's terms: rooted at the function's receiver or a parameter, the call's;
    /// at a package variable, itself. Unnamed: rooted at a variable of the function or the literal (no caller can name it).</summary>
    private static LockPath? Moved(LockPath p, Dictionary<Var, LockPath?> moved, out bool unnamed)
    {
        unnamed = false;
        if (p.Indexes.Any(v => !LockPaths.IsGlobal(v))) return null;
        if (LockPaths.IsGlobal(p.Root)) return p;
        if (!moved.TryGetValue(p.Root, out var to))
        {
            unnamed = true;
            return null;
        }
        return to == null ? null : new LockPath(to.Root, to.Fields + p.Fields, p.Fields.Length == 0 ? to.Class : p.Class, to.Shared || p.Shared) { Indexes = to.Indexes };
    }

    private readonly Dictionary<FuncDecl, FuncLit?> _returnedLiterals = new(ReferenceEqualityComparer.Instance);

    /// <summary>The literal a function's one return statement returns, when it assigns neither its receiver nor its
    /// parameters (in the literal too); null otherwise.</summary>
    private FuncLit? ReturnedLiteral(FuncDecl decl)
    {
        if (_returnedLiterals.TryGetValue(decl, out var known)) return known;
        FuncLit? found = null;
        var returns = 0;
        if (decl.Body != null && decl.Type.Results?.List is [{ Names.Count: <= 1 }])
        {
            var own = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
            LockFlow.IndexParameters(info, decl.Type, own);
            if (decl.Recv?.List is [{ Names: [var recvName] }] && info.Defs.GetValueOrDefault(recvName) is Var rv) own[rv] = -1;
            var assigned = false;
            info.Nodes.Inspect(decl.Body, NodeKinds.ReturnStmt | NodeKinds.AssignStmt | NodeKinds.IncDecStmt | NodeKinds.UnaryExpr, (n, parents) =>
            {
                switch (n)
                {
                    case ReturnStmt r when !InLiteral(parents):
                        returns++;
                        found = r.Results.Count == 1 && Expr.Unparen(r.Results[0]) is FuncLit lit ? lit : null;
                        break;
                    case AssignStmt a when a.Lhs.Any(l => Expr.Unparen(l) is Ident id && info.ObjectOf(id) is Var v && own.ContainsKey(v)):
                    case IncDecStmt d when Expr.Unparen(d.X) is Ident did && info.ObjectOf(did) is Var dv && own.ContainsKey(dv):
                    case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is Ident addressed && info.ObjectOf(addressed) is Var av && own.ContainsKey(av):
                        assigned = true;
                        break;
                }
                return !assigned;
            });
            if (assigned || returns != 1) found = null;
        }
        return _returnedLiterals[decl] = found;

        static bool InLiteral(NodeIndex.Ancestors parents)
        {
            for (var i = 1; parents.Up(i) is { } up; i++)
                if (up is FuncLit) return true;
            return false;
        }
    }

    /// <summary>What a deferred function does that can matter at the return: its locks and its calls, when it unlocks
    /// no mutex it did not lock first (one that gives back the caller's lock is an unlock helper, found as before).</summary>
    private static List<LockEvent> OwnLocks(List<LockEvent> events)
    {
        var locked = new HashSet<string>(StringComparer.Ordinal);
        var own = new List<LockEvent>();
        foreach (var e in events)
            switch (e)
            {
                case OpEvent { Op: { Acquires: true } op }:
                    locked.Add(op.Mutex.Key);
                    own.Add(e);
                    break;
                case OpEvent { Op: var op }:
                    if (!locked.Contains(op.Mutex.Key)) return [];
                    break;
                case CallEvent:
                    own.Add(e);
                    break;
            }
        return own;
    }

    /// <summary>Per function of the package, the indices of its parameters it calls itself, outside goroutines
    /// and literals (a visitor, a `forEach` callback).</summary>
    public static Dictionary<Func, HashSet<int>> ParametersCalled(TypeInfo info, IEnumerable<(Func Func, FuncDecl Decl)> functions)
    {
        var result = new Dictionary<Func, HashSet<int>>(ReferenceEqualityComparer.Instance);
        foreach (var (f, decl) in functions)
        {
            var index = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
            LockFlow.IndexParameters(info, decl.Type, index);
            if (!index.Keys.Any(v => v.Type.Underlying is SignatureType) || decl.Body == null) continue;
            HashSet<int>? called = null;
            info.Nodes.Inspect(decl.Body, NodeKinds.FuncLit | NodeKinds.GoStmt | NodeKinds.CallExpr, n =>
            {
                if (n is FuncLit or GoStmt) return false;
                if (n is CallExpr { Fun: Ident id } && info.ObjectOf(id) is Var pv && index.TryGetValue(pv, out var at)) (called ??= []).Add(at);
                return true;
            });
            if (called != null) result[f] = called;
        }
        InterfaceMethodsCalling(info, result);
        return result;
    }

    /// <summary>
    /// Adds the methods of the package's interfaces whose every implementation in the package calls a function
    /// parameter itself: a call through the interface runs the caller's literal in place whichever of them it reaches
    /// (a task runner's `RunTask(name, f)` that checks for quiescence and calls `f()` on the caller's goroutine). A
    /// method with no implementation here, or one that starts the parameter in a goroutine (`RunAsyncTask`) or keeps
    /// it, adds nothing; only the parameters all of them call count.
    /// </summary>
    private static void InterfaceMethodsCalling(TypeInfo info, Dictionary<Func, HashSet<int>> result)
    {
        if (result.Count == 0) return;
        foreach (var obj in info.Defs.Values)
        {
            if (obj is not TypeName { Type: NamedType { Underlying: InterfaceType iface } }) continue;
            foreach (var m in iface.MethodSet)
            {
                if (result.ContainsKey(m) || m.Signature is not { } sig || !sig.Params.Vars.Any(p => p.Type.Underlying is SignatureType)) continue;
                HashSet<int>? common = null;
                foreach (var impl in Implementers.MethodsOf(info, iface, m.Name))
                {
                    if (!result.TryGetValue(impl.Declared, out var own))
                    {
                        common = [];
                        break;
                    }
                    if (common == null) common = [.. own];
                    else common.IntersectWith(own);
                }
                if (common is { Count: > 0 }) result[m] = common;
            }
        }
    }

    /// <summary>The WaitGroup of `wg.Method()` when it is a path we can name.</summary>
    public static LockPath? WaitGroupCall(TypeInfo info, CallExpr call, string method) =>
        Expr.Unparen(call.Fun) is SelectorExpr sel && sel.Sel.Name == method && Calls.Callee(info, call)?.FullName == $"(*sync.WaitGroup).{method}"
            ? LockPaths.ReceiverOf(info, sel) : null;

    /// <summary>The sync.Cond of `c.Method()` when it is a path we can name.</summary>
    public static LockPath? CondCall(TypeInfo info, CallExpr call, string method) =>
        Expr.Unparen(call.Fun) is SelectorExpr sel && sel.Sel.Name == method && Calls.Callee(info, call)?.FullName == $"(*sync.Cond).{method}"
            ? LockPaths.ReceiverOf(info, sel) : null;

    /// <summary>The class of the Cond a call signals (`c.Signal()`, `c.Broadcast()`), when it has one.</summary>
    public static string? CondSignalled(TypeInfo info, CallExpr call) =>
        (CondCall(info, call, "Signal") ?? CondCall(info, call, "Broadcast"))?.Class;

    /// <summary>The unlocks in a literal's body (not in literals inside it).</summary>
    /// <summary>The plain sends on channel fields of a deferred literal (`defer func() { tr.updates &lt;- name }()`), outside
    /// selects and nested literals: it runs at the return, before the defers registered above it.</summary>
    private void SendsIn(BlockStmt body, List<LockEvent> into) =>
        info.Nodes.Inspect(body, NodeKinds.FuncLit | NodeKinds.SelectStmt | NodeKinds.SendStmt, n =>
        {
            if (n is FuncLit or SelectStmt) return false;
            if (n is SendStmt send && ChannelPath(send.Chan) is { Class: not null } ch) into.Add(new BlockEvent(BlockingKind.ChannelSend, ch, send));
            return true;
        });

    private void UnlocksIn(BlockStmt body, List<LockEvent> into) =>
        info.Nodes.Inspect(body, NodeKinds.FuncLit | NodeKinds.CallExpr | (HasChannelLocks ? NodeKinds.UnaryExpr | NodeKinds.SelectStmt : 0), n =>
        {
            if (n is FuncLit or SelectStmt) return false;
            if (n is CallExpr or UnaryExpr && OpOf(n) is { Acquires: false } op) into.Add(new OpEvent(op));
            return true;
        });
}
