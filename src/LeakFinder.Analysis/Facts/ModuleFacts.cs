using System.Collections.Concurrent;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Facts shared by every rule over the packages analysed together (a module): the bodies of their
/// functions, and function summaries computed lazily once per function. Thread-safe without a global lock:
/// packages are added while other packages' rules already run (a package is added before any package that
/// imports it is checked), and two threads may compute the same summary at once, the first stored wins.
/// A function whose body is not among them has no summary, and callers treat it by what they know of it
/// (std by parameter types, anything else as keeping its arguments).
/// </summary>
public sealed class ModuleFacts
{
    private readonly ConcurrentDictionary<Func, (FuncDecl Decl, TypeInfo Info)> _bodies = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Func, FunctionSummary> _summaries = new(ReferenceEqualityComparer.Instance);
    // Summaries being built on this thread: a recursive call sees the callee as unknown instead of looping.
    [ThreadStatic] private static HashSet<Func>? _inProgress;

    public ModuleFacts(IReadOnlyList<ResourceKind> kinds) => Kinds = kinds;

    /// <summary>Every kind a fresh result can have (all the rules' kinds), so summaries are computed once for all rules.</summary>
    public IReadOnlyList<ResourceKind> Kinds { get; }

    public void AddPackage(IReadOnlyList<LeakFinder.Syntax.Ast.File> files, TypeInfo info)
    {
        foreach (var file in files)
        foreach (var decl in file.Decls)
            if (decl is FuncDecl { Body: not null } fd && info.Defs.GetValueOrDefault(fd.Name) is Func f)
                _bodies[f] = (fd, info);
    }

    public bool HasBody(Func f) => _bodies.ContainsKey(f);

    /// <summary>The declaration of a module function and the type information of its package; null when its body is unknown.</summary>
    public (FuncDecl Decl, TypeInfo Info)? BodyOf(Func f) => _bodies.TryGetValue(f, out var b) ? b : null;

    public FunctionSummary? SummaryOf(Func f)
    {
        if (!_bodies.TryGetValue(f, out var src) || f.Signature is not { } sig) return null;
        if (_summaries.TryGetValue(f, out var s)) return s;
        var inProgress = _inProgress ??= new HashSet<Func>(ReferenceEqualityComparer.Instance);
        if (!inProgress.Add(f)) return FunctionSummary.Unknown(sig.Params.Count, sig.Results.Count);
        try
        {
            return _summaries.GetOrAdd(f, new SummaryBuilder(this, src.Info, src.Decl, sig).Build());
        }
        finally
        {
            inProgress.Remove(f);
        }
    }

    /// <summary>The kind and result index of what a call acquires: a known std acquirer of one of
    /// <paramref name="kinds"/>, or a module function whose summary says it returns a fresh one.</summary>
    public (ResourceKind Kind, int Result, Func Callee)? AcquireOf(TypeInfo info, CallExpr call, IReadOnlyList<ResourceKind> kinds) =>
        AcquireMatch.Of(info, call, this)?.For(kinds);
}
