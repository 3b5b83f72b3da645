using LeakFinder.Analysis;
using LeakFinder.Analysis.Pipeline;

namespace LeakFinder.Reporting.Tests;

/// <summary>The one warning of a partial check, as standard error shows it: a summary, then the first few imports.</summary>
public class DependencyWarningTests
{
    private static UnresolvedDependency Missing(int i) =>
        new($"github.com/absent/m{i:D2}", $"module github.com/absent/m{i:D2}@v1.0.0 is not in the module cache", SampleResult.MainGo, 3 + i, 2);

    private static CheckResult WithUnresolved(int count, int imported) =>
        SampleResult.Create() with { Dependencies = new DependencyReport(imported, Enumerable.Range(1, count).Select(Missing).ToList(), "run `go mod vendor`") };

    [Fact]
    public void ACompleteCheckHasNoWarning()
    {
        var complete = SampleResult.Create() with { Dependencies = DependencyReport.Complete };
        Assert.Null(DependencyWarning.ForStandardError(complete, SampleResult.Options()));
        Assert.Null(DependencyWarning.Summary(complete.Dependencies));
    }

    [Fact]
    public void FewUnresolvedImportsAreAllListedWithWhereAndWhy()
    {
        var text = DependencyWarning.ForStandardError(WithUnresolved(2, 40), SampleResult.Options());
        Assert.Equal(
            "leakfinder: 2 of 40 imported packages unresolved (first: github.com/absent/m01): analysis is partial; run `go mod vendor`\n" +
            "  github.com/absent/m01 (svc/main.go:4:2): module github.com/absent/m01@v1.0.0 is not in the module cache\n" +
            "  github.com/absent/m02 (svc/main.go:5:2): module github.com/absent/m02@v1.0.0 is not in the module cache",
            text);
    }

    [Fact]
    public void ManyUnresolvedImportsListTheFirstFewAndCountTheRest()
    {
        var lines = DependencyWarning.ForStandardError(WithUnresolved(12, 340), SampleResult.Options())!.Split('\n');
        Assert.StartsWith("leakfinder: 12 of 340 imported packages unresolved (first: github.com/absent/m01): analysis is partial", lines[0]);
        Assert.Equal(1 + DependencyWarning.Listed + 1, lines.Length);
        Assert.Equal("  ... and 9 more (--format json lists them all)", lines[^1]);
    }

    [Fact]
    public void GitHubFormatAnnotatesThePartialAnalysisAtTheFirstUnresolvedImport()
    {
        var lines = SampleResult.Render(ReportFormat.GitHub, WithUnresolved(2, 40), SampleResult.Options()).Split('\n');
        var warning = Assert.Single(lines, l => l.Contains("title=leakfinder%3A analysis is partial", StringComparison.Ordinal));
        Assert.StartsWith("::warning file=svc/main.go,line=4,col=2,title=", warning);
        Assert.EndsWith("::2 of 40 imported packages unresolved (first: github.com/absent/m01): analysis is partial; run `go mod vendor`" +
            "%0Agithub.com/absent/m01 (svc/main.go:4:2): module github.com/absent/m01@v1.0.0 is not in the module cache" +
            "%0Agithub.com/absent/m02 (svc/main.go:5:2): module github.com/absent/m02@v1.0.0 is not in the module cache", warning);
        var complete = SampleResult.Create() with { Dependencies = DependencyReport.Complete };
        Assert.DoesNotContain("analysis is partial", SampleResult.Render(ReportFormat.GitHub, complete, SampleResult.Options()));
    }
}
