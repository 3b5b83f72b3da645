using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Engine;

/// <summary>The per-package state all rules share: the function bodies and their lazily built CFGs.</summary>
internal sealed class PackageContext
{
    private readonly Dictionary<Node, ControlFlowGraph> _cfgs = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, IReadOnlyList<global::LeakFinder.Analysis.Facts.AcquireSites.Site>> _sites = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public PackageContext(AnalysisPackage package, ModuleFacts facts)
    {
        Package = package;
        Facts = facts;
        var fns = new List<FunctionBody>();
        foreach (var f in package.Files) fns.AddRange(FunctionBodies.Of(f.File));
        Functions = fns;
    }

    public AnalysisPackage Package { get; }

    private Dictionary<Syntax.Ast.File, Semantics.GoVersion?>? _fileVersions;

    public Semantics.GoVersion? GoVersionAt(Syntax.Pos pos)
    {
        foreach (var f in Package.Files)
        {
            var file = f.File;
            if (pos < file.FileStart || pos > file.FileEnd) continue;
            lock (_gate)
            {
                _fileVersions ??= new(ReferenceEqualityComparer.Instance);
                if (!_fileVersions.TryGetValue(file, out var v)) _fileVersions[file] = v = Semantics.Loading.LanguageVersion.ForFile(Package.GoVersion, file);
                return v;
            }
        }
        return Package.GoVersion;
    }
    public ModuleFacts Facts { get; }
    public IReadOnlyList<FunctionBody> Functions { get; }

    public IReadOnlyList<global::LeakFinder.Analysis.Facts.AcquireSites.Site> AcquireSites(FunctionBody fn)
    {
        var cfg = Cfg(fn);
        lock (_gate)
        {
            if (_sites.TryGetValue(fn.Function, out var sites)) return sites;
        }
        // Found outside the lock: summaries computed on the way may take long, and two rules finding the same
        // sites at once get equal lists.
        var found = global::LeakFinder.Analysis.Facts.AcquireSites.Find(cfg, Package.Checked.Info, Facts);
        lock (_gate)
        {
            return _sites.TryAdd(fn.Function, found) ? found : _sites[fn.Function];
        }
    }

    public ControlFlowGraph Cfg(FunctionBody fn)
    {
        lock (_gate)
        {
            if (!_cfgs.TryGetValue(fn.Function, out var g))
                _cfgs[fn.Function] = g = CfgBuilder.Build(fn.Body, call => NoReturnCalls.MayReturn(Package.Checked.Info, call), fn.EnclosingLabels, fn.FileHasLabels);
            return g;
        }
    }
}
