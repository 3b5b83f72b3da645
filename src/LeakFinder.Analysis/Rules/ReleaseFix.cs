using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// The suggested fix of a value the must-release rules report: `defer x.Close()` (the kind's deferred release)
/// on a line of its own right after the acquire, or after the `if err != nil { return }` that follows it.
/// Offered only where it is certainly right:
/// - the acquire is a statement of its own (`x, err := f()` or `x = f()`) outside any loop of the function (a
///   defer in a loop releases nothing until the function returns);
/// - an acquire that can fail is followed at once by the error check, so x is valid where the defer runs;
/// - no goroutine the function starts mentions x (it may still use x when the defer runs);
/// - nothing else in the function hands x on (returns, stores, sends, passes it to a callee that may keep it),
///   captures it, or assigns it again; and where some paths already release it, the release is harmless twice
///   (a cancel func, Rows.Close, Ticker.Stop, Rollback after Commit, a response body's Close);
/// - what the call gives beside x (the context of a WithTimeout) does not outlive the function either;
/// - one call gives one value of the kind (not os.Pipe's two ends, whose writer must often close early).
/// </summary>
public static class ReleaseFix
{
    public static SuggestedFix? For(Pass pass, FunctionBody fn, Leak leak)
    {
        var kind = leak.Kind;
        if (leak.Reason != LeakReason.NotReleasedOnPath || kind.DeferredRelease is not { } release || kind.Holds != AcquiredValue.Result) return null;
        if (kind.Acquirers.TryGetValue(leak.Acquirer.FullName, out var indexes) && indexes.Count > 1) return null;
        if (FixSites.StatementOf(fn, leak.Acquire) is not { InLoop: false, Stmt: AssignStmt { Rhs: [var rhs] } assign } site
            || !ReferenceEquals(Expr.Unparen(rhs), leak.Acquire)) return null;
        var valueId = assign.Lhs.OfType<Ident>().FirstOrDefault(id => id.Name == leak.Variable);
        if (valueId == null || pass.Info.ObjectOf(valueId) is not Var value) return null;
        if (!OnlyUsed(pass, fn, value, valueId, kind) || InGoroutine(pass, fn, value)) return null;
        // What the call gave beside the value (a WithTimeout's context) dies with it: it must not outlive the function.
        foreach (var other in assign.Lhs.Take(assign.Lhs.Count - 1))
            if (!ReferenceEquals(other, valueId) && other is Ident { Name: not "_" } id && pass.Info.ObjectOf(id) is Var v && MayOutlive(pass, fn, v, id))
                return null;

        Stmt after = assign;
        if (leak.Acquirer.Signature is { Results.Count: > 0 } sig && sig.Results[^1].Type is NamedType { Obj.Name: "error", Obj.Pkg: null })
        {
            // The value is valid only once the error is known to be nil.
            if (assign.Lhs.Count != sig.Results.Count || assign.Lhs[^1] is not Ident errId || pass.Info.ObjectOf(errId) is not { } err
                || FixSites.ErrorCheckAfter(pass, site, err) is not { } check) return null;
            after = check;
        }
        if (PackageQualifier(pass, leak, release) is not { } qualifier) return null;
        var code = "defer " + string.Format(System.Globalization.CultureInfo.InvariantCulture, release, leak.Variable, qualifier);
        return FixSites.InsertLineAfter(pass, site, after, code) is { } edit ? new SuggestedFix($"add `{code}`", [edit]) : null;
    }

    /// <summary>
    /// For a release by a function of the acquirer's package ("{1}.Close({0})"): the name the acquire call gives that
    /// package (unix in `unix.Open(...)`, whatever the import calls it), provided the kind knows that function as
    /// its release (syscall.Close, unix.Close; not a module helper's package, which has no Close); "" when the
    /// release needs no package.
    /// </summary>
    private static string? PackageQualifier(Pass pass, Leak leak, string release)
    {
        const string marker = "{1}.";
        var at = release.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return "";
        var name = release[(at + marker.Length)..release.IndexOf('(', at)];
        if (Expr.Unparen(leak.Acquire.Fun) is not SelectorExpr { X: Ident q } || pass.Info.ObjectOf(q) is not PkgName pkg) return null;
        return leak.Kind.Release.Functions?.ContainsKey($"{pkg.Imported.Path}.{name}") == true ? q.Name : null;
    }

    /// <summary>Whether a go statement of the function mentions the variable: the goroutine may still use the
    /// value when the deferred release runs at the return.</summary>
    private static bool InGoroutine(Pass pass, FunctionBody fn, Var value) =>
        Walker.Any(fn.Body, n => n is GoStmt go && Walker.Any(go, m => m is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), value)));

    /// <summary>Whether a mention of the variable hands it beyond the function's return: returned, assigned or
    /// put into a composite, sent, its address taken, or used by a goroutine or a function literal. Passing it
    /// to a call is how a context is used, and counts as staying local.</summary>
    private static bool MayOutlive(Pass pass, FunctionBody fn, Var v, Ident definition)
    {
        var outlives = false;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (outlives) return false;
            if (n is not Ident id || ReferenceEquals(id, definition) || !ReferenceEquals(pass.Info.ObjectOf(id), v)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            outlives = ancestors.Any(a => a is GoStmt or FuncLit) || parent switch
            {
                ReturnStmt or CompositeLit or KeyValueExpr or ValueSpec => true,
                AssignStmt a => AssignedSomewhere(a, id),
                SendStmt send => ReferenceEquals(send.Value, id),
                UnaryExpr { Op: Syntax.Token.And } => true,
                _ => false,
            };
            return !outlives;
        });
        return outlives;
    }

    /// <summary>Whether the assignment stores the identifier's value (`_ = ctx` keeps nothing).</summary>
    private static bool AssignedSomewhere(AssignStmt a, Ident id)
    {
        for (var i = 0; i < a.Rhs.Count; i++)
            if (ReferenceEquals(a.Rhs[i], id))
                return !(a.Lhs.Count == a.Rhs.Count && a.Lhs[i] is Ident { Name: "_" });
        return false;
    }

    /// <summary>Whether every other mention of the variable only uses it, or releases it when releasing twice is
    /// harmless: nothing hands it on, captures it or assigns it again.</summary>
    private static bool OnlyUsed(Pass pass, FunctionBody fn, Var value, Ident definition, ResourceKind kind)
    {
        var refs = new References(pass.Info, pass.Facts);
        refs.AddRangeHeads(fn.Body);
        var ok = true;
        refs.Collect(fn.Body, new Dictionary<GoObject, ReleaseSpec>(ReferenceEqualityComparer.Instance) { [value] = kind.Release },
            new HashSet<Ident>(ReferenceEqualityComparer.Instance) { definition },
            (_, _, ref_) => ok &= ref_ == RefKind.Use || (ref_ == RefKind.Release && kind.ReleaseIdempotent));
        return ok;
    }
}
