using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5004: two code paths of a package take the same two mutexes in opposite orders (Server.mu then Conn.mu
/// in one, Conn.mu then Server.mu in the other), directly or through calls made while holding the first:
/// two goroutines running them can each take one and wait for the other for ever (AB-BA). The lock-order
/// graph is keyed by the type and field that declare each mutex, so different instances count as one.
/// Docs: docs/rules/LF5004.md.
/// </summary>
public sealed partial class LF5004LockOrderInversion : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5004", "lock-order-inversion", RuleCategory.Deadlock, Severity.Error,
        "Two paths acquire the same two mutexes in opposite orders")
    {
        Since = "0.3",
        Summary = "two paths of a package take the same two mutexes in opposite orders (AB-BA), directly or through calls; a function locking two mutexes of one class in its arguments' order, called both ways round; elements of one slice locked in the order of indices mapped from data and never sorted; a tree node taking its parent's mutex while another path takes its children's",
        // On by default since 0.4: the one false finding of the precision corpus (a Close that waits for the
        // receive loop to exit before taking the second lock) is a handshake, now modelled.
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [LockEffects.Analysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        // Every (held, wanted) pair of mutex classes, with its acquisitions in source order.
        var edges = new Dictionary<(string From, string To), List<LockOrderEdge>>();
        var effects = pass.ResultOf(LockEffects.Analysis);
        var all = effects.Edges;
        CheckSwappedArguments(pass, all);
        CheckSymmetricPeers(pass, all);
        var lookup = pass.ResultOf(FunctionLookup.Analysis);
        CheckUnsortedSlots(pass);
        CheckParentChildOrder(pass, all, lookup);
        foreach (var e in all)
        {
            if (LockPaths.OrderClass(e.Held.Path) is not { } from || LockPaths.OrderClass(e.To) is not { } to || from == to) continue;
            if (LockPaths.IsOnceDo(e.Held.LockedAt) || LockPaths.IsOnceDo(e.Site)) continue;
            // An acquisition two or more calls deep between two mutexes of one type is where the state that keeps two
            // orders apart hides (crypto/tls renegotiates under `in` only once the handshake, which takes the reverse
            // order, is complete): unsure, silent. Two types that each reach the other's mutex (a store and its
            // replicas) have no such shared state, up to three calls deep; a longer chain (more arrows, or cut short
            // with "…") is unsure either way. A mutex the caller held that a helper drops and takes back is in that
            // order on every call.
            // A last call into an acquire helper (`func (m *M) acquire() { m.pulls <- struct{}{} }`) is the Lock itself,
            // not a level where state could hide.
            var depth = Depth(e, lookup);
            if (depth > 0 && !e.Retaken && (Owner(from) == Owner(to) || depth > 2 || e.Via.Contains('…'))) continue;
            if (!edges.TryGetValue((from, to), out var list)) edges[(from, to)] = list = [];
            list.Add(e);
        }
        var pairs = edges.Keys.Where(k => string.CompareOrdinal(k.From, k.To) < 0 && edges.ContainsKey((k.To, k.From))).ToList();
        pairs.Sort((a, b) => (string.CompareOrdinal(a.From, b.From), string.CompareOrdinal(a.To, b.To)) switch { (0, var c) => c, (var c, _) => c });
        foreach (var (a, b) in pairs)
        {
            if (Deadlocking(edges[(a, b)], edges[(b, a)], effects.WriteLocked) is not var (first, second)) continue;
            if (SourceSpan.Compare(pass.Span(second.At), pass.Span(first.At)) < 0) (first, second) = (second, first);
            pass.Report(first.At, Message(pass, first, second),
                new RelatedLocation(pass.Span(first.Held.LockedAt), HeldText(pass, first, $"{first.Held.Path.Text} is locked here")),
                new RelatedLocation(pass.Span(second.Held.LockedAt), HeldText(pass, second, $"{Who(pass, second)} locks {second.Held.Path.Text} here")),
                new RelatedLocation(pass.Span(second.At), $"then takes {second.To.Text} here{Through(second)}"));
        }
    }

    /// <summary>The first pair of opposite acquisitions that can block each other: each side waits for a mutex
    /// the other holds in a conflicting mode. Two read locks of an RWMutex exclude each other only through a writer
    /// queued between them: when the package write-locks that RWMutex somewhere (Go's RWMutex makes new readers wait
    /// behind a waiting writer).</summary>
    private static (LockOrderEdge, LockOrderEdge)? Deadlocking(List<LockOrderEdge> ab, List<LockOrderEdge> ba, IReadOnlySet<string> writeLocked)
    {
        // A pair that blocks with no writer's help is the plainer witness: looked for first.
        foreach (var throughWriter in (bool[])[false, true])
            foreach (var x in ab)
                foreach (var y in ba)
                {
                    var blocksOnB = y.Held.Mode == LockMode.Write || x.Wanted == LockMode.Write || throughWriter && WriterQueues(x.To);
                    var blocksOnA = x.Held.Mode == LockMode.Write || y.Wanted == LockMode.Write || throughWriter && WriterQueues(y.To);
                    if (blocksOnA && blocksOnB && !Gated(x, y)) return (x, y);
                }
        return null;

        // Only for a mutex both sides name (an element locked by class may be another instance, which no writer of
        // the held one delays).
        bool WriterQueues(LockPath wanted) => !wanted.ByClass && LockPaths.OrderClass(wanted) is { } c && writeLocked.Contains(c);
    }

    /// <summary>Both orders run under one lock that excludes the other side (a control mutex every operation takes
    /// first, here or in every caller): they never interleave.</summary>
    private static bool Gated(LockOrderEdge x, LockOrderEdge y) =>
        x.Gates.Any(g => y.Gates.Any(h => h.Class == g.Class && (g.Mode == LockMode.Write || h.Mode == LockMode.Write)));

    private static string Message(Pass pass, LockOrderEdge first, LockOrderEdge second)
    {
        var (a, b) = (LockPaths.ClassText(first.Held.Path), LockPaths.ClassText(first.To));
        var firstHolds = first.Held.OnEntry ? Holding(pass, first, a)
            : a == first.Held.Path.Text ? $"holding {a} (since line {pass.Line(first.Held.LockedAt)})" : $"holding {first.Held.Path.Text} ({a}, since line {pass.Line(first.Held.LockedAt)})";
        var secondHolds = second.Held.OnEntry ? Holding(pass, second, b) : $"holding {b}";
        var takes = b == first.To.Text ? b : $"{first.To.Text} ({b})";
        // Both sides read-locking one RWMutex wait on each other only through a writer queued between them: say so.
        var readers = first.Held.Mode == LockMode.Read && second.Wanted == LockMode.Read ? a
            : second.Held.Mode == LockMode.Read && first.Wanted == LockMode.Read ? b : null;
        var writer = readers == null ? "" : $" ({readers} is read-locked on both sides, but the package also write-locks it, and a writer waiting for it makes the second reader wait)";
        return $"lock-order inversion: {Who(pass, first)} takes {takes}{Through(first)} while {firstHolds}, "
             + $"but {Who(pass, second)} takes {a} while {secondHolds} (line {pass.Line(second.At)}): two goroutines running both can each hold one and wait for the other for ever{writer}; "
             + "take the two mutexes in one order everywhere, or release one before taking the other";
    }

    /// <summary>How the held side of an edge is held: since a Lock of the function, or by its caller, which the
    /// function shows by unlocking a mutex it never locks (a lock handed over between an acquire and a release function).</summary>
    private static string Holding(Pass pass, LockOrderEdge e, string? cls) =>
        $"{e.Held.Path.Text} ({cls}) is held by its caller ({Who(pass, e)} unlocks it at line {pass.Line(e.Held.LockedAt)} and never locks it)";

    private static string HeldText(Pass pass, LockOrderEdge e, string locked) => e.Held.OnEntry
        ? $"{Who(pass, e)} unlocks {e.Held.Path.Text} here, which it never locks: its caller holds it from the call on"
        : locked;

    /// <summary>How a message names the function of an edge: a literal (two goroutines of one test) by its line, so
    /// the two sides read apart.</summary>
    private static string Who(Pass pass, LockOrderEdge e)
    {
        if (e.Function != "func literal") return e.Function; // FunctionBody.Name of a literal
        FuncLit? innermost = null;
        var at = e.At.Pos().Value;
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncLit lit && at >= lit.Pos().Value && at < lit.End().Value && (innermost == null || lit.Pos().Value > innermost.Pos().Value))
                innermost = lit;
        return innermost != null ? pass.FunctionName(innermost, e.Function) : e.Function;
    }

    /// <summary>The calls between an edge's first callee and its Lock (arrows in Via), a last call into a function whose
    /// whole body is that Lock not counted.</summary>
    private static int Depth(LockOrderEdge e, FunctionLookup lookup)
    {
        var arrows = e.Via.Count(c => c == '→');
        if (arrows > 0 && lookup.EnclosingDeclaration(e.Site) is { Body.List: [var only] } && only.Pos().Value <= e.Site.Pos().Value && e.Site.End().Value <= only.End().Value)
            arrows--;
        return arrows;
    }

    /// <summary>The type (or package) a mutex class belongs to: `Store` of `Store.coalescedMu.Mutex`.</summary>
    private static string Owner(string cls) => cls[..Math.Max(0, cls.IndexOf('.'))];

    private static string Through(LockOrderEdge e) => e.Via.Length == 0 ? "" : $" (through {e.Via})";
}
