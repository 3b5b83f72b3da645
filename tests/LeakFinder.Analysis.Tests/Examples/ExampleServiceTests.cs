using LeakFinder.Check;
using System.Text.RegularExpressions;
using LeakFinder.Check.Pipeline;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Examples;

/// <summary>
/// Acceptance 1 of `leakfinder check`: the leaky example service reports every seeded leak (each marked
/// `// LEAK LFnnnn` on its line) and nothing else; the healthy one, the same service fixed, reports nothing.
/// </summary>
public partial class ExampleServiceTests
{
    private static CheckResult Check(string example) => CheckRunner.Run(new CheckOptions { WorkDir = RepoPaths.Combine("examples", example) });

    [Fact]
    public void TheLeakyServiceReportsEverySeededLeakAndNothingElse()
    {
        var dir = RepoPaths.Combine("examples", "leaky-service");
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*.go", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in LeakMarker().Matches(lines[i]))
                    expected.Add($"{Path.GetFileName(file)}:{i + 1} {m.Groups[1].Value}");
        }
        Assert.True(expected.Count >= 8, "the example should seed a leak for every rule");

        var result = Check("leaky-service");
        Assert.Empty(result.Errors);
        var actual = new SortedSet<string>(result.Findings.Select(f => $"{Path.GetFileName(f.Span.File)}:{f.Span.Line} {f.Rule.Id}"), StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TheHealthyServiceReportsNothing()
    {
        var result = Check("healthy-service");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings.Select(f => $"{f.Span}: {f.Message} ({f.Rule.Id})"));
        Assert.True(result.Stats.Files >= 4);
    }

    [Theory]
    [InlineData("leaky-service")]
    [InlineData("healthy-service")]
    public void BothServicesAreRealGoThatBuilds(string example)
    {
        var go = GoToolchain.Require();
        var env = new Dictionary<string, string> { ["GOFLAGS"] = "-mod=mod", ["GOPROXY"] = "off", ["CGO_ENABLED"] = "0" };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME"))) env["GOCACHE"] = Path.Combine(GoTools.CacheDir, "gocache");
        // Build into a temporary directory: `go build` of a main package would otherwise write the binary into examples/.
        var output = Directory.CreateTempSubdirectory("leakfinder-example-").FullName;
        try
        {
            GoToolchain.Run(go, $"build -o \"{output}\" ./...", RepoPaths.Combine("examples", example), env);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [GeneratedRegex(@"// LEAK (LF\d{4})")]
    private static partial Regex LeakMarker();
}
