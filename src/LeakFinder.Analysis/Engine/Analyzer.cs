using LeakFinder.Semantics;
using System.Collections.Concurrent;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Engine;

/// <summary>What running the rules produced: findings sorted by position, and rules that failed on a package.</summary>
public sealed record AnalysisResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<InputError> Errors);

/// <summary>
/// Runs rules over checked packages: the packages analysed together share one <see cref="ModuleFacts"/>
/// (so helpers in one package are understood in another), packages run in parallel, and every rule of a
/// package shares its CFGs. A rule that throws on a package is reported as an error of that package; the
/// other rules and packages go on.
/// </summary>
public static class Analyzer
{
    /// <summary>All packages at once: their facts first, then the rules, packages in parallel.</summary>
    public static AnalysisResult Run(IReadOnlyList<AnalysisPackage> packages, IReadOnlyList<Rule>? rules = null, CancellationToken cancel = default)
    {
        var session = new AnalysisSession(rules ?? RuleRegistry.All);
        foreach (var p in packages) session.AddFacts(p);
        // Rules walk syntax trees recursively: deep-stack workers, as for the checker (see DeepStack).
        DeepStack.ForEach(packages, session.Analyze, cancel);
        return session.Result();
    }

    public static int CompareByPosition(Diagnostic a, Diagnostic b)
    {
        var c = SourceSpan.Compare(a.Span, b.Span);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}

/// <summary>
/// One analysis of many packages, fed package by package (thread-safe), so that a package's rules can run
/// as soon as it is type-checked, beside the checking of the packages above it. A package's facts must be
/// added before any package that imports it is analysed: its functions' summaries are read from there.
/// </summary>
public sealed class AnalysisSession(IReadOnlyList<Rule> rules)
{
    private readonly ConcurrentBag<Diagnostic> _diagnostics = [];
    private readonly ConcurrentBag<InputError> _errors = [];

    /// <summary>Function summaries of every package added, computed for every declared resource kind.</summary>
    public ModuleFacts Facts { get; } = new(ResourceKinds.All);

    public void AddFacts(AnalysisPackage p) => Facts.AddPackage(p.Files.Select(f => f.File).ToList(), p.Checked.Info);

    /// <summary>Ends the package's part in the analysis: its summaries are completed and its syntax and type
    /// information are no longer referenced here (see <see cref="ModuleFacts.Seal"/>).</summary>
    public void Seal(AnalysisPackage p) => Facts.Seal(p.Checked.Info);

    public void Analyze(AnalysisPackage p)
    {
        var ctx = new PackageContext(p, Facts);
        foreach (var rule in rules)
        {
            var found = new List<Diagnostic>();
            try
            {
                ctx.Prepare(rule.Requires);
                rule.Run(new Pass(ctx, rule, found));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var file = p.Files.Count > 0 ? p.Files[0].TokenFile.Name : p.Checked.Package.Path;
                _errors.Add(new InputError(file, 0, 0, $"rule {rule.Descriptor.Id} failed on package {p.Checked.Package.Path}: {e.GetType().Name}: {e.Message}"));
                continue;
            }
            foreach (var d in found) _diagnostics.Add(d);
        }
    }

    public AnalysisResult Result()
    {
        var sorted = _diagnostics.ToList();
        sorted.Sort(Analyzer.CompareByPosition);
        var errs = _errors.ToList();
        errs.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return new AnalysisResult(sorted, errs);
    }
}
