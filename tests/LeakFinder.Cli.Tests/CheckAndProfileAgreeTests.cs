using System.Text.Json;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// The static and the runtime side name the same line (issue 15): `check` on testdata/programs/global-map-cache
/// reports the map insert that only grows, and `profile --base` of two heap profiles of that program (captured 5 s
/// apart, testdata/profiles/README.md) charges the growth to the same file:line, the one marked `// LEAK`.
/// </summary>
public class CheckAndProfileAgreeTests
{
    private const string Program = "global-map-cache";

    [Fact]
    public void CheckAndTheHeapDiffNameTheSameInsertOfTheUnboundedMap()
    {
        var source = RepoPaths.Combine("testdata", "programs", Program, "main.go");
        var leakLine = Array.FindIndex(File.ReadAllLines(source), l => l.Contains("// LEAK", StringComparison.Ordinal)) + 1;
        Assert.True(leakLine > 0, $"{source}: no // LEAK marker");

        var check = LeakFinderExe.RunIn(RepoPaths.Combine("testdata", "programs"), "check", "--format", "json", $"./{Program}");
        Assert.True(check.ExitCode == 1, check.ToString());
        using var checkDoc = JsonDocument.Parse(check.Stdout);
        var finding = Assert.Single(checkDoc.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("LF6001", finding.GetProperty("rule").GetString());
        var checkSite = $"{finding.GetProperty("file").GetString()}:{finding.GetProperty("line").GetInt32()}";

        var profile = LeakFinderExe.Run("profile", "--format", "json", "--base",
            $"testdata/profiles/{Program}-early.pb.gz", $"testdata/profiles/{Program}-late.pb.gz");
        Assert.True(profile.ExitCode == 1, profile.ToString());
        using var profileDoc = JsonDocument.Parse(profile.Stdout);
        var suspect = profileDoc.RootElement.GetProperty("suspects")[0];
        Assert.Equal("heap-growth", suspect.GetProperty("kind").GetString());
        var site = suspect.GetProperty("site");
        // The binary was built with -trimpath: its files are named by import path (leakfinder.test/programs/<program>/main.go).
        var profileSite = $"{site.GetProperty("file").GetString()}:{site.GetProperty("line").GetInt32()}";

        Assert.Equal($"{Program}/main.go:{leakLine}", checkSite);
        Assert.EndsWith("/" + checkSite, profileSite);
    }
}
