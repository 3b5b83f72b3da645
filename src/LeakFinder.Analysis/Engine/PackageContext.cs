using System.Collections.Concurrent;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// The per-package state all rules share: the function bodies, and the result of each declared
/// <see cref="PackageAnalysis"/>, run once per package on first need, its requirements first.
/// </summary>
internal sealed class PackageContext
{
    /// <summary>Analyses every rule may use without declaring them (Pass.Cfg, Pass.AcquireSites, Pass.GoVersionAt, Pass.UsesFunction).</summary>
    public static readonly IReadOnlyList<PackageAnalysis> Implicit = [FunctionCfgs.Analysis, PackageAcquireSites.Analysis, FileVersions.Analysis, UsedFunctions.Analysis, Visibility.Analysis];

    // Read without the lock: rules ask for results (Pass.Cfg) once per function body, millions of times in a
    // large run, and a Monitor per request cost several percent of the rules' CPU. Written only under _gate.
    private readonly ConcurrentDictionary<PackageAnalysis, object> _results = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PackageAnalysis> _running = new(ReferenceEqualityComparer.Instance);
    private readonly object _gate = new();

    public PackageContext(AnalysisPackage package, ModuleFacts facts)
    {
        Package = package;
        Facts = facts;
        var fns = new List<FunctionBody>();
        foreach (var f in package.Files) fns.AddRange(FunctionBodies.Of(f.File, package.Checked.Info.Nodes));
        Functions = fns;
    }

    public AnalysisPackage Package { get; }
    public ModuleFacts Facts { get; }
    public IReadOnlyList<FunctionBody> Functions { get; }

    public T ResultOf<T>(PackageAnalysis<T> analysis) where T : class => (T)Run(analysis);

    /// <summary>Runs the analyses (and their requirements, first) that have not run yet, in the order given;
    /// on-demand ones wait for their first <see cref="ResultOf{T}"/>.</summary>
    public void Prepare(IReadOnlyList<PackageAnalysis> analyses)
    {
        foreach (var a in analyses)
            if (!a.OnDemand) Run(a);
    }

    /// <summary>Lets these analyses' results go (no later rule reads them); one asked for again would run again.</summary>
    public void Release(IReadOnlyList<PackageAnalysis> analyses)
    {
        if (analyses.Count == 0) return;
        lock (_gate)
            foreach (var a in analyses) _results.TryRemove(a, out _);
    }

    private object Run(PackageAnalysis analysis)
    {
        if (_results.TryGetValue(analysis, out var ready)) return ready;
        // One analysis at a time per package (a Monitor: requirements run inside, on the same thread); rules of
        // a package run one after another anyway, so this never waits in practice.
        lock (_gate)
        {
            if (_results.TryGetValue(analysis, out var done)) return done;
            // A requirement cycle would recurse for ever; it is a bug in the declarations.
            if (!_running.Add(analysis)) throw new InvalidOperationException($"analysis {analysis.Name} requires itself");
            foreach (var required in analysis.Requires) Run(required);
            var result = analysis.RunUntyped(new AnalysisPass(this, analysis));
            _running.Remove(analysis);
            _results[analysis] = result;
            return result;
        }
    }
}
