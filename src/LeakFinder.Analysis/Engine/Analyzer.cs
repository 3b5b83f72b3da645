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
    public static AnalysisResult Run(IReadOnlyList<AnalysisPackage> packages, IReadOnlyList<Rule>? rules = null, CancellationToken cancel = default)
    {
        rules ??= RuleRegistry.All;
        var facts = new ModuleFacts(ResourceKinds.All);
        foreach (var p in packages) facts.AddPackage(p.Files.Select(f => f.File).ToList(), p.Checked.Info);
        var diagnostics = new ConcurrentBag<Diagnostic>();
        var errors = new ConcurrentBag<InputError>();
        // Rules walk syntax trees recursively: deep-stack workers, as for the checker (see DeepStack).
        DeepStack.ForEach(packages, p =>
        {
            var ctx = new PackageContext(p, facts);
            foreach (var rule in rules)
            {
                var found = new List<Diagnostic>();
                try
                {
                    rule.Run(new Pass(ctx, rule.Descriptor, found));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var file = p.Files.Count > 0 ? p.Files[0].TokenFile.Name : p.Checked.Package.Path;
                    errors.Add(new InputError(file, 0, 0, $"rule {rule.Descriptor.Id} failed on package {p.Checked.Package.Path}: {e.GetType().Name}: {e.Message}"));
                    continue;
                }
                foreach (var d in found) diagnostics.Add(d);
            }
        }, cancel);
        var sorted = diagnostics.ToList();
        sorted.Sort(CompareByPosition);
        var errs = errors.ToList();
        errs.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return new AnalysisResult(sorted, errs);
    }

    public static int CompareByPosition(Diagnostic a, Diagnostic b)
    {
        var c = string.CompareOrdinal(a.Span.File, b.Span.File);
        if (c == 0) c = a.Span.Line.CompareTo(b.Span.Line);
        if (c == 0) c = a.Span.Column.CompareTo(b.Span.Column);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
