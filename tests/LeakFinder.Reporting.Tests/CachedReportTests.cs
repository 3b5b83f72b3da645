using System.Text.RegularExpressions;
using LeakFinder.Check;
using LeakFinder.Check.Cache;
using LeakFinder.Check.Pipeline;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Reporting.Tests;

/// <summary>
/// `check`'s JSON report is the same byte for byte without the findings cache, with a cold one and with a warm
/// one (apart from the time taken), over the examples and testdata modules of different shapes: import cycles,
/// external test packages, suppressions, unparsable files, command and test code whose leaks are left out.
/// The warm run must have analysed nothing, or the comparison would not exercise the cache: its suppressions
/// and the command/test classification come from the entries (a hit is not parsed again), so the directives
/// that suppressed nothing are compared too (stderr's list, not the JSON's).
/// </summary>
public partial class CachedReportTests
{
    [Theory]
    [InlineData("examples", false)]
    [InlineData("testdata/check/contexts", false)]
    [InlineData("testdata/check/suppressed", false)]
    [InlineData("testdata/check/suppressed", true)]
    [InlineData("testdata/check/contexts", true)]
    [InlineData("testdata/check/badfile", false)]
    [InlineData("testdata/modules/cycle", false)]
    [InlineData("testdata/modules/xtest", true)]
    [InlineData("testdata/modules/workspace", false)]
    public void TheReportIsTheSameWithAndWithoutTheCache(string tree, bool tests)
    {
        var dir = RepoPaths.Combine(tree.Split('/'));
        var store = Directory.CreateTempSubdirectory("lf-cache-report-").FullName;
        try
        {
            CheckResult Run(CacheOptions? cache) => CheckRunner.Run(new CheckOptions { WorkDir = dir, Tests = tests, Cache = cache });
            var uncachedResult = Run(null);
            var uncached = Json(uncachedResult, dir);
            var cold = Run(new CacheOptions(store));
            var warm = Run(new CacheOptions(store));
            Assert.NotEmpty(warm.Cache.Hits);
            Assert.Empty(warm.Cache.Analysed);
            Assert.Equal(uncached, Json(cold, dir));
            Assert.Equal(uncached, Json(warm, dir));
            Assert.Equal(Unused(uncachedResult), Unused(cold));
            Assert.Equal(Unused(uncachedResult), Unused(warm));
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private static List<string> Unused(CheckResult result) =>
        result.UnusedSuppressions.Select(d => $"{d} ({d.Reason}) lines {d.FromLine}-{d.ToLine}").ToList();

    private static string Json(CheckResult result, string dir)
    {
        var json = SampleResult.Render(ReportFormat.Json, result, SampleResult.Options() with { WorkingDirectory = dir });
        return Elapsed().Replace(json, "\"elapsed\": 0");
    }

    [GeneratedRegex("\"elapsed\": [0-9.]+")]
    private static partial Regex Elapsed();
}
