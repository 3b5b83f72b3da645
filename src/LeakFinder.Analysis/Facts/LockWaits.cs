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
    /// <summary>The first unblocker's function (a declaration, or a literal a message names by its line).</summary>
    public Node? UnblockerFunction { get; init; }

    /// <summary>A send to consumers outside the package, whose way to stop (Unblocker, which closes the channel)
    /// takes the lock: a consumer that stops receiving and unsubscribes waits for the sender, which waits for it.</summary>
    public bool ConsumerLeaves { get; init; }
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
internal static class LockWaits
{
    /// <param name="handedOut">Whether a channel class is handed to code outside the package (an exported accessor or field).</param>
    public static List<LockWait> Find(IReadOnlyList<LockFlow> flows, IReadOnlyDictionary<string, int> capacities, Func<string, bool> handedOut)
    {
        var result = new List<LockWait>();
        foreach (var flow in flows)
            foreach (var b in flow.Blocking)
            {
                List<LockFlow> unblockers;
                var capacity = 0;
                if (b.Target.Class is { } target)
                {
                    // A send needs the channel's capacity known (every make of the class in the package a constant);
                    // a receive waits whatever the buffer.
                    if (b.Kind == BlockingKind.ChannelSend && !capacities.TryGetValue(target, out capacity)) continue;
                    unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && Unblocks(f, b.Kind, target)).ToList();
                    // A buffered channel the receivers take one value from and leave (a stop signal with room for it)
                    // fills only once nobody receives any more: a send after the exit, not a wait on the lock.
                    if (capacity > 0 && !unblockers.Any(f => f.ReceiveLoops.Exists(r => r.Class == target && !r.Last))) continue;
                }
                else if (b.Kind is BlockingKind.WaitGroupWait or BlockingKind.ChannelReceive)
                {
                    // A WaitGroup or channel local to the waiting function: only the literals it starts can call Done on
                    // it, send on it or close it.
                    var (start, end) = (flow.Function.Pos().Value, flow.Function.End().Value);
                    target = b.Target.Key;
                    var key = target;
                    unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && f.Function.Pos().Value > start && f.Function.End().Value <= end
                                                  && (b.Kind == BlockingKind.WaitGroupWait ? f.DoneKeys.Contains(key) : f.Signals.Exists(s => s.Class == key))).ToList();
                }
                else continue;
                if (b.Kind == BlockingKind.ChannelSend && capacity == 0 && b.Target.Class is { } sent && handedOut(sent) && ConsumerLeaving(flows, flow, b, sent) is { } leaving)
                {
                    result.Add(leaving);
                    continue;
                }
                if (unblockers.Count > 0 && HeldLockAllTake(b, unblockers, b.Kind, target) is var (held, at))
                    result.Add(new LockWait(b, held, unblockers[0].Name, at, unblockers.Count, capacity) { UnblockerFunction = unblockers[0].Function });
            }
        return result;
    }

    /// <summary>The first lock held across the wait (its class known, not a Once) that every one of the functions
    /// able to end the wait takes before it can (for kind, as <see cref="LockBeforeUnblocking"/> judges), with
    /// where the first of them takes it.</summary>
    private static (HeldLock Held, Node At)? HeldLockAllTake(LockBlocking b, List<LockFlow> unblockers, BlockingKind kind, string target)
    {
        foreach (var held in b.Held)
        {
            if (held.Path.Class is not { } cls || LockPaths.IsOnceDo(held.LockedAt)) continue;
            var locks = unblockers.Select(f => LockBeforeUnblocking(f, kind, target, cls, held.Mode)).ToList();
            if (locks.All(l => l != null)) return (held, locks[0]!);
        }
        return null;
    }

    /// <summary>
    /// An unbuffered send, under a lock, on a channel handed to consumers outside the package (a watcher's
    /// ResultChan), when every other function closing that channel class (the consumer's Stop) takes the lock
    /// first: a consumer that stops receiving and calls Stop waits for the lock, held by the send that waits for
    /// that consumer (the watch mux distributing to a watcher that is being stopped).
    /// </summary>
    private static LockWait? ConsumerLeaving(IReadOnlyList<LockFlow> flows, LockFlow sender, LockBlocking b, string target)
    {
        var closers = flows.Where(f => !ReferenceEquals(f.Function, sender.Function) && f.Signals.Exists(s => s.Class == target && s.Close)).ToList();
        // Judged as a close ends a receive: the closer must take the lock before it closes.
        return closers.Count > 0 && HeldLockAllTake(b, closers, BlockingKind.ChannelReceive, target) is var (held, at)
            ? new LockWait(b, held, closers[0].Name, at, closers.Count) { ConsumerLeaves = true, UnblockerFunction = closers[0].Function }
            : null;
    }

    private static bool Unblocks(LockFlow f, BlockingKind kind, string target) => kind switch
    {
        BlockingKind.WaitGroupWait => f.DoneClasses.Contains(target),
        BlockingKind.ChannelReceive => f.Signals.Exists(s => s.Class == target),
        _ => f.ReceiveLoops.Exists(r => r.Class == target),
    };

    /// <summary>Where the unblocker takes a lock of the class before it can unblock: anywhere in a function
    /// calling Done (a deferred Done runs last), inside the receiving loop for a channel.</summary>
    private static Node? LockBeforeUnblocking(LockFlow f, BlockingKind kind, string target, string lockClass, LockMode held)
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
            if (kind == BlockingKind.ChannelReceive)
            {
                if (f.Signals.Exists(s => s.Class == target && s.After(pos))) return at;
                continue;
            }
            if (f.ReceiveLoops.Exists(r => r.Class == target && pos >= r.Start && pos < r.End)) return at;
        }
        // A deferred call that locks runs before the defers above it: before a deferred Done or close.
        foreach (var (cls, at, mode) in f.DeferredAcquired)
        {
            if (cls != lockClass || held == LockMode.Read && mode == LockMode.Read) continue;
            var pos = at.Pos().Value;
            var before = kind switch
            {
                BlockingKind.WaitGroupWait => f.DeferredDone.Exists(d => d.Id == target && d.Pos < pos),
                BlockingKind.ChannelReceive => f.Signals.Exists(s => s.Class == target && s.Deferred && s.End < pos),
                _ => false,
            };
            if (before) return at;
        }
        return null;
    }
}

