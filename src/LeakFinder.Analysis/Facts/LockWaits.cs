using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>A blocking operation made while Held is held, when every function able to end it (Unblockers of
/// them; the first named, with the lock it takes) must take a lock of Held's class first. Capacity: for a
/// send, the channel's buffer (0 unbuffered: the send waits for a receiver every time; more: once it is full).</summary>
public sealed record LockWait(LockBlocking Blocking, HeldLock Held, string Unblocker, Node UnblockerLock, int Unblockers, int Capacity = 0)
{
    /// <summary>With ConsumerLeaves: the consumer's way to stop removes the channel from the list that keeps it (an
    /// Unsubscribe) rather than closing it.</summary>
    public bool ByRemoval { get; init; }

    /// <summary>The first unblocker's function (a declaration, or a literal a message names by its line).</summary>
    public Node? UnblockerFunction { get; init; }

    /// <summary>A send to consumers outside the package, whose way to stop (Unblocker, which closes the channel)
    /// takes the lock: a consumer that stops receiving and unsubscribes waits for the sender, which waits for it.</summary>
    public bool ConsumerLeaves { get; init; }

    /// <summary>With ConsumerLeaves: the channel is not handed out but brought by the package's callers (a parameter the
    /// field is filled from), whose goroutines consume it.</summary>
    public bool BroughtByCallers { get; init; }

    /// <summary>The unblocker takes no such lock itself, but the package calls it only with the lock held: the
    /// first caller that holds it (UnblockerLock is where).</summary>
    public string? CalledUnder { get; init; }

    /// <summary>CalledUnder takes the lock before its call of the unblocker but need not hold it at the call.</summary>
    public bool CalledAfterLock { get; init; }

    /// <summary>The unblocker is a task runner's goroutine (`RunWorker(f)` running `f()` before its Done), and the
    /// task that takes the lock is the literal this function hands it (UnblockerLock is where it locks).</summary>
    public string? TaskOf { get; init; }

    /// <summary>A send on a channel local to a function: its receivers take one value each, not in a loop.</summary>
    public bool LocalChannel { get; init; }

    /// <summary>With TaskOf: the call handing the task to the runner.</summary>
    public Node? TaskHanded { get; init; }

    /// <summary>The send takes a slot of a channel semaphore; Unblocker gives slots back.</summary>
    public bool Semaphore { get; init; }

    /// <summary>For a select whose every case waits on Unblocker: the select (Blocking is the case judged), and the
    /// channels of its cases.</summary>
    public Node? SelectAt { get; init; }
    public IReadOnlyList<string>? SelectCases { get; init; }

    /// <summary>The unblocker takes no lock of Held's class but another one first (UnblockerLock), which this third
    /// function holds while it takes Held's class: a cycle of three goroutines.</summary>
    public LockOrderEdge? Cycle { get; init; }
}

/// <summary>
/// Lock held across a blocking operation that only lock takers can end. `wg.Wait()` while holding s.mu, when
/// every function of the package calling Done on a WaitGroup of that class takes a mutex of s.mu's class (a
/// worker that locks s.mu before its deferred Done); a send on an unbuffered channel while holding s.mu, when
/// every function receiving from that channel class in a loop takes s.mu's class inside that loop (the
/// receiver can be stuck on the lock between two receives), and the same on a buffered channel, which blocks
/// once its buffer is full (a connection's outbox filled faster than its writer drains it); a receive from a field channel while holding
/// s.mu, when every function sending on or closing that channel class takes s.mu's class before it does (a
/// reader loop that locks per frame and closes readerDone when it ends). Classes, not instances: the worker of another
/// server is counted as this server's, which is why every unblocker must take the lock, not one of them.
/// </summary>
internal static partial class LockWaits
{
    /// <param name="written">The RWMutex classes the package write-locks (<see cref="LockEffects.WriteLocked"/>).</param>
    /// <param name="handedOut">Whether a channel class is handed to code outside the package (an exported accessor or field).</param>
    /// <param name="condLocks">The classes of the mutexes each Cond class is made with (its L, which Wait releases);
    /// a Cond class made nowhere in the package is missing.</param>
    /// <param name="callSites">The calls of the package's functions, for a signaller its callers run under a lock.</param>
    /// <param name="brought">Whether a channel class is filled only from what the package's callers pass in (<see cref="ChannelBuffering"/>).</param>
    /// <param name="handoff">Whether a send is made only after a test-and-set of a field (<see cref="HandoffSends"/>).</param>
    public static List<LockWait> Find(IReadOnlyList<LockFlow> flows, IReadOnlySet<string> written, IReadOnlyDictionary<string, int> capacities, Func<string, bool> handedOut, Func<string, bool> brought, Func<Node, bool> handoff,
        IReadOnlyDictionary<string, HashSet<string>> condLocks, CallSites callSites, TaskRunners? tasks = null, IReadOnlyList<LockOrderEdge>? edges = null,
        HttpServers? servers = null)
    {
        var result = new List<LockWait>();
        foreach (var flow in flows)
            foreach (var b in flow.Blocking)
            {
                var wait = b.Kind == BlockingKind.ServerShutdown ? ServerShutdown(flows, b, written, servers ?? HttpServers.None)
                    : b.Alternatives is { } alternatives
                    ? JudgeSelect(flows, flow, b, alternatives, capacities, handedOut, brought, handoff, condLocks, callSites, tasks, written)
                    : Judge(flows, flow, b, capacities, handedOut, brought, handoff, condLocks, callSites, tasks, written, out _, edges);
                if (wait != null) result.Add(wait);
            }
        return result;
    }

    /// <summary>
    /// A select with no default, every case a send or receive on a channel field, made under a lock: it waits while no
    /// case can go on. Reported when one case is such a wait (its every unblocker takes the lock first) and every other
    /// case is ended only by those same functions: once that goroutine waits for the lock, no case can go on (a Stop
    /// that selects on sending the loop's stop signal or on its done channel, under the lock the loop takes per request).
    /// </summary>
    private static LockWait? JudgeSelect(IReadOnlyList<LockFlow> flows, LockFlow flow, LockBlocking b, IReadOnlyList<(BlockingKind Kind, LockPath Target, Node At)> alternatives,
        IReadOnlyDictionary<string, int> capacities, Func<string, bool> handedOut, Func<string, bool> brought, Func<Node, bool> handoff, IReadOnlyDictionary<string, HashSet<string>> condLocks, CallSites callSites, TaskRunners? tasks, IReadOnlySet<string> written)
    {
        LockWait? found = null;
        var others = new List<List<LockFlow>?>();
        foreach (var (kind, target, at) in alternatives)
        {
            var one = b with { Kind = kind, Target = target, At = at, Alternatives = null };
            var wait = Judge(flows, flow, one, capacities, handedOut, brought, handoff, condLocks, callSites, tasks, written, out var unblockers);
            // A send to consumers outside the package is ended, once its consumer stops receiving, only by the
            // consumer's way to stop (moby's events: select on the subscriber's channel or on its done, which only
            // Evict closes, under the lock the publisher holds): it counts as a case those functions end.
            if (wait != null && !wait.ConsumerLeaves && wait.UnblockerFunction != null) found ??= wait;
            else others.Add(unblockers);
        }
        if (found == null) return null;
        foreach (var unblockers in others)
            if (unblockers is not { Count: > 0 } || unblockers.Exists(u => !ReferenceEquals(u.Function, found.UnblockerFunction))) return null;
        return found with { SelectAt = b.At, SelectCases = alternatives.Select(a => a.Target.Text).ToList() };
    }

    /// <summary>The wait one blocking operation is, or null; <paramref name="unblockers"/> the functions able to end it
    /// (null when that is not known).</summary>
    private static LockWait? Judge(IReadOnlyList<LockFlow> flows, LockFlow flow, LockBlocking b, IReadOnlyDictionary<string, int> capacities,
        Func<string, bool> handedOut, Func<string, bool> brought, Func<Node, bool> handoff, IReadOnlyDictionary<string, HashSet<string>> condLocks, CallSites callSites, TaskRunners? tasks, IReadOnlySet<string> written,
        out List<LockFlow>? unblockers, IReadOnlyList<LockOrderEdge>? edges = null)
    {
        unblockers = null;
        if (b.Kind == BlockingKind.PipeWrite) return PipeWrite(flows, flow, b, written);
        if (b.Kind == BlockingKind.ConnRead) return ConnRead(flows, flow, b, callSites, written);
        var capacity = 0;
        if (b.Kind == BlockingKind.CondWait)
        {
            // Wait releases the Cond's own mutex: only another lock held across it can be the one its
            // signallers wait for. A Cond made elsewhere has an unknown mutex: nothing to judge.
            if (b.Target.Class is not { } cond || !condLocks.TryGetValue(cond, out var own)) return null;
            unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && Unblocks(f, b.Kind, cond)).ToList();
            var others = b with { Held = b.Held.Where(h => h.Path.Class is not { } c || !own.Contains(c)).ToList() };
            var takenBefore = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            return unblockers.Count > 0 && HeldLockAllTake(others, unblockers, b.Kind, cond, callSites, written, takenBefore: takenBefore) is var (ch, cat, via)
                ? new LockWait(b, ch, unblockers[0].Name, cat, unblockers.Count) { UnblockerFunction = unblockers[0].Function, CalledUnder = via, CalledAfterLock = takenBefore.Contains(cat) }
                : null;
        }
        if (b.Target.Class is { } target)
        {
            // A send needs the channel's capacity known (every make of the class in the package a constant);
            // a receive waits whatever the buffer.
            // A channel handed to code outside the package (an exported accessor) has consumers we do not see: no semaphore.
            if (b.Kind == BlockingKind.ChannelSend && !handedOut(target) && SemaphoreAcquire(flows, flow, b, target, capacities, written) is { } slot) return slot;
            if (b.Kind == BlockingKind.ChannelSend && !capacities.TryGetValue(target, out capacity)) return null;
            // A handoff puts one value at a time in a buffer: it never fills.
            if (b.Kind == BlockingKind.ChannelSend && capacity > 0 && handoff(b.Inner ?? b.At)) return null;
            // The first send into a buffer the body has just made cannot wait either.
            if (b.Kind == BlockingKind.ChannelSend && capacity > 0 && b.Inner == null && FreshBuffers.Holds(b.FunctionNode, b.At)) return null;
            // A channel of consumers we do not see: ones outside the package, or the callers' own goroutines for a channel
            // they bring that nothing here receives from. Whatever its buffer, it fills once a consumer stops receiving.
            if (b.Kind == BlockingKind.ChannelSend && (handedOut(target) || brought(target) && !flows.Any(f => f.FieldReceives.Any(r => r.Class == target)))
                && ConsumerLeaving(flows, flow, b, target, written, callSites, capacity, out var closers) is { } leaving)
            {
                // Once the consumer stops receiving, only its way to stop ends the send (what a select asks).
                unblockers = closers;
                return leaving with { BroughtByCallers = !handedOut(target) };
            }
            // The waiting function itself counts when it also ends the wait on another path: it runs in several
            // goroutines at once (singleflight's do: the first caller closes c.done, the others wait on it).
            var self = b.Kind == BlockingKind.ChannelReceive;
            unblockers = flows.Where(f => (self || !ReferenceEquals(f.Function, flow.Function)) && Unblocks(f, b.Kind, target)).ToList();
            // ... when, on its unblocking path, it takes a held lock again after the wait's place (it locked to remove
            // the key, then closes): a lock taken only before (at entry, then released) was behind it already.
            if (self && unblockers.Exists(f => ReferenceEquals(f.Function, flow.Function)) && !RelocksBeforeSignal(flow, b, target))
                unblockers.RemoveAll(f => ReferenceEquals(f.Function, flow.Function));
            // A buffered channel the receivers take one value from and leave (a stop signal with room for it)
            // fills only once nobody receives any more: a send after the exit, not a wait on the lock.
            if (capacity != 0 && !unblockers.Any(f => f.ReceiveLoops.Exists(r => r.Class == target && !r.Last))) return null;
        }
        else if (b.Kind == BlockingKind.ChannelSend && b.Target.Fields.Length == 0 && LocalChannelScope(flows, b.Target.Key) is { } scope)
        {
            // An unbuffered local channel: only the functions of its scope (the one that makes it and the
            // literals in it) can receive, each after taking the lock it needs.
            target = b.Target.Key;
            var key = target;
            var (start, end) = (scope.Function.Pos().Value, scope.Function.End().Value);
            unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && f.Function.Pos().Value >= start && f.Function.End().Value <= end
                                          && f.LocalReceives.Exists(r => r.Key == key)).ToList();
        }
        else if (b.Kind is BlockingKind.WaitGroupWait or BlockingKind.ChannelReceive)
        {
            // A WaitGroup or channel local to the waiting function: only the literals it starts can call Done on
            // it, send on it or close it. A channel only when made unbuffered here: a buffered one (or one from
            // a pool) may hold the value the sender put there before the lock was taken (fasthttp's timeout
            // path receives under the lock only once the response was sent).
            if (b.Kind == BlockingKind.ChannelReceive && LocalChannelScope(flows, b.Target.Key) == null) return null;
            var (start, end) = (flow.Function.Pos().Value, flow.Function.End().Value);
            target = b.Target.Key;
            var key = target;
            unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && f.Function.Pos().Value > start && f.Function.End().Value <= end
                                          && (b.Kind == BlockingKind.WaitGroupWait ? f.DoneKeys.Contains(key) : f.Signals.Exists(s => s.Class == key))).ToList();
        }
        else return null;
        // A receive from a field channel is also ended by a sender or closer only the package calls, each caller taking
        // the lock first (a waiter set's release, called by Add after its write lock).
        var callers = b.Kind == BlockingKind.ChannelReceive && b.Target.Class != null ? callSites : null;
        if (unblockers.Count > 0 && HeldLockAllTake(b, unblockers, b.Kind, target, callers, written, takenBefore: new HashSet<Node>(ReferenceEqualityComparer.Instance)) is var (held, at, lockedBy))
            return new LockWait(b, held, unblockers[0].Name, at, unblockers.Count, capacity)
                { UnblockerFunction = unblockers[0].Function, LocalChannel = b.Kind == BlockingKind.ChannelSend && b.Target.Class == null, CalledUnder = lockedBy };
        if (unblockers.Count > 0 && b.Target.Class != null && edges is { Count: > 0 } && ThroughThirdLock(flow, b, unblockers, target, written, edges) is var (held3, at3, cycle))
            return new LockWait(b, held3, unblockers[0].Name, at3, unblockers.Count, capacity) { UnblockerFunction = unblockers[0].Function, Cycle = cycle };
        if (b.Kind == BlockingKind.WaitGroupWait && tasks != null && unblockers.Count == 1 && tasks.LockingTask(unblockers[0], b) is var (th, tat, task, handed))
            return new LockWait(b, th, unblockers[0].Name, tat, 1) { UnblockerFunction = unblockers[0].Function, TaskOf = task, TaskHanded = handed };
        return null;
    }

    /// <summary>
    /// A send taking a slot of a channel semaphore (buffered, every receive of its class in the package a release that
    /// throws the value away: `tm.slots &lt;- struct{}{}` ... `&lt;-tm.slots`) under a lock, when every other function giving
    /// a slot back takes that lock before it does: once every slot is held, the send waits for a holder, and each holder
    /// waits for the lock (docker's transfer manager dropping a transfer from its map before freeing the slot). The
    /// size need not be known: it only says how many holders it takes.
    /// </summary>
    private static LockWait? SemaphoreAcquire(IReadOnlyList<LockFlow> flows, LockFlow sender, LockBlocking b, string target, IReadOnlyDictionary<string, int> capacities,
        IReadOnlySet<string> written)
    {
        if (capacities.TryGetValue(target, out var capacity) && capacity == 0) return null;
        var releasers = new List<LockFlow>();
        foreach (var f in flows)
        {
            var released = false;
            foreach (var r in f.FieldReceives)
            {
                if (r.Class != target) continue;
                if (!r.Discarded) return null; // a value that matters: a queue, not a semaphore
                released = true;
            }
            if (released && !ReferenceEquals(f.Function, sender.Function)) releasers.Add(f);
        }
        if (releasers.Count == 0) return null;
        // Locked before every release of the function (a lock taken after the slot is back is no hindrance).
        return FirstHeldAllTake(b, releasers, written, (f, cls, mode) =>
                f.Acquired.Where(a => a.Class == cls && !(mode == LockMode.Read && a.Mode == LockMode.Read)).Select(a => a.At)
                    .FirstOrDefault(a => f.FieldReceives.Where(r => r.Class == target).All(r => a.Pos().Value < r.Pos)) is { } at ? (at, null) : null)
            is var (held, first, _)
            ? new LockWait(b, held, releasers[0].Name, first, releasers.Count, capacity) { UnblockerFunction = releasers[0].Function, Semaphore = true }
            : null;
    }

    /// <summary>
    /// How a held lock excludes the unblocker's: a read lock of an RWMutex the package also write-locks counts as
    /// exclusive, since once a writer waits, Go's RWMutex makes every new reader wait behind it (recursive read
    /// locking is forbidden for this reason): the unblocker's RLock waits for the writer, the writer for our RUnlock.
    /// </summary>
    private static LockMode Excluding(LockMode held, string cls, IReadOnlySet<string> written) =>
        held == LockMode.Read && written.Contains(cls) ? LockMode.Write : held;

    /// <summary>
    /// A lock held across the wait (L) that the unblockers do not take, when every unblocker takes another lock (M)
    /// before it can unblock, and a third function of the package takes L while holding M, directly or in a callee it
    /// calls (an acquisition deeper than that is left out, as lock-order inversions leave it): the unblocker waits for
    /// M, M's holder for L, and L's holder for the unblocker (serf's event loop takes the member lock between
    /// receives; Leave holds the member lock and asks memberlist for its member count, which takes the node lock that
    /// memberlist's join holds while it sends the event). Returns the held lock, where the first unblocker takes M,
    /// and the third side's edge.
    /// </summary>
    private static (HeldLock Held, Node At, LockOrderEdge Cycle)? ThroughThirdLock(LockFlow flow, LockBlocking b, List<LockFlow> unblockers, string target,
        IReadOnlySet<string> written, IReadOnlyList<LockOrderEdge> edges)
    {
        var heldClasses = new HashSet<string>(b.Held.Select(h => LockPaths.OrderClass(h.Path)).OfType<string>(), StringComparer.Ordinal);
        foreach (var held in b.Held)
        {
            if (LockPaths.OrderClass(held.Path) is not { } l || LockPaths.IsOnceDo(held.LockedAt)) continue;
            var heldMode = Excluding(held.Mode, l, written);
            foreach (var e in edges)
            {
                if (LockPaths.OrderClass(e.To) != l || LockPaths.OrderClass(e.Held.Path) is not { } m || heldClasses.Contains(m) || LockPaths.IsOnceDo(e.Held.LockedAt)) continue;
                if (heldMode == LockMode.Read && e.Wanted == LockMode.Read || e.Via.Contains('→') || e.Via.Contains('…')) continue;
                // A third goroutine: neither the waiter's function nor an unblocker, and not run under a lock the waiter holds.
                if (e.Function == flow.Name || unblockers.Exists(u => u.Name == e.Function) || e.Gates.Any(g => heldClasses.Contains(g.Class))) continue;
                var mMode = Excluding(e.Held.Mode, m, written);
                Node? first = null;
                foreach (var f in unblockers)
                {
                    if (LockBeforeUnblocking(f, b.Kind, target, m, mMode) is not { } at) { first = null; break; }
                    first ??= at;
                }
                if (first != null) return (held, first, e);
            }
        }
        return null;
    }

    private static bool RelocksBeforeSignal(LockFlow flow, LockBlocking b, string target) =>
        b.Held.Any(h => LockPaths.OrderClass(h.Path) is { } c && flow.Acquired.Any(a => a.Class == c && a.At.Pos().Value > b.At.Pos().Value
            && flow.Signals.Exists(s => s.Class == target && !s.Deferred && !s.Removal && s.End > a.At.Pos().Value)));

    /// <summary>The first lock held across the wait (its class known, not a Once) that every one of the functions
    /// able to end the wait takes before it can (for kind, as <see cref="LockBeforeUnblocking"/> judges), with
    /// where the first of them takes it.</summary>
    /// <param name="callers">When given, an unblocker that takes no such lock itself still counts when the package
    /// alone calls it, always with the lock held (a queue's Add, called only by a Sync that holds the controller's
    /// lock); Via names the first such caller.</param>
    /// <param name="takenBefore">When given, also count a caller that takes the lock before its call of the unblocker,
    /// even when it released it since (a raft loop's handleReady locks the replica, unlocks it, then commits and
    /// broadcasts): waiting for the lock, it never gets to the call. Such lock sites are added to the set.</param>
    private static (HeldLock Held, Node At, string? Via)? HeldLockAllTake(LockBlocking b, List<LockFlow> unblockers, BlockingKind kind, string target,
        CallSites? callers, IReadOnlySet<string> written, bool removals = false, HashSet<Node>? takenBefore = null) =>
        FirstHeldAllTake(b, unblockers, written, (f, cls, mode) =>
            LockBeforeUnblocking(f, kind, target, cls, mode, removals) is { } own ? (own, null)
            : callers != null && LockedByCallers(f, callers, cls, mode, 0, takenBefore) is var (at, via) ? (at, via)
            : null);

    /// <summary>The first lock held across the wait (its class known, not a Once) that takes says every unblocker takes
    /// (given the class and the mode it must exclude: <see cref="Excluding"/>), with where the first of them does.</summary>
    private static (HeldLock Held, Node At, string? Via)? FirstHeldAllTake(LockBlocking b, List<LockFlow> unblockers, IReadOnlySet<string> written,
        Func<LockFlow, string, LockMode, (Node At, string? Via)?> takes)
    {
        foreach (var held in b.Held)
        {
            if (LockPaths.OrderClass(held.Path) is not { } cls || LockPaths.IsOnceDo(held.LockedAt)) continue;
            var mode = Excluding(held.Mode, cls, written);
            (Node At, string? Via)? first = null;
            var all = true;
            foreach (var f in unblockers)
            {
                if (takes(f, cls, mode) is not { } taken) { all = false; break; }
                first ??= taken;
            }
            if (all && first is var (firstAt, firstVia)) return (held, firstAt, firstVia);
        }
        return null;
    }

    /// <summary>Where every call of f, a function only this package can call, runs with a lock of the class held
    /// (at the call, or taken before it by a caller that is itself called that way), and the first caller; null when
    /// one call runs without it, f has no caller here, is named other than in a call (`go q.Add(k)`, a method
    /// value), or code outside the package may call it.</summary>
    private static (Node At, string Via)? LockedByCallers(LockFlow f, CallSites callSites, string cls, LockMode mode, int depth, HashSet<Node>? takenBefore = null)
    {
        if (depth > 2 || callSites.AllCallsOf(f) is not { } calls) return null;
        (Node At, string Via)? first = null;
        foreach (var (caller, call) in calls)
        {
            var held = CallSites.HeldAt(caller, call).FirstOrDefault(h => h.Path.Class == cls && !(mode == LockMode.Read && h.Mode == LockMode.Read));
            if (held != null) first ??= (held.LockedAt, caller.Name);
            else if (takenBefore != null && TakenBefore(caller, call, cls, mode) is { } taken)
            {
                takenBefore.Add(taken);
                first ??= (taken, caller.Name);
            }
            else if (!ReferenceEquals(caller, f) && LockedByCallers(caller, callSites, cls, mode, depth + 1, takenBefore) is { } up) first ??= up;
            else return null;
        }
        return first;
    }

    /// <summary>Where the caller takes a lock of the class (excluding a reader of a read lock) before the call, in the
    /// call's own loop or before it in the body; null when it does not.</summary>
    private static Node? TakenBefore(LockFlow caller, CallExpr call, string cls, LockMode mode)
    {
        var pos = call.Pos().Value;
        foreach (var (c, at, m) in caller.Acquired)
            if (c == cls && !(mode == LockMode.Read && m == LockMode.Read) && at.Pos().Value < pos) return at;
        return null;
    }

    /// <summary>The lock classes (with their modes) held at every call of f, a function only this package calls, by
    /// the caller or, up the chain, by every caller of that caller; empty when one call holds none, f has no caller
    /// here, is named other than in a call, or code outside the package may call it.</summary>
    public static IReadOnlyList<(string Class, LockMode Mode)> HeldByEveryCaller(LockFlow f, CallSites callSites, int depth)
    {
        if (depth > 2 || callSites.AllCallsOf(f) is not { } calls) return [];
        List<(string Class, LockMode Mode)>? common = null;
        foreach (var (caller, call) in calls)
        {
            var here = CallSites.HeldAt(caller, call).Where(h => h.Path.Class != null).Select(h => (h.Path.Class!, h.Mode)).ToList();
            if (!ReferenceEquals(caller, f)) here.AddRange(HeldByEveryCaller(caller, callSites, depth + 1));
            // Held by every call; exclusively only when every call holds it exclusively.
            common = common == null ? here : common.Where(c => here.Exists(h => h.Item1 == c.Class))
                .Select(c => (c.Class, c.Mode == LockMode.Write && here.Exists(h => h.Item1 == c.Class && h.Mode == LockMode.Write) ? LockMode.Write : LockMode.Read)).ToList();
            if (common.Count == 0) return [];
        }
        return common ?? [];
    }

    /// <summary>
    /// An unbuffered send, under a lock, on a channel handed to consumers outside the package (a watcher's
    /// ResultChan), when every other function closing that channel class (the consumer's Stop) takes the lock
    /// first: a consumer that stops receiving and calls Stop waits for the lock, held by the send that waits for
    /// that consumer (the watch mux distributing to a watcher that is being stopped).
    /// </summary>
    private static LockWait? ConsumerLeaving(IReadOnlyList<LockFlow> flows, LockFlow sender, LockBlocking b, string target, IReadOnlySet<string> written,
        CallSites callSites, int capacity, out List<LockFlow> closers)
    {
        closers = flows.Where(f => !ReferenceEquals(f.Function, sender.Function) && f.Signals.Exists(s => s.Class == target && s.Close)).ToList();
        if (closers.Count == 0) return null;
        // The closers the consumer calls take the lock themselves; one the package calls only with the lock held (the
        // sender's own helper dropping a slow consumer) cannot run while the send waits either, but is no way to stop: it
        // is named only when no other is.
        var own = closers.Where(f => LockHeldAcross(b, f, target, written)).ToList();
        closers = [.. own, .. closers.Where(f => !own.Contains(f))];
        // Judged as a close ends a receive: the closer must take the lock before it closes.
        return HeldLockAllTake(b, closers, BlockingKind.ChannelReceive, target, callSites, written, removals: true) is var (held, _, _)
               && (own.Count > 0 ? LockBeforeUnblocking(own[0], BlockingKind.ChannelReceive, target, LockPaths.OrderClass(held.Path)!, Excluding(held.Mode, LockPaths.OrderClass(held.Path)!, written), removals: true) : null) is { } at
            ? new LockWait(b, held, closers[0].Name, at, own.Count, capacity)
            {
                ConsumerLeaves = true, UnblockerFunction = closers[0].Function,
                ByRemoval = closers[0].Signals.Exists(s => s.Class == target && s.Removal),
            }
            : null;
    }

    /// <summary>Whether the closer itself takes a lock held across the wait before it closes (or removes) the channel.</summary>
    private static bool LockHeldAcross(LockBlocking b, LockFlow closer, string target, IReadOnlySet<string> written) =>
        b.Held.Any(h => LockPaths.OrderClass(h.Path) is { } cls && !LockPaths.IsOnceDo(h.LockedAt)
                        && LockBeforeUnblocking(closer, BlockingKind.ChannelReceive, target, cls, Excluding(h.Mode, cls, written), removals: true) != null);

    /// <summary>The function that makes the local channel unbuffered (`ch := make(chan T)`, once), or null.</summary>
    private static LockFlow? LocalChannelScope(IReadOnlyList<LockFlow> flows, string key)
    {
        LockFlow? scope = null;
        foreach (var f in flows)
            if (f.LocalMakes.TryGetValue(key, out var capacity))
            {
                if (scope != null || capacity != 0) return null;
                scope = f;
            }
        return scope;
    }

    private static bool Unblocks(LockFlow f, BlockingKind kind, string target) => kind switch
    {
        BlockingKind.WaitGroupWait => f.DoneClasses.Contains(target),
        BlockingKind.ChannelReceive or BlockingKind.CondWait => f.Signals.Exists(s => s.Class == target && !s.Removal),
        _ => f.ReceiveLoops.Exists(r => r.Class == target),
    };

    /// <summary>Where the unblocker takes a lock of the class before it can unblock: anywhere in a function
    /// calling Done (a deferred Done runs last), inside the receiving loop for a channel.</summary>
    /// <param name="removals">Whether removing the channel from its list counts as the signal (a consumer's
    /// unsubscribe, for <see cref="ConsumerLeaving"/>); for any other wait only sends, closes and Cond signals end it.</param>
    private static Node? LockBeforeUnblocking(LockFlow f, BlockingKind kind, string target, string lockClass, LockMode held, bool removals = false)
    {
        foreach (var (cls, at, mode) in f.Acquired)
        {
            // Two read locks of an RWMutex do not exclude each other.
            if (cls != lockClass || held == LockMode.Read && mode == LockMode.Read) continue;
            var pos = at.Pos().Value;
            // A lock taken before the goroutine's own Add (martian's handleLoop locks to Add, so that Add and a
            // Wait under the same lock exclude each other): the goroutine is not counted yet, the Wait does not
            // wait for it.
            if (kind == BlockingKind.WaitGroupWait)
            {
                if (f.Adds.Exists(a => a.Id == target && a.Pos > pos)) continue;
                return at;
            }
            // A sender or closer that locks before it signals (or in the loop that signals) cannot get there.
            if (kind is BlockingKind.ChannelReceive or BlockingKind.CondWait)
            {
                if (f.Signals.Exists(s => s.Class == target && (removals || !s.Removal) && s.After(pos))) return at;
                continue;
            }
            if (f.ReceiveLoops.Exists(r => r.Class == target && pos >= r.Start && pos < r.End)
                && !f.ClosedBranches.Any(c => c.Class == target && pos >= c.Start && pos < c.End)) return at;
            // A receiver of a local channel that locks before every receive of it (or in the loop around each): a
            // receive before the lock (a handshake, then the lock) serves the send.
            if (f.LocalReceives.Exists(r => r.Key == target)
                && f.LocalReceives.TrueForAll(r => r.Key != target || pos < r.Pos || r.Loop != null && pos >= r.Loop.Pos().Value && pos < r.Loop.End().Value)) return at;
        }
        // A deferred call that locks runs before the defers above it: before a deferred Done or close.
        foreach (var (cls, at, mode) in f.DeferredAcquired)
        {
            if (cls != lockClass || held == LockMode.Read && mode == LockMode.Read) continue;
            var pos = at.Pos().Value;
            var before = kind switch
            {
                BlockingKind.WaitGroupWait => f.DeferredDone.Exists(d => d.Id == target && d.Pos < pos),
                BlockingKind.ChannelReceive or BlockingKind.CondWait => f.Signals.Exists(s => s.Class == target && (removals || !s.Removal) && s.Deferred && s.End < pos),
                _ => false,
            };
            if (before) return at;
        }
        return null;
    }
}

