using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5003: a goroutine locks a mutex it already holds, itself or through a chain of calls of the package
/// (`s.mu.Lock(); s.refresh()` where refresh locks s.mu): sync mutexes are not reentrant, so it waits for
/// itself for ever. RLock then Lock of an RWMutex deadlocks the same way; a recursive RLock deadlocks once
/// a writer waits between the two. Docs: docs/rules/LF5003.md.
/// </summary>
public sealed partial class LF5003MutexRelocked : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5003", "mutex-relocked", RuleCategory.Deadlock, Severity.Error,
        "A mutex is locked again, directly or by a callee, while the goroutine already holds it")
    {
        Since = "0.3",
        Summary = "a mutex locked again while held, directly or through a chain of the package's calls (method values, callback fields, hooks stored as literals, interfaces, the methods heap, sort, fmt, errors.Is and templates call); a keyed mutex's key locked again; a `locked` flag passed false with the lock held; a closure deferred after the deferred unlock that locks; `Lock` after `RLock`, recursive `RLock`; a loop's lock kept by a `continue` or a deferred unlock; a capacity-one channel used as a lock taken again; a counting semaphore's holder taking a second slot",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [LockEffects.Analysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        // Many callers holding the lock may reach one locking call: report the first (in source order) and
        // list the others, since fixing that call (or the function making it) fixes them all.
        var groups = new Dictionary<Syntax.Ast.Node, List<LockConflict>>(ReferenceEqualityComparer.Instance);
        var order = new List<List<LockConflict>>();
        var effects = pass.ResultOf(LockEffects.Analysis);
        CheckCountingSemaphores(pass, effects.ChannelLockClasses);
        // A call through an interface or a function value with several targets reaches the same lock once per target.
        var seen = new HashSet<(Syntax.Ast.Node, Syntax.Ast.Node)>();
        foreach (var c in effects.Conflicts)
        {
            if (OnlyThisGoroutineCanWrite(c)) continue;
            if (c.Entry != null && !ReferenceEquals(c.Entry, c.At) && !seen.Add((c.At, c.Held.LockedAt))) continue;
            var key = (Syntax.Ast.Node?)c.Entry ?? c.At;
            if (!groups.TryGetValue(key, out var g))
            {
                groups[key] = g = [];
                order.Add(g);
            }
            // A literal's conflict is found in its own flow and again where the literal runs: once is enough.
            if (!g.Exists(o => ReferenceEquals(o.At, c.At) && ReferenceEquals(o.Held.LockedAt, c.Held.LockedAt))) g.Add(c);
        }
        SharedParentLocks? shared = null;
        foreach (var group in order)
        {
            group.Sort((a, b) => a.At.Pos().Value.CompareTo(b.At.Pos().Value));
            var c = group[0];
            if (c.AroundLoop)
            {
                ReportAroundLoop(pass, c);
                continue;
            }
            if (LockPaths.IsOnceDo(c.Held.LockedAt))
            {
                ReportOnce(pass, c, group);
                continue;
            }
            if (effects.IsChannelLock(c.Held.Path))
            {
                ReportChannelLock(pass, c, group);
                continue;
            }
            var m = c.Held.Path.Text;
            var heldLine = pass.Line(c.Held.LockedAt);
            var direct = c.Via.Length == 0;
            var heldHow = c.Held.Mode == LockMode.Read ? "read-locked" : "locked";
            var what = direct ? $"{m} is {(c.Wanted == LockMode.Read ? "read-locked" : "locked")} again here" : $"this call reaches {Verb(c.Wanted)} of {m} (through {c.Via})";
            var why = (c.Held.Mode, c.Wanted) switch
            {
                (LockMode.Read, LockMode.Read) =>
                    "a recursive RLock: if a writer calls Lock between the two, it waits for the first read lock and holds back new readers, so this RLock waits for the writer and the writer for this goroutine, a deadlock as soon as a writer waits; take the read lock once",
                (LockMode.Read, LockMode.Write) =>
                    "Lock waits until every reader has left, this goroutine's own read lock included, so it deadlocks every time; release the read lock first (and re-check what it guarded)",
                _ => direct
                    ? "sync mutexes are not reentrant, so the goroutine waits for itself for ever; unlock before locking again"
                    : "sync mutexes are not reentrant, so the goroutine waits for itself for ever; call it after unlocking, or call a variant that expects the lock held",
            };
            var related = new List<RelatedLocation>();
            if (c.UnlockDeferredAt != null) what = $"this deferred call reaches {Verb(c.Wanted)} of {m} (through {c.Via})";
            if (c.Held is { Holder: { } holder, HolderLockedAt: { } holderLock })
            {
                related.Add(new RelatedLocation(pass.Span(holderLock), $"{holder} {(c.Held.Mode == LockMode.Read ? "read-locks" : "locks")} {m} here, then calls the function it was given"));
                related.Add(new RelatedLocation(pass.Span(c.Held.LockedAt), $"the {(ReferenceEquals(c.At, c.Held.LockedAt) ? "function" : "function literal")} is passed to {holder} here"));
            }
            else related.Add(new RelatedLocation(pass.Span(c.Held.LockedAt), $"{m} is {heldHow} here"));
            if (c.Entry != null && !ReferenceEquals(c.Entry, c.At)) related.Add(new RelatedLocation(pass.Span(c.Entry), "the call into the function that locks"));
            if (!direct) related.Add(new RelatedLocation(pass.Span(c.Site), $"the callee locks {m} again here"));
            foreach (var other in group.Skip(1).Take(5)) related.Add(new RelatedLocation(pass.Span(other.At), $"{other.Function} reaches the same Lock with {other.Held.Path.Text} held"));
            var more = group.Count > 1 ? $" ({group.Count - 1} more call{(group.Count > 2 ? "s" : "")} with the lock held reach{(group.Count > 2 ? "" : "es")} it the same way)" : "";
            if (c.UnlockDeferredAt is { } unlockDefer)
            {
                why = $"deferred calls run last-in first-out, so this one runs before the deferred unlock at line {pass.Line(unlockDefer)}, with {m} still held, and waits for itself for ever; defer it before the unlock (so it runs after it), or call a variant that expects the lock held";
                related.Add(new RelatedLocation(pass.Span(unlockDefer), $"the unlock of {m}, deferred earlier, runs after this call"));
            }
            // A function value handed over (`r.each(r.drop)`) is called at the handing call itself.
            var valuePassed = ReferenceEquals(c.At, c.Held.LockedAt);
            var holding = c.Held.Holder is { } by
                ? valuePassed
                    ? $"when {by}, given it here, calls it while it holds {m} {heldHow}"
                    : $"inside a function literal that {by} runs while it holds {m} {heldHow} (the literal is passed to it at line {heldLine})"
                : $"while {c.Function} still holds it {heldHow} since line {heldLine}";
            // Reached through a parent whose mutex pointer the node shares (`s.parent.invalidate()` locking s.mu): say why it is the same.
            var alias = "";
            if (c.Held.Path.Class is { } cls && (shared ??= SharedParentLocks.Of(pass.Info, pass.Functions)).ParentOf(cls) is var (type, parent) && MentionsField(c.At, parent))
            {
                var field = cls[(cls.LastIndexOf('.') + 1)..];
                alias = $" (its {parent}'s {field} is that same mutex: every {type} built with a {parent} shares its {parent}'s {field} pointer)";
            }
            pass.Report(c.At, $"{what} {holding}{more}{alias}: {why}", related.ToArray());
        }
    }

    private static bool MentionsField(Syntax.Ast.Node at, string field) =>
        Syntax.Ast.Walker.Any(at, n => n is Syntax.Ast.SelectorExpr { Sel.Name: var name } && name == field, intoLiterals: false);

    /// <summary>A recursive RLock of a mutex held in a local variable (no pointer on the way): no other goroutine
    /// can reach it to wait for a write lock in between, so it cannot deadlock.</summary>
    private static bool OnlyThisGoroutineCanWrite(LockConflict c) =>
        c.Held.Mode == LockMode.Read && c.Wanted == LockMode.Read && !c.Held.Path.Shared && !LockPaths.IsGlobal(c.Held.Path.Root);

    private static void ReportAroundLoop(Pass pass, LockConflict c)
    {
        var m = c.Held.Path.Text;
        var how = c.Wanted == LockMode.Read ? "read-locked" : "locked";
        var why = c.DeferredUnlock
            ? $"the deferred unlock only runs when {c.Function} returns, so the second iteration waits for the lock the first one kept, for ever; unlock at the end of each iteration, or move the body into a function that defers the unlock"
            : "a path through the loop body (a continue, or a branch that skips the unlock) comes back here with the lock still held, and the next iteration waits for it for ever; unlock on that path too";
        pass.Report(c.At, $"{m} is {how} at the top of a loop in {c.Function}, and not unlocked on every path back to it: {why}");
    }

    /// <summary>A capacity-one channel used as a lock, taken again: its one slot is full, and only this goroutine would empty it.</summary>
    private static void ReportChannelLock(Pass pass, LockConflict c, List<LockConflict> group)
    {
        var m = c.Held.Path.Text;
        var direct = c.Via.Length == 0;
        var what = direct ? $"{m} is taken again here (a send on the capacity-one channel used as its lock)" : $"this call reaches a send taking {m} again (through {c.Via})";
        var related = new List<RelatedLocation> { new(pass.Span(c.Held.LockedAt), $"{m} is taken here") };
        if (c.Entry != null && !ReferenceEquals(c.Entry, c.At)) related.Add(new RelatedLocation(pass.Span(c.Entry), "the call into the function that takes it"));
        if (!direct) related.Add(new RelatedLocation(pass.Span(c.Site), $"the callee sends on {m} here"));
        foreach (var other in group.Skip(1).Take(5)) related.Add(new RelatedLocation(pass.Span(other.At), $"{other.Function} reaches the same send with {other.Held.Path.Text} taken"));
        var more = group.Count > 1 ? $" ({group.Count - 1} more call{(group.Count > 2 ? "s" : "")} with the lock taken reach{(group.Count > 2 ? "" : "es")} it the same way)" : "";
        pass.Report(c.At, $"{what} while {c.Function} still holds it since line {pass.Line(c.Held.LockedAt)}{more}: the channel's one slot is full and only this goroutine would empty it, by the receive that gives the lock back after this call, so the send waits for itself for ever; {(direct ? "give the lock back first" : "call it after giving the lock back, or call a variant that expects the lock held")}", related.ToArray());
    }

    private static void ReportOnce(Pass pass, LockConflict c, List<LockConflict> group)
    {
        var o = c.Held.Path.Text;
        var direct = c.Via.Length == 0;
        var what = direct ? $"{o}.Do is called again here" : $"this call reaches {o}.Do again (through {c.Via})";
        var related = new List<RelatedLocation> { new(pass.Span(c.Held.LockedAt), $"the outer {o}.Do, still running its function") };
        if (!direct && !ReferenceEquals(c.Site, c.Held.LockedAt)) related.Add(new RelatedLocation(pass.Span(c.Site), $"the inner {o}.Do"));
        foreach (var other in group.Skip(1).Take(5)) related.Add(new RelatedLocation(pass.Span(other.At), $"{other.Function} reaches the same Do inside it"));
        pass.Report(c.At, $"{what} inside the function given to {o}.Do at line {pass.Line(c.Held.LockedAt)} (in {c.Function}): Do returns only after the first call's function has returned, so the inner call waits for the outer one and the outer one for it, for ever; compute what the inner call needs without going through {o} (or split the work into two Onces)", related.ToArray());
    }

    private static string Verb(LockMode mode) => mode == LockMode.Read ? "an RLock" : "a Lock";
}
