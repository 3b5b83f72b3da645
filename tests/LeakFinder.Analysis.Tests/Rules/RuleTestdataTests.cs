using LeakFinder.Analysis.Engine;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>Every rule against its testdata/rules/&lt;Id&gt;/ packages, analysistest-style (see <see cref="Expectations"/>).</summary>
public class RuleTestdataTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var r in RuleRegistry.All) data.Add(r.Descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleReportsExactlyTheWantedDiagnostics(string id)
    {
        var dir = RepoPaths.Combine("testdata", "rules", id);
        Assert.True(Directory.Exists(dir), $"{dir}: every rule needs testdata");
        var loader = new TestdataLoader(dir);
        var packages = loader.LoadAll();
        Assert.Empty(loader.Errors);
        var wants = Expectations.Parse(packages);
        Assert.NotEmpty(wants);
        var result = Analyzer.Run(packages, [RuleRegistry.Find(id)!], TestContext.Current.CancellationToken);
        Assert.Empty(result.Errors);
        var problems = Expectations.Check(result.Diagnostics, wants);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        foreach (var d in result.Diagnostics)
            Assert.All(d.Related, r => Assert.True(r.Span.Line > 0, $"{d.Span}: related location without a position"));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleHasItsDocPageWithEverySection(string id)
    {
        var path = RepoPaths.Combine("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"{path}: every rule needs its doc page");
        var text = File.ReadAllText(path);
        foreach (var section in new[] { "## What it finds", "## Why it leaks", "## Example", "## Fix", "## Known limits", "## Since" })
            Assert.Contains(section, text);
        var rule = RuleRegistry.Find(id)!.Descriptor;
        Assert.Contains(rule.Name, text);
    }
}