/// <summary>The capacity of each channel class (Type.field) every make of which in the package has a constant
/// capacity, the largest when they differ: `s.ch = make(chan T)` (0), `&amp;S{out: make(chan T, 16)}`. A class made
/// nowhere in the package, or anywhere with a computed capacity, is unknown and left out.</summary>
internal static class ChannelBuffering
{
    public static IReadOnlyDictionary<string, int> Capacities(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var capacities = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        bool MakesChannel(Expr value) =>
            Expr.Unparen(value) is CallExpr call && Calls.BuiltinName(info, call) == "make" && info.TypeOf(call)?.Underlying is LeakFinder.Semantics.Types.ChanType;
        void Made(string? cls, Expr value)
        {
            if (cls == null) return;
            var call = (CallExpr)Expr.Unparen(value);
            int? capacity = call.Args.Count < 2 ? 0
                : info.Types.TryGetValue(call.Args[1], out var tv) && tv.Value?.AsInt is { } k && k >= 0 && k < 1 << 20 ? (int)k : null;
            if (capacity is not { } c) unknown.Add(cls);
            else capacities[cls] = Math.Max(c, capacities.GetValueOrDefault(cls));
        }
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl) continue;
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                        // The value first: naming the target (a string per path) is only worth it for a make(chan).
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (MakesChannel(a.Rhs[i])) Made(LockPaths.Of(info, a.Lhs[i])?.Class, a.Rhs[i]);
                        break;
                    case CompositeLit lit when info.TypeOf(lit) is NamedType named:
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv && MakesChannel(kv.Value)) Made((named.Origin ?? named).Obj.Name + "." + key.Name, kv.Value);
                        break;
                }
                return true;
            });
        }
        foreach (var cls in unknown) capacities.Remove(cls);
        return capacities;
    }
}
