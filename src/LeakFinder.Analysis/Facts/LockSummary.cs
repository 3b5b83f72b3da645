using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A mutex in a function's own terms, so a caller can map it onto its arguments: reached from the receiver
/// (Param -1), from parameter Param, or from a package variable (Global), through Fields (".conn.mu").
/// </summary>
public sealed record LockRef(int Param, Var? Global, string Fields, string? Class)
{
    public string Key => Global != null ? $"g{Global.Pos}:{Global.Name}{Fields}" : $"p{Param}{Fields}";
}

/// <summary>Where a function acquires a mutex it did not release first: the Lock call (perhaps in a callee),
/// the chain of calls leading to it ("refresh → load"; empty when the function locks it itself), and Entry,
/// the call of the function that holds the Lock (null when that is this function).</summary>
public sealed record LockAcquire(LockRef Ref, LockMode Mode, CallExpr Site, string Via, CallExpr? Entry)
{
    /// <summary>The mutexes the function has unlocked on every path before this acquisition (a function entered
    /// with c.mu held that unlocks it, then locks another): no lock-order edge from them.</summary>
    public IReadOnlyList<LockRef> ReleasedBefore { get; init; } = [];
}

/// <summary>
/// What calling a function does to the mutexes its caller can name (receiver-, parameter- and
/// package-variable-relative), computed from its body and its callees' summaries:
/// <list type="bullet">
/// <item>Acquires: mutexes it may lock (itself or through a callee) before unlocking them: a caller already
/// holding one of them deadlocks there. A lock under a condition on a parameter (`if lock { mu.Lock() }`) or a
/// lock-named flag is left out: the caller may be the one that passes "already locked".</item>
/// <item>HeldAtExit: mutexes locked on every path to its returns and not unlocked by a defer (a lock helper).</item>
/// <item>Releases: mutexes it may unlock without having locked them (an unlock helper, a `fooLocked` that
/// drops the lock for a while): a caller no longer knows it holds them.</item>
/// </list>
/// </summary>
/// <summary>A wait a function may make (a receive from or send on a field channel outside a select, a WaitGroup's
/// Wait), itself or through the callees in Via: a caller holding a lock waits there with it held.</summary>
/// <summary>A mutex held (in Mode, locked at LockedAt) while a function calls one of its parameters.</summary>
public sealed record CallbackHold(LockRef Ref, LockMode Mode, Node LockedAt);

public sealed record LockBlock(BlockingKind Kind, LockRef Target, Node At, string Via);

/// <summary>A mutex a function may lock that its caller cannot name (a replica's mutex, the replica found in the
/// receiver's list), known by its class only: enough for the lock order, which is kept by class.</summary>
public sealed record ClassAcquire(LockPath Path, LockMode Mode, CallExpr Site, string Via)
{
    /// <summary>The mutexes (in the function's terms) it has unlocked on every path before this acquisition: a
    /// caller holding one of them does not hold it any more here (`sub.mu.Unlock(); nc.subsMu.Lock()`).</summary>
    public IReadOnlyList<LockRef> ReleasedBefore { get; init; } = [];
}

public sealed class LockSummary
{
    /// <summary>How many waits a summary keeps: enough for the few a helper makes, bounded for a dispatcher.</summary>
    public const int MaxBlocks = 8;

    public List<LockBlock> Blocks { get; } = [];

    public Dictionary<string, LockAcquire> Acquires { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (LockRef Ref, LockMode Mode)> HeldAtExit { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LockRef> Releases { get; } = new(StringComparer.Ordinal);

    /// <summary>By class, the mutexes it may lock that are not in Acquires (reached from its locals), at most
    /// <see cref="MaxClassAcquires"/>: lock-order edges from whatever a caller holds.</summary>
    public Dictionary<string, ClassAcquire> ClassAcquires { get; } = new(StringComparer.Ordinal);

    public const int MaxClassAcquires = 8;

    /// <summary>Per parameter the function calls (a visitor, a `Range(f)` callback), the mutexes it holds on every
    /// path to that call: a function literal passed there runs with them held (`r.Each(func(n string) {
    /// r.Remove(n) })` under Each's read lock).</summary>
    public Dictionary<int, List<CallbackHold>> CallbackHolds { get; } = [];

    public bool IsEmpty => Acquires.Count == 0 && HeldAtExit.Count == 0 && Releases.Count == 0;

    /// <summary>Same facts (keys and modes): the fixpoint over a recursive group of functions stops here.</summary>
    public bool SameAs(LockSummary other) =>
        Acquires.Count == other.Acquires.Count && HeldAtExit.Count == other.HeldAtExit.Count && Releases.Count == other.Releases.Count
        && Acquires.All(a => other.Acquires.TryGetValue(a.Key, out var b) && b.Mode == a.Value.Mode)
        && HeldAtExit.All(a => other.HeldAtExit.TryGetValue(a.Key, out var b) && b.Mode == a.Value.Mode)
        && Releases.Keys.All(other.Releases.ContainsKey) && Blocks.Count == other.Blocks.Count
        && ClassAcquires.Count == other.ClassAcquires.Count && ClassAcquires.Keys.All(other.ClassAcquires.ContainsKey)
        && CallbackHolds.Count == other.CallbackHolds.Count
        && CallbackHolds.All(h => other.CallbackHolds.TryGetValue(h.Key, out var o) && o.Count == h.Value.Count);
}
