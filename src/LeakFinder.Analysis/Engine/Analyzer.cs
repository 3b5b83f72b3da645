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
    // After rule i ran, the declared analyses no later rule needs (itself or through a requirement): their results
    // go before the next rules run, so a package's memory holds only what is still to be read (the lock flows'
    // analysis is computed while the loops' survey and the rest would otherwise still be held).
    private readonly IReadOnlyList<PackageAnalysis>[] _doneAfter = LastUses(rules);

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
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
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
                ctx.Release(_doneAfter[i]);
                continue;
            }
            foreach (var d in found) _diagnostics.Add(d);
            ctx.Release(_doneAfter[i]);
        }
    }

    private static IReadOnlyList<PackageAnalysis>[] LastUses(IReadOnlyList<Rule> rules)
    {
        var last = new Dictionary<PackageAnalysis, int>(ReferenceEqualityComparer.Instance);
        void Mark(PackageAnalysis a, int rule)
        {
            if (last.TryGetValue(a, out var at) && at == rule) return;
            last[a] = rule;
            foreach (var r in a.Requires) Mark(r, rule);
        }
        for (var i = 0; i < rules.Count; i++)
            foreach (var a in rules[i].Requires) Mark(a, i);
        var done = new List<PackageAnalysis>[rules.Count];
        for (var i = 0; i < done.Length; i++) done[i] = [];
        // The implicit analyses (CFGs, acquire sites) any rule may read without declaring them stay to the end.
        foreach (var (a, i) in last)
            if (!PackageContext.Implicit.Contains(a)) done[i].Add(a);
        return done;
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
