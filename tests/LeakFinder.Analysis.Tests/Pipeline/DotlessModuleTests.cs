using LeakFinder.Check.Pipeline;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Pipeline;

/// <summary>
/// A module named without a dot (`module balancer`, as many services and bug reproductions are) is the user's
/// code, not std: whether a package is std is the loader's answer, never a guess from the import path. Before,
/// the rules took such a module's functions for std functions and skipped calls through its callback fields.
/// </summary>
public class DotlessModuleTests
{
    [Fact]
    public void ItsFunctionsAreFollowedLikeAnyModule()
    {
        var dir = RepoPaths.Combine("testdata", "check", "dotless");
        var result = CheckRunner.Run(new CheckOptions { WorkDir = dir });
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("LF5003", "balancer.go", 24), (finding.Rule.Id, Path.GetFileName(finding.Span.File), finding.Span.Line));
        Assert.Contains("through regenerate", finding.Message);
    }
}
