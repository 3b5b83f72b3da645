using LeakFinder.Semantics.Types;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// What a function of the module does with its parameters and results, computed once from its body:
/// which parameters it may release or keep (so a caller passing a resource there has handed it on), and
/// which results are fresh resources the caller must release (`func get() (*http.Response, error)`).
/// </summary>
public sealed class FunctionSummary(bool[] ownsParam, ResourceKind?[] freshResults)
{
    /// <summary>Where the fixpoint over a recursive component starts, and what a function whose body cannot be
    /// read says: owns everything (keeps callers silent), returns nothing fresh.</summary>
    public static FunctionSummary Unknown(int parameters, int results) =>
        new(Enumerable.Repeat(true, parameters).ToArray(), new ResourceKind?[results]);

    public IReadOnlyList<bool> OwnsParam { get; } = ownsParam;
    public IReadOnlyList<ResourceKind?> FreshResults { get; } = freshResults;

    /// <summary>Whether two summaries say the same (the fixpoint over a recursive component stops then).</summary>
    public bool SameAs(FunctionSummary other) =>
        OwnsParam.SequenceEqual(other.OwnsParam) && FreshResults.Count == other.FreshResults.Count
        && FreshResults.Zip(other.FreshResults).All(p => ReferenceEquals(p.First, p.Second));

    /// <summary>Argument i binds to parameter i, or to the variadic last one.</summary>
    public bool MayOwnParam(int argIndex, SignatureType sig)
    {
        if (OwnsParam.Count == 0) return true;
        var p = sig.Variadic && argIndex >= OwnsParam.Count - 1 ? OwnsParam.Count - 1 : argIndex;
        return p >= OwnsParam.Count || OwnsParam[p];
    }
}
