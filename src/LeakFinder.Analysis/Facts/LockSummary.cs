using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A mutex in a function's own terms, so a caller can map it onto its arguments: reached from the receiver
/// (Param -1), from parameter Param, or from a package variable (Global), through Fields (".conn.mu").
/// </summary>
public sealed record LockRef(int Param, Var? Global, string Fields, string? Class)
{
    public string Key => (Global != null ? $"g{Global.Pos}:{Global.Name}{Fields}" : $"p{Param}{Fields}") + (IndexParams.Count == 0 ? "" : "@" + string.Join(",", IndexParams.Select(i => i.Param)));

    /// <summary>The parameters that index on the way (`s.shards[i]`, `c.keyMutex[vol]`), in order, with the name Fields
    /// spells each with: a caller's element is the one its argument there names.</summary>
    public IReadOnlyList<(int Param, string Name)> IndexParams { get; init; } = [];
}

/// <summary>A lock taken only when the bool parameter Param has Value: `if !locked { mu.Lock() }` is (locked, false),
/// the parameter saying whether the caller holds the lock already.</summary>
public sealed record AcquireGuard(int Param, bool Value);

/// <summary>Where a function acquires a mutex it did not release first: the Lock call (perhaps in a callee),
/// the chain of calls leading to it ("refresh → load"; empty when the function locks it itself), and Entry,
/// the call of the function that holds the Lock (null when that is this function).</summary>
public sealed record LockAcquire(LockRef Ref, LockMode Mode, Node Site, string Via, CallExpr? Entry)
{
    /// <summary>Taken only when a bool parameter has a value (<see cref="AcquireGuard"/>); null when taken whatever the
    /// arguments. A call passing that value as a constant takes it; one passing the other constant does not; one passing
    /// its own bool parameter makes its own acquisition guarded by that one; any other argument takes it or not, unknown,
    /// and is left out (the caller may be the one that passes "already locked").</summary>
    public AcquireGuard? When { get; init; }

    /// <summary>The mutexes the function has unlocked on every path before this acquisition (a function entered
    /// with c.mu held that unlocks it, then locks another): no lock-order edge from them.</summary>
    public IReadOnlyList<LockRef> ReleasedBefore { get; init; } = [];
}

/// <summary>
/// What calling a function does to the mutexes its caller can name (receiver-, parameter- and
/// package-variable-relative), computed from its body and its callees' summaries:
/// <list type="bullet">
/// <item>Acquires: mutexes it may lock (itself or through a callee) before unlocking them: a caller already
/// holding one of them deadlocks there. A lock under a condition on a bool parameter alone (`if !locked { mu.Lock() }`)
/// is kept with that condition (<see cref="LockAcquire.When"/>); under any other condition on a parameter or a
/// lock-named flag it is left out: the caller may be the one that passes "already locked".</item>
/// <item>HeldAtExit: mutexes locked on every path to its returns and not unlocked by a defer (a lock helper).</item>
/// <item>Releases: mutexes it may unlock without having locked them (an unlock helper, a `fooLocked` that
/// drops the lock for a while): a caller no longer knows it holds them.</item>
/// </list>
/// </summary>
/// <summary>A wait a function may make (a receive from or send on a field channel outside a select, a WaitGroup's
/// Wait), itself or through the callees in Via: a caller holding a lock waits there with it held.</summary>
/// <summary>A mutex held (in Mode, locked at LockedAt) while a function calls one of its parameters.</summary>
public sealed record CallbackHold(LockRef Ref, LockMode Mode, Node LockedAt);

public sealed record LockBlock(BlockingKind Kind, LockRef Target, Node At, string Via)
{
    /// <summary>A wait on a channel or WaitGroup the caller cannot name (`&lt;-c.exited` for c ranging over the receiver's
    /// containers), known by its class only: enough for the lock-held-while-waiting judgement, which is by class. The
    /// path is the callee's own; Target is then a placeholder keyed by the class.</summary>
    public LockPath? ByClass { get; init; }

    /// <summary>The mutexes (in the function's terms) it has unlocked on every path before the wait: a caller holding one
    /// of them does not hold it while waiting there (`mu.Unlock(); &lt;-s.ready; mu.Lock()` in a helper called with mu held).</summary>
    public IReadOnlyList<LockRef> ReleasedBefore { get; init; } = [];

    /// <summary>The block as a summary keeps it: in the function's terms when its target can be exported, else by class
    /// (a target with no class is dropped).</summary>
    public static LockBlock? Of(BlockingKind kind, LockPath target, LockRef? exported, Node at, string via) =>
        exported != null ? new LockBlock(kind, exported, at, via)
        : target.Class is { } cls ? new LockBlock(kind, new LockRef(int.MinValue, null, "#" + cls, cls), at, via) { ByClass = target }
        : null;
}

