using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// What a call may acquire, for every kind at once: the std acquirer entries its callee matches and the
/// callee's summary. A rule asks <see cref="For"/> with its own kinds, so the lookup (callee, name,
/// summary) is done once per call however many rules ask.
/// </summary>
public sealed record AcquireMatch(Func Callee, IReadOnlyList<(ResourceKind Kind, int Result)> Std, FunctionSummary? Summary)
{
    /// <summary>The first of <paramref name="kinds"/> (in their order) a std acquirer gives in a result, else the first
    /// fresh result of one of them; null when the call acquires none of them in a result (Cmd.Start's error is no command).</summary>
    public (ResourceKind Kind, int Result, Func Callee)? For(IReadOnlyList<ResourceKind> kinds)
    {
        foreach (var k in kinds)
            foreach (var (kind, result) in Std)
                if (ReferenceEquals(kind, k) && kind.Holds == AcquiredValue.Result) return (kind, result, Callee);
        if (Summary != null)
            for (var j = 0; j < Summary.FreshResults.Count; j++)
                if (Summary.FreshResults[j] is { } fk && kinds.Contains(fk)) return (fk, j, Callee);
        return null;
    }

    /// <summary>Every value of one of <paramref name="kinds"/> the call acquires: each std acquirer entry (os.Pipe
    /// gives two files), in the kinds' order, else the callee's fresh results of those kinds.</summary>
    public IEnumerable<(ResourceKind Kind, int Result, Func Callee)> All(IReadOnlyList<ResourceKind> kinds)
    {
        var any = false;
        foreach (var k in kinds)
            foreach (var (kind, result) in Std)
                if (ReferenceEquals(kind, k))
                {
                    any = true;
                    yield return (kind, result, Callee);
                }
        if (any || Summary == null) yield break;
        for (var j = 0; j < Summary.FreshResults.Count; j++)
            if (Summary.FreshResults[j] is { } fk && kinds.Contains(fk)) yield return (fk, j, Callee);
    }

    public static AcquireMatch? Of(TypeInfo info, CallExpr call, ModuleFacts facts)
    {
        var callee = Calls.Callee(info, call);
        if (callee == null) return null;
        var std = facts.StdAcquires(callee.FullName);
        var summary = MayReturnResource(callee) ? facts.SummaryOf(callee) : null;
        var fresh = summary != null && HasFreshResult(summary);
        if (std == null && !fresh) return null;
        return new AcquireMatch(callee, std ?? [], fresh ? summary : null);
    }

    private static bool HasFreshResult(FunctionSummary summary)
    {
        for (var i = 0; i < summary.FreshResults.Count; i++)
            if (summary.FreshResults[i] != null) return true;
        return false;
    }

    /// <summary>Whether a result could hold a resource that helpers are followed for: a pointer, interface, func,
    /// slice or unsafe.Pointer (C memory), never another basic type (bool, string...) or error. Spares summarising
    /// the many functions returning only those; the price is that a helper returning a raw descriptor (an int)
    /// is not followed.</summary>
    private static bool MayReturnResource(Func callee)
    {
        if (callee.Signature is not { } sig) return false;
        for (var i = 0; i < sig.Results.Count; i++)
        {
            var t = sig.Results[i].Type;
            if (t.Underlying is BasicType { Kind: not BasicKind.UnsafePointer } || t is NamedType { Obj.Name: "error", Obj.Pkg: null }) continue;
            return true;
        }
        return false;
    }
}

/// <summary>
/// The statements of one function's CFG that call something that may acquire a resource (`x, err :=
/// acquire()`, `var x = acquire()`, `acquire()` alone), found once per function and shared by every rule
/// built on the must-release engine.
/// </summary>
public static class AcquireSites
{
    public sealed record Site(Block Block, int Index, NodeList<Expr> Lhs, CallExpr Call, AcquireMatch Match);

    public static IReadOnlyList<Site> Find(ControlFlowGraph cfg, TypeInfo info, ModuleFacts facts)
    {
        List<Site>? result = null;
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            NodeList<Expr> lhs;
            Expr rhs;
            switch (node)
            {
                case AssignStmt { Rhs.Count: 1 } a:
                    (lhs, rhs) = (a.Lhs, a.Rhs[0]);
                    break;
                case ValueSpec { Values.Count: 1 } vs:
                    (lhs, rhs) = (vs.Names.ToArray(), vs.Values[0]);
                    break;
                case ExprStmt es:
                    (lhs, rhs) = (NodeList<Expr>.Empty, es.X);
                    break;
                default:
                    continue;
            }
            // `p := (*C.char)(C.malloc(n))`: a conversion hands on the value it converts.
            rhs = Expr.Unparen(rhs);
            while (rhs is CallExpr { Args.Count: 1 } conv && Calls.IsConversion(info, conv)) rhs = Expr.Unparen(conv.Args[0]);
            if (rhs is not CallExpr call || AcquireMatch.Of(info, call, facts) is not { } match) continue;
            (result ??= []).Add(new Site(block, i, lhs, call, match));
        }
        return (IReadOnlyList<Site>?)result ?? [];
    }
}
