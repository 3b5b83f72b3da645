using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The calls of the package's own functions, by callee, read once from the lock flows' events (deferred calls
/// included), in the flows' order: "does every caller of f hold this lock" is asked for many functions, and
/// scanning every body for each question made it quadratic in the package's size.
/// </summary>
internal sealed class CallSites(IReadOnlyList<LockFlow> flows, Func<Func, int> references, Engine.Visibility? visibility = null)
{
    private Dictionary<Func, List<(LockFlow Caller, CallExpr Call)>>? _byCallee;

    /// <summary>The calls of f when they are the only way it runs: code outside the package cannot call it, the
    /// package names it only in these calls (no method value, no `go f()`), and it has at least one; null otherwise.</summary>
    public IReadOnlyList<(LockFlow Caller, CallExpr Call)>? AllCallsOf(LockFlow f)
    {
        if (f.Declared is not { } fn || Reachable(fn, visibility)) return null;
        _byCallee ??= Index();
        return _byCallee.TryGetValue(fn, out var calls) && calls.Count == references(fn) ? calls : null;
    }

    /// <summary>Every call of f in the package's functions, whoever else may call it.</summary>
    public IReadOnlyList<(LockFlow Caller, CallExpr Call)> CallsOf(Func f)
    {
        _byCallee ??= Index();
        return _byCallee.TryGetValue(f, out var calls) ? calls : [];
    }

    /// <summary>The locks the caller holds at the call (from its final pass).</summary>
    public static IEnumerable<HeldLock> HeldAt(LockFlow caller, CallExpr call) =>
        caller.HeldCalls.Where(h => ReferenceEquals(h.Call, call)).SelectMany(h => h.Held);

    private Dictionary<Func, List<(LockFlow, CallExpr)>> Index()
    {
        var byCallee = new Dictionary<Func, List<(LockFlow, CallExpr)>>(ReferenceEqualityComparer.Instance);
        foreach (var flow in flows)
            foreach (var (callee, call) in flow.PackageCalls())
                (byCallee.TryGetValue(callee, out var list) ? list : byCallee[callee] = []).Add((flow, call));
        return byCallee;
    }

    /// <summary>Whether code outside the package can call the function: exported, and a method of an exported type.</summary>
    private static bool Reachable(Func fn, Engine.Visibility? visibility)
    {
        if (!char.IsUpper(fn.Name[0]) || visibility != null && !visibility.Outside(fn)) return false;
        var recv = fn.Signature?.Recv?.Type;
        if (recv is PointerType p) recv = p.Elem;
        return recv is not NamedType n || char.IsUpper(n.Obj.Name[0]);
    }
}
