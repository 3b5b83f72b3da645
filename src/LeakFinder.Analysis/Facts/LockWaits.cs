using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>A blocking operation made while Held is held, when every function able to end it (Unblockers of
/// them; the first named, with the lock it takes) must take a lock of Held's class first.</summary>
public sealed record LockWait(LockBlocking Blocking, HeldLock Held, string Unblocker, Node UnblockerLock, int Unblockers);

/// <summary>
/// Lock held across a blocking operation that only lock takers can end. `wg.Wait()` while holding s.mu, when
/// every function of the package calling Done on a WaitGroup of that class takes a mutex of s.mu's class (a
/// worker that locks s.mu before its deferred Done); a send on an unbuffered channel while holding s.mu, when
/// every function receiving from that channel class in a loop takes s.mu's class inside that loop (the
/// receiver can be stuck on the lock between two receives); a receive from a field channel while holding
/// s.mu, when every function sending on or closing that channel class takes s.mu's class before it does (a
/// reader loop that locks per frame and closes readerDone when it ends). Classes, not instances: the worker of another
/// server is counted as this server's, which is why every unblocker must take the lock, not one of them.
/// </summary>
internal static class LockWaits
{
    public static List<LockWait> Find(IReadOnlyList<LockFlow> flows, IReadOnlySet<string> unbufferedChannels)
    {
        var result = new List<LockWait>();
        foreach (var flow in flows)
            foreach (var b in flow.Blocking)
            {
                List<LockFlow> unblockers;
                if (b.Target.Class is { } target)
                {
                    // A buffered channel takes sends without a receiver; a receive waits whatever the buffer.
                    if (b.Kind == BlockingKind.ChannelSend && !unbufferedChannels.Contains(target)) continue;
                    unblockers = flows.Where(f => !ReferenceEquals(f.Function, flow.Function) && Unblocks(f, b.Kind, target)).ToList();
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
                if (unblockers.Count == 0) continue;
                foreach (var held in b.Held)
                {
                    if (held.Path.Class is not { } cls) continue;
                    var locks = unblockers.Select(f => LockBeforeUnblocking(f, b.Kind, target, cls, held.Mode)).ToList();
                    if (locks.Any(l => l == null)) continue;
                    result.Add(new LockWait(b, held, unblockers[0].Name, locks[0]!, unblockers.Count));
                    break;
                }
            }
        return result;
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

/// <summary>Which channel classes (Type.field) are made unbuffered everywhere the package makes them:
/// `s.ch = make(chan T)`, `&amp;S{ch: make(chan T)}`. A class made nowhere in the package is unknown, not unbuffered.</summary>
internal static class ChannelBuffering
{
    public static IReadOnlySet<string> Unbuffered(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var unbuffered = new HashSet<string>(StringComparer.Ordinal);
        var buffered = new HashSet<string>(StringComparer.Ordinal);
        void Made(string? cls, Expr value)
        {
            if (cls == null || Expr.Unparen(value) is not CallExpr call || Calls.BuiltinName(info, call) != "make" || info.TypeOf(call)?.Underlying is not LeakFinder.Semantics.Types.ChanType) return;
            var zero = call.Args.Count < 2 || call.Args[1] is BasicLit { Value: "0" };
            (zero ? unbuffered : buffered).Add(cls);
        }
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl) continue;
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++) Made(LockPaths.Of(info, a.Lhs[i])?.Class, a.Rhs[i]);
                        break;
                    case CompositeLit lit when info.TypeOf(lit) is { } t && (t is NamedType ? t : null) is NamedType named:
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv) Made((named.Origin ?? named).Obj.Name + "." + key.Name, kv.Value);
                        break;
                }
                return true;
            });
        }
        unbuffered.ExceptWith(buffered);
        return unbuffered;
    }
}
