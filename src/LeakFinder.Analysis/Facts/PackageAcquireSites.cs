using LeakFinder.Analysis.Engine;
using LeakFinder.Syntax.Ast;
using LeakFinder.Semantics.Cfg;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The calls of each function body that may acquire a resource (<see cref="AcquireSites"/>), found on first
/// request and shared by the rules built on the must-release engine.
/// </summary>
public sealed class PackageAcquireSites(AnalysisPass pass)
{
    public static readonly PackageAnalysis<PackageAcquireSites> Analysis =
        new("acquire-sites", "each function body's calls that may acquire a resource", pass => new PackageAcquireSites(pass), FunctionCfgs.Analysis);

    private readonly FunctionCfgs _cfgs = pass.ResultOf(FunctionCfgs.Analysis);
    private readonly Dictionary<Node, IReadOnlyList<AcquireSites.Site>> _sites = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public IReadOnlyList<AcquireSites.Site> Of(FunctionBody fn)
    {
        var cfg = _cfgs.Of(fn);
        lock (_gate)
        {
            if (_sites.TryGetValue(fn.Function, out var sites)) return sites;
        }
        // Found outside the lock: summaries computed on the way may take long, and two rules finding the same
        // sites at once get equal lists.
        var found = AcquireSites.Find(cfg, pass.Info, pass.Facts);
        lock (_gate)
        {
            return _sites.TryAdd(fn.Function, found) ? found : _sites[fn.Function];
        }
    }
}