/// <summary>A mutex a function may lock that its caller cannot name (a replica's mutex, the replica found in the
/// receiver's list), known by its class only: enough for the lock order, which is kept by class.</summary>
public sealed record ClassAcquire(LockPath Path, LockMode Mode, Node Site, string Via)
{
    /// <summary>The mutexes (in the function's terms) it has unlocked on every path before this acquisition: a
    /// caller holding one of them does not hold it any more here (`sub.mu.Unlock(); nc.subsMu.Lock()`).</summary>
    public IReadOnlyList<LockRef> ReleasedBefore { get; init; } = [];
}

/// <summary>A mutex a function returns locked inside its result Result (`s.mu.Lock(); return s, nil`): reached from
/// that result through Fields (".mu"), held in Mode on every success return, locked at LockedAt. The caller holds it
/// from the call on, as if it had locked it there.</summary>
public sealed record LockedResult(int Result, string Fields, LockMode Mode, Node LockedAt)
{
    /// <summary>The mutex's class (`session.mu`): a caller's call that unlocks one of that class may give it back.</summary>
    public string? Class { get; init; }
}

public sealed class LockSummary
{
    /// <summary>How many waits a summary keeps: enough for the few a helper makes, bounded for a dispatcher.</summary>
    public const int MaxBlocks = 8;

    // Each kept in a field and handed out by reference: made on its first entry (most stay empty).
    private LazyList<LockBlock> _blocks;
    private LazyMap<string, LockAcquire> _acquires;
    private LazyMap<string, (LockRef Ref, LockMode Mode)> _heldAtExit;
    private LazyMap<string, LockRef> _releases;
    private LazyMap<string, ClassAcquire> _classAcquires;
    private LazyMap<int, List<CallbackHold>> _callbackHolds;
    private LazyList<LockedResult> _lockedResults;

    public ref LazyList<LockBlock> Blocks => ref _blocks;

    public ref LazyMap<string, LockAcquire> Acquires => ref _acquires;
    public ref LazyMap<string, (LockRef Ref, LockMode Mode)> HeldAtExit => ref _heldAtExit;
    public ref LazyMap<string, LockRef> Releases => ref _releases;

    /// <summary>By class, the mutexes it may lock that are not in Acquires (reached from its locals), at most
    /// <see cref="MaxClassAcquires"/>: lock-order edges from whatever a caller holds.</summary>
    public ref LazyMap<string, ClassAcquire> ClassAcquires => ref _classAcquires;

    public const int MaxClassAcquires = 8;

    /// <summary>Per parameter the function calls (a visitor, a `Range(f)` callback), the mutexes it holds on every
    /// path to that call: a function literal passed there runs with them held (`r.Each(func(n string) {
    /// r.Remove(n) })` under Each's read lock).</summary>
    public ref LazyMap<int, List<CallbackHold>> CallbackHolds => ref _callbackHolds;

    /// <summary>The results it returns with their mutex locked (<see cref="LockedResult"/>): a getter that locks what it
    /// hands out.</summary>
    public ref LazyList<LockedResult> LockedResults => ref _lockedResults;

    public bool IsEmpty => Acquires.Count == 0 && HeldAtExit.Count == 0 && Releases.Count == 0;

    /// <summary>Same facts (keys and modes): the fixpoint over a recursive group of functions stops here.</summary>
    public bool SameAs(LockSummary other)
    {
        if (Acquires.Count != other.Acquires.Count || HeldAtExit.Count != other.HeldAtExit.Count || Releases.Count != other.Releases.Count) return false;
        foreach (var (key, a) in Acquires)
            if (!other.Acquires.TryGetValue(key, out var b) || b.Mode != a.Mode || b.When != a.When) return false;
        foreach (var (key, a) in HeldAtExit)
            if (!other.HeldAtExit.TryGetValue(key, out var b) || b.Mode != a.Mode) return false;
        foreach (var key in Releases.Keys)
            if (!other.Releases.ContainsKey(key)) return false;
        if (Blocks.Count != other.Blocks.Count || ClassAcquires.Count != other.ClassAcquires.Count) return false;
        foreach (var key in ClassAcquires.Keys)
            if (!other.ClassAcquires.ContainsKey(key)) return false;
        if (CallbackHolds.Count != other.CallbackHolds.Count || LockedResults.Count != other.LockedResults.Count) return false;
        foreach (var (param, holds) in CallbackHolds)
            if (!other.CallbackHolds.TryGetValue(param, out var o) || o.Count != holds.Count) return false;
        return true;
    }
}