/// <summary>The mutexes each Cond class of the package is made with (`s.cond = sync.NewCond(&amp;s.mu)`,
/// `&amp;T{cond: sync.NewCond(&amp;t.mu)}`, `s.cond.L = &amp;s.mu`): the classes of the mutexes its Wait releases, empty
/// for one made with a mutex of its own (`sync.NewCond(&amp;sync.Mutex{})`). A Cond class made nowhere here is left out.</summary>
internal static class CondLocks
{
    public static IReadOnlyDictionary<string, HashSet<string>> Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        void Locker(string cond, Expr? locker)
        {
            if (!result.TryGetValue(cond, out var set)) result[cond] = set = new HashSet<string>(StringComparer.Ordinal);
            if (locker == null) return; // sync.Cond{} with no L yet: given one elsewhere
            locker = Expr.Unparen(locker);
            // `rw.RLocker()` locks rw's read side.
            if (locker is CallExpr { Fun: SelectorExpr { Sel.Name: "RLocker" } rl, Args.Count: 0 }) locker = rl.X;
            if (LockPaths.Of(info, locker)?.Class is { } mutex) set.Add(mutex);
            else if (!IsFreshMutex(locker)) unknown.Add(cond); // a parameter, a call: we cannot name what Wait releases
        }
        void Made(string? cls, Expr value)
        {
            if (cls == null) return;
            value = Expr.Unparen(value);
            if (value is UnaryExpr { Op: Syntax.Token.And } addr) value = Expr.Unparen(addr.X);
            if (value is CallExpr call && Calls.Callee(info, call)?.FullName == "sync.NewCond" && call.Args.Count == 1) Locker(cls, call.Args[0]);
            else if (value is CompositeLit lit && info.TypeOf(lit) is { } t && IsCond(t))
                Locker(cls, lit.Elts.OfType<KeyValueExpr>().FirstOrDefault(kv => kv.Key is Ident { Name: "L" })?.Value);
        }
        bool IsFreshMutex(Expr e)
        {
            e = Expr.Unparen(e);
            if (e is UnaryExpr { Op: Syntax.Token.And } a) e = Expr.Unparen(a.X);
            return e is CompositeLit or CallExpr { Fun: Ident { Name: "new" } } && LockFlow.IsMutex(info.TypeOf(e) is PointerType p ? p.Elem : info.TypeOf(e));
        }
        FieldValues.ForEach(info, functions, _ => true, (cls, target, value, _) =>
        {
            // `s.cond.L = &s.mu`: the Cond's class is the path without its L.
            if (target is SelectorExpr { Sel.Name: "L" } l && info.TypeOf(l.X) is { } ct && IsCond(ct) && LockPaths.Of(info, l.X)?.Class is { } lc) Locker(lc, value);
            else Made(cls, value);
        });
        foreach (var cond in unknown) result.Remove(cond);
        // Wait releases the Cond's own L, however the package reaches it (`q.cond.L.Lock()` names `Queue.cond.L`).
        foreach (var (cond, set) in result) set.Add(cond + ".L");
        return result;
    }

    /// <summary>A sync.Cond or a pointer to one.</summary>
    public static bool IsCond(GoType t) =>
        (t.Underlying is PointerType p ? p.Elem : t) is NamedType { Obj: { Name: "Cond", Pkg.Path: "sync" } };
}

