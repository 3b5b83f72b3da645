using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Computes one function's summary from its body. A parameter is owned when any mention of it releases it,
/// hands it on or captures it (flow-insensitive: a helper that closes on some paths is trusted, which keeps
/// callers silent). A result is fresh when every return gives the value of an acquire there, directly
/// (`return http.Get(u)`) or through a local variable the function never releases, or nil.
/// </summary>
internal sealed class SummaryBuilder(ModuleFacts facts, TypeInfo info, FuncDecl decl, SignatureType sig)
{
    public FunctionSummary Build()
    {
        var paramVars = ParamVars(decl, info);
        if (paramVars.Count != sig.Params.Count) return FunctionSummary.Unknown(sig.Params.Count, sig.Results.Count);
        var owns = new bool[paramVars.Count];
        var refs = new References(info, facts);
        var specs = new Dictionary<GoObject, ReleaseSpec>(ReferenceEqualityComparer.Instance);
        foreach (var p in paramVars)
            if (p != null) specs[p] = ReleaseSpec.AnyRelease;
        if (specs.Count > 0 && decl.Body != null)
            refs.Collect(decl.Body, specs, null, (obj, _, kind) =>
            {
                if (kind != RefKind.Use) owns[paramVars.IndexOf((Var)obj)] = true;
            });
        return new FunctionSummary(owns, FreshResults(refs));
    }

    /// <summary>The declaration's parameters in order, one per parameter (null for an unnamed one).</summary>
    internal static List<Var?> ParamVars(FuncDecl decl, TypeInfo info)
    {
        var result = new List<Var?>();
        foreach (var field in decl.Type.Params.List)
        {
            if (field.Names.Count == 0) result.Add(null);
            foreach (var name in field.Names) result.Add(info.Defs.GetValueOrDefault(name) as Var);
        }
        return result;
    }

    /// <summary>An unlock function of a sync mutex the function locks itself: the method value `r.mu.Unlock` (or RUnlock),
    /// or a literal doing only that (`func() { r.mu.Unlock() }`). The caller holds the lock until it calls it.</summary>
    private bool UnlocksWhatItLocked(Expr e)
    {
        var unlocked = e switch
        {
            SelectorExpr { Sel.Name: "Unlock" or "RUnlock" } sel when info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal
                && s.Obj is Func { FullName: "(*sync.Mutex).Unlock" or "(*sync.RWMutex).Unlock" or "(*sync.RWMutex).RUnlock" } => LockPaths.ReceiverOf(info, sel),
            FuncLit { Body.List: [ExprStmt { X: CallExpr call }] } => LockPaths.OpOf(info, call) is { Acquires: false } op ? op.Mutex : null,
            _ => null,
        };
        return unlocked != null && decl.Body != null
            && Walker.Any(decl.Body, n => n is CallExpr c && LockPaths.OpOf(info, c) is { Acquires: true } op && op.Mutex.Key == unlocked.Key, intoLiterals: false);
    }

    private ResourceKind?[] FreshResults(References refs)
    {
        var fresh = new ResourceKind?[sig.Results.Count];
        if (decl.Body == null || fresh.Length == 0) return fresh;
        var acquired = new Dictionary<GoObject, ResourceKind>(ReferenceEqualityComparer.Instance);
        var returns = new List<ReturnStmt>();
        info.Nodes.Inspect(decl.Body, NodeKinds.FuncLit | NodeKinds.ReturnStmt | NodeKinds.AssignStmt, n =>
        {
            switch (n)
            {
                case FuncLit:
                    return false;
                case ReturnStmt r:
                    returns.Add(r);
                    break;
                case AssignStmt { Rhs.Count: 1 } a when Expr.Unparen(a.Rhs[0]) is CallExpr call:
                    if (facts.AcquireOf(info, call, facts.Kinds) is { } acq && acq.Result < a.Lhs.Count && a.Lhs[acq.Result] is Ident id && info.ObjectOf(id) is Var v)
                        acquired[v] = acq.Kind;
                    break;
            }
            return true;
        });
        // A variable the function releases (or lets a closure release) is no fresh resource for the caller.
        if (acquired.Count > 0)
        {
            var specs = acquired.ToDictionary(kv => kv.Key, kv => kv.Value.Release, (IEqualityComparer<GoObject>)ReferenceEqualityComparer.Instance);
            refs.Collect(decl.Body, specs, null, (obj, _, kind) =>
            {
                if (kind is RefKind.Release or RefKind.Capture) acquired.Remove(obj);
            });
        }
        // A result is fresh only when every return gives a fresh value there (or nil, on an error path): a
        // helper that returns a no-op or a shared value on some path (`if deadline.IsZero() { return nop }`,
        // `if p == "-" { return os.Stdout, nil }`) leaves callers nothing they must release on those paths,
        // and a path search cannot tell which path the callee took.
        var other = new bool[fresh.Length];
        foreach (var r in returns)
        {
            if (r.Results.Count == 1 && fresh.Length > 1 && Expr.Unparen(r.Results[0]) is CallExpr call)
            {
                var acq = facts.AcquireOf(info, call, facts.Kinds);
                for (var j = 0; j < fresh.Length; j++)
                {
                    if (acq != null && acq.Value.Result == j) fresh[j] ??= acq.Value.Kind;
                    else other[j] = true;
                }
                continue;
            }
            for (var j = 0; j < r.Results.Count && j < fresh.Length; j++)
            {
                var e = Expr.Unparen(r.Results[j]);
                if (e is Ident id && info.ObjectOf(id) is { } obj && acquired.TryGetValue(obj, out var kind)) fresh[j] ??= kind;
                else if (UnlocksWhatItLocked(e)) fresh[j] ??= ResourceKinds.UnlockFunc;
                else if (e is CallExpr c && fresh.Length == 1 && facts.AcquireOf(info, c, facts.Kinds) is { Result: 0 } single) fresh[j] ??= single.Kind;
                else if (!(e is Ident nil && info.ObjectOf(nil) is Nil)) other[j] = true;
            }
        }
        for (var j = 0; j < fresh.Length; j++)
            if (other[j]) fresh[j] = null;
        return fresh;
    }
}
