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
        var module = Package.GoVersion;
        foreach (var f in Package.Files)
        {
            var file = f.File;
            if (pos < file.FileStart || pos > file.FileEnd) continue;
            Semantics.GoVersion? own;
            lock (_gate)
            {
                _fileVersions ??= new(ReferenceEqualityComparer.Instance);
                if (!_fileVersions.TryGetValue(file, out own)) _fileVersions[file] = own = Semantics.Build.FileGoVersion.Of(file);
            }
            if (own is { } v && (module is not { } m || v > m)) return v;
            break;
        }
        return module;
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

    private global::LeakFinder.Analysis.Facts.LockEffects? _lockEffects;

    /// <summary>The package's lock summaries, conflicts and lock-order edges, computed on first request and
    /// shared by the lock rules (rules of one package run one after another, so no two threads compute it).</summary>
    public global::LeakFinder.Analysis.Facts.LockEffects LockEffects()
    {
        lock (_gate)
        {
            if (_lockEffects != null) return _lockEffects;
        }
        var found = global::LeakFinder.Analysis.Facts.LockEffects.Compute(Package.Checked.Info, Functions, Cfg);
        lock (_gate)
        {
            return _lockEffects ??= found;
        }
    }

    public ControlFlowGraph Cfg(FunctionBody fn)
    {
        lock (_gate)
        {
            if (!_cfgs.TryGetValue(fn.Function, out var g))
                _cfgs[fn.Function] = g = CfgBuilder.Build(fn.Body, MayReturn, fn.EnclosingLabels, fn.FileHasLabels);
            return g;
        }
    }

    /// <summary>Calls that never return cut the CFG: panic, os.Exit, log.Fatal*, runtime.Goexit, t.Fatal/FailNow/Skip*.</summary>
    private bool MayReturn(CallExpr call)
    {
        var info = Package.Checked.Info;
        if (Calls.BuiltinName(info, call) == "panic") return false;
        if (Calls.Callee(info, call) is not { } f) return NoReturnCalls.MayReturnSyntactic(call);
        if (f.Pkg == null) return true;
        if (!f.IsMethod) return !NoReturnCalls.IsNoReturn(f.Pkg.Path, f.Name);
        return !(f.Pkg.Path == "testing" && f.Name is "Fatal" or "Fatalf" or "FailNow" or "Skip" or "Skipf" or "SkipNow")
            && !(f.Pkg.Path == "log" && f.Name is "Fatal" or "Fatalf" or "Fatalln" or "Panic" or "Panicf" or "Panicln");
    }
}
