using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// A shared analysis of one package, declared the way go/analysis declares an Analyzer: a name, what it
/// computes, the analyses it requires, and a Run from a pass to its result. The engine runs each analysis a
/// rule requires once per package, its requirements first, and every rule that requires it gets the same
/// result from <see cref="Pass.ResultOf{T}"/>. Adding a fact is one file: the result type and its
/// declaration (see docs/ARCHITECTURE.md); nothing in the engine changes. Results must be safe to share
/// between the rules of a package, which run one after another.
/// </summary>
public abstract class PackageAnalysis
{
    private protected PackageAnalysis(string name, string doc, IReadOnlyList<PackageAnalysis> requires)
    {
        Name = name;
        Doc = doc;
        Requires = requires;
    }

    /// <summary>A short kebab-case name, for errors and docs ("function-cfgs").</summary>
    public string Name { get; }

    /// <summary>What the result says, in a sentence.</summary>
    public string Doc { get; }

    /// <summary>The analyses whose results Run reads (<see cref="AnalysisPass.ResultOf{T}"/>); run before it.</summary>
    public IReadOnlyList<PackageAnalysis> Requires { get; }

    /// <summary>Computed when a rule first asks for it rather than before the rules that require it run: for an
    /// analysis those rules need only in rare packages (after their own cheaper tests), so that the others skip it.</summary>
    public bool OnDemand { get; init; }

    internal abstract object RunUntyped(AnalysisPass pass);

    public override string ToString() => Name;
}

/// <summary>An analysis whose result has type <typeparamref name="T"/>.</summary>
public sealed class PackageAnalysis<T>(string name, string doc, Func<AnalysisPass, T> run, params PackageAnalysis[] requires)
    : PackageAnalysis(name, doc, requires) where T : class
{
    internal override object RunUntyped(AnalysisPass pass) => run(pass);
}

/// <summary>
/// What an analysis sees of one package: its files and types, its function bodies, the module's facts
/// (function summaries of this and imported packages), and the results of the analyses it declared it requires.
/// </summary>
public sealed class AnalysisPass
{
    private readonly PackageContext _ctx;
    private readonly PackageAnalysis _analysis;

    internal AnalysisPass(PackageContext ctx, PackageAnalysis analysis)
    {
        _ctx = ctx;
        _analysis = analysis;
    }

    public AnalysisPackage Package => _ctx.Package;
    public TypeInfo Info => _ctx.Package.Checked.Info;
    public IReadOnlyList<FunctionBody> Functions => _ctx.Functions;
    public ModuleFacts Facts => _ctx.Facts;

    /// <summary>The result of a required analysis; asking for one not in Requires is a bug in the analysis.</summary>
    public T ResultOf<T>(PackageAnalysis<T> required) where T : class
    {
        if (!_analysis.Requires.Contains(required))
            throw new InvalidOperationException($"analysis {_analysis.Name} reads {required.Name} without requiring it");
        return _ctx.ResultOf(required);
    }
}
