using System.Text.Json;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder rules` and `check --enable`, through the shipped executable.</summary>
public class RulesTests
{
    [Fact]
    public void MarkdownFormatPrintsTheReadmeRuleTable()
    {
        var run = LeakFinderExe.Run("rules", "--format", "markdown");
        Assert.True(run.ExitCode == 0, run.ToString());
        var readme = File.ReadAllText(RepoPaths.Combine("README.md")).ReplaceLineEndings("\n");
        Assert.Contains(run.Stdout, readme);
    }

    [Fact]
    public void JsonFormatListsEveryRuleWithItsMetadata()
    {
        var run = LeakFinderExe.Run("rules", "--format", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var rules = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("rules").EnumerateArray().ToList();
        var lf2001 = rules.Single(r => r.GetProperty("id").GetString() == "LF2001");
        Assert.Equal("http-body-not-closed", lf2001.GetProperty("name").GetString());
        Assert.Equal("resource-leak", lf2001.GetProperty("category").GetString());
        Assert.Equal("error", lf2001.GetProperty("severity").GetString());
        Assert.Equal("0.1", lf2001.GetProperty("since").GetString());
        Assert.True(lf2001.GetProperty("enabledByDefault").GetBoolean());
        Assert.False(lf2001.GetProperty("experimental").GetBoolean());
        Assert.Equal(rules.Count, rules.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public void TextFormatHasOneHeadingLinePerRule()
    {
        var run = LeakFinderExe.Run("rules");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LF2001 http-body-not-closed: HTTP response body not closed\n", run.Stdout);
        Assert.Equal(Directory.GetFiles(RepoPaths.Combine("docs", "rules"), "LF*.md").Length,
            run.Stdout.Split('\n').Count(l => l.StartsWith("LF", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnknownFormatIsBadUsage()
    {
        var run = LeakFinderExe.Run("rules", "--format", "yaml");
        Assert.True(run.ExitCode == 2, run.ToString());
    }

    [Fact]
    public void CheckEnableOfAnUnknownRuleIsBadUsage()
    {
        var run = LeakFinderExe.Run("check", "--enable", "LF7777", "examples/healthy-service");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--enable LF7777: unknown rule", run.Stderr);
    }

    [Fact]
    public void CheckEnableOfARuleOnByDefaultChangesNothing()
    {
        var plain = LeakFinderExe.Run("check", "--format", "json", "examples/leaky-service");
        var enabled = LeakFinderExe.Run("check", "--format", "json", "--enable", "LF2001,lost-cancel", "examples/leaky-service");
        Assert.True(enabled.ExitCode == 1, enabled.ToString());
        Assert.Equal(Findings(plain.Stdout), Findings(enabled.Stdout));
    }

    private static string Findings(string json) => JsonDocument.Parse(json).RootElement.GetProperty("findings").GetRawText();
}
