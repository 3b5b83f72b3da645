using LeakFinder.Analysis.Pipeline;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Examples;

/// <summary>Exit codes and robustness of `leakfinder check` as a CI gate.</summary>
public class CheckExitTests
{
    [Fact]
    public void ExitCodesSayCleanFindingsOrUnreadableInput()
    {
        Assert.Equal(CheckExit.Clean, CheckExit.For(CheckRunner.Run(new CheckOptions { WorkDir = RepoPaths.Combine("examples", "healthy-service") })));
        Assert.Equal(CheckExit.Findings, CheckExit.For(CheckRunner.Run(new CheckOptions { WorkDir = RepoPaths.Combine("examples", "leaky-service") })));
    }

    [Fact]
    public void AFileThatDoesNotParseIsReportedAndTheRestIsStillChecked()
    {
        var dir = RepoPaths.Combine("testdata", "check", "badfile");
        var before = Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllText);
        var result = CheckRunner.Run(new CheckOptions { WorkDir = dir });
        var error = Assert.Single(result.Errors);
        Assert.EndsWith("broken.go", error.File);
        Assert.Equal(3, error.Line);
        Assert.Matches(@"^.*broken\.go:3:\d+: .+$", error.ToString());
        Assert.Contains(result.Findings, f => f.Rule.Id == "LF2002" && f.Span.File.EndsWith("good.go", StringComparison.Ordinal));
        Assert.Equal(CheckExit.BadInput, CheckExit.For(result));
        // Nothing in the scanned tree is written.
        Assert.Equal(before, Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllText));
    }

    [Fact]
    public void ADirectoryPatternIsLoadedFromItsOwnModule()
    {
        var result = CheckRunner.Run(new CheckOptions { WorkDir = RepoPaths.Root, Patterns = ["examples/healthy-service"] });
        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Stats.Packages);
    }

    [Fact]
    public void ABadConfigurationIsAUsageError()
    {
        var dir = Directory.CreateTempSubdirectory("leakfinder-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/x\n\ngo 1.22\n");
            File.WriteAllText(Path.Combine(dir, ".leakfinder.yml"), "rules:\n  enable: [LF9999]\n");
            var e = Assert.Throws<CheckUsageException>(() => CheckRunner.Run(new CheckOptions { WorkDir = dir }));
            Assert.Contains("LF9999", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
