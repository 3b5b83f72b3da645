using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Tests.Rules;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Engine;

public class AnalyzerTests
{
    private sealed class ThrowingRule : Rule
    {
        public override RuleDescriptor Descriptor { get; } = new("LF9001", "always-throws", RuleCategory.Race, Severity.Info, "test rule");
        public override void Run(Pass pass) => throw new InvalidOperationException("boom");
    }

    [Fact]
    public void ARuleThatThrowsIsAnErrorOfItsPackageAndTheOtherRulesStillReport()
    {
        var loader = new TestdataLoader(RepoPaths.Combine("testdata", "rules", "LF2001"));
        var packages = loader.LoadAll();
        var result = Analyzer.Run(packages, [new ThrowingRule(), RuleRegistry.Find("LF2001")!], TestContext.Current.CancellationToken);
        Assert.Equal(packages.Count, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("rule LF9001 failed on package example.com/", e.Message));
        Assert.NotEmpty(result.Diagnostics);
    }

    [Fact]
    public void DiagnosticsAreSortedByFileLineAndColumn()
    {
        var packages = new List<AnalysisPackage>();
        foreach (var id in new[] { "LF2001", "LF2002", "LF4001" })
            packages.AddRange(new TestdataLoader(RepoPaths.Combine("testdata", "rules", id)).LoadAll());
        var result = Analyzer.Run(packages, null, TestContext.Current.CancellationToken);
        Assert.True(result.Diagnostics.Count > 10);
        for (var i = 1; i < result.Diagnostics.Count; i++)
            Assert.True(Analyzer.CompareByPosition(result.Diagnostics[i - 1], result.Diagnostics[i]) <= 0, $"{result.Diagnostics[i - 1].Span} after {result.Diagnostics[i].Span}");
    }

    [Fact]
    public void AllRulesTogetherReportWhatEachReportsAlone()
    {
        var dir = RepoPaths.Combine("testdata", "rules", "LF2002");
        var alone = Analyzer.Run(new TestdataLoader(dir).LoadAll(), [RuleRegistry.Find("LF2002")!], TestContext.Current.CancellationToken);
        var all = Analyzer.Run(new TestdataLoader(dir).LoadAll(), null, TestContext.Current.CancellationToken);
        Assert.Equal(alone.Diagnostics.Select(d => d.Span.ToString() + d.Message), all.Diagnostics.Where(d => d.Rule.Id == "LF2002").Select(d => d.Span.ToString() + d.Message));
    }
}