/// <summary>The values the package's functions give to fields: `x.f = v` (f named by class, as <see cref="LockPaths"/>
/// does) and `T{f: v}`. Only values that pass the filter are named (naming a target builds a string).</summary>
internal static class FieldValues
{
    /// <param name="visit">The field's class (null when the target has none), the assignment's target (null in a
    /// literal), the value, and the field's declared type.</param>
    public static void ForEach(TypeInfo info, IReadOnlyList<FunctionBody> functions, Func<Expr, bool> filter, Action<string?, Expr?, Expr, GoType?> visit) =>
        ForEach(info, functions, filter, (_, cls, target, value, type) => visit(cls, target, value, type));

    /// <param name="visit">As above, with the function whose body gives the value first.</param>
    public static void ForEach(TypeInfo info, IReadOnlyList<FunctionBody> functions, Func<Expr, bool> filter, Action<FunctionBody, string?, Expr?, Expr, GoType?> visit)
    {
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl) continue;
            info.Nodes.Inspect(fn.Body, NodeKinds.AssignStmt | NodeKinds.CompositeLit, n =>
            {
                switch (n)
                {
                    case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (filter(a.Rhs[i])) visit(fn, LockPaths.Of(info, a.Lhs[i])?.Class, Expr.Unparen(a.Lhs[i]), a.Rhs[i], info.TypeOf(a.Lhs[i]));
                        break;
                    case CompositeLit lit when info.TypeOf(lit) is NamedType named:
                        var st = named.Underlying as Semantics.Types.StructType;
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv && filter(kv.Value))
                                visit(fn, (named.Origin ?? named).Obj.Name + "." + key.Name, null, kv.Value, st?.Fields.FirstOrDefault(f => f.Name == key.Name)?.Type);
                        break;
                }
                return true;
            });
        }
    }
}
