using System.Text.Json;
using LeakFinder.Tests.Shared;
using NJsonSchema;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder race` on the captured race-detector output of testdata/races (see its README).</summary>
public class RaceTests
{
    private const string Interleaved = "testdata/races/go1.19-test-race.txt";

    [Fact]
    public void TextRanksTheMostReportedPairFirstAndExitsOne()
    {
        var run = LeakFinderExe.Run("race", Interleaved);
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.StartsWith("Data races: 5 reports, 4 racing pairs (1 write/write, 3 write/read)", lines[0]);
        var first = Array.FindIndex(lines, l => l.StartsWith("#1 "));
        Assert.Equal("#1  2 reports, write/read", lines[first]);
        Assert.Contains("configonce.Retries", lines[first + 1]);
        Assert.Contains(lines, l => l.Contains("by a goroutine created at example.com/races/configonce.Start") && l.Contains("(x2)"));
        Assert.Contains(lines, l => l.StartsWith("#2  1 report, write/write, one site racing with itself"));
    }

    [Fact]
    public void JsonHasEveryPairOnceWithItsCount()
    {
        var run = LeakFinderExe.Run("race", "--format", "json", Interleaved);
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("reports").GetInt32());
        var pairs = root.GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal(5, pairs.Sum(p => p.GetProperty("count").GetInt32()));
        var keys = pairs.Select(p => string.Join("|", new[] { Site(p.GetProperty("a")), Site(p.GetProperty("b")) }.Order())).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var top = pairs[0];
        Assert.Equal(2, top.GetProperty("count").GetInt32());
        Assert.Equal("write/read", top.GetProperty("kind").GetString());
        Assert.Equal(["TestConfigPoll", "TestConfigRead"], top.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
    }

    private static string Site(JsonElement side) => $"{side.GetProperty("function").GetString()} {side.GetProperty("line").GetInt32()}";

    [Fact]
    public async Task SarifValidatesAgainstTheSchemaWithOneResultPerPair()
    {
        var run = LeakFinderExe.Run("race", "--format", "sarif", Interleaved);
        Assert.True(run.ExitCode == 1, run.ToString());
        var schemaPath = RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaPath, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var errors = schema.Validate(run.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        using var doc = JsonDocument.Parse(run.Stdout);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal("data-race", r.GetProperty("ruleId").GetString()));
        var top = results[0];
        Assert.Equal(2, top.GetProperty("properties").GetProperty("count").GetInt32());
        Assert.StartsWith("file:///tmp/leakfinder-races/configonce/configonce.go",
            top.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, top.GetProperty("relatedLocations").GetArrayLength());
        Assert.Equal(results.Count, results.Select(r => r.GetProperty("partialFingerprints").GetProperty("leakfinder/race/v1").GetString()).Distinct().Count());
    }

    [Fact]
    public void StandardInputWithACiPrefixGivesTheSameCounts()
    {
        var log = File.ReadAllBytes(RepoPaths.Combine("testdata", "races", "go1.19-ci-prefixed.txt"));
        var run = LeakFinderExe.Run(["race", "--format", "json", "-"], workDir: null, stdin: log);
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(5, doc.RootElement.GetProperty("reports").GetInt32());
        Assert.Contains("log prefix", doc.RootElement.GetProperty("logPrefix").GetString());
    }

    [Fact]
    public void NoRaceReportIsExitZeroWithAMessage()
    {
        var run = LeakFinderExe.Run("race", "testdata/races/go1.19-clean.txt");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("no race report", run.Stderr);
        Assert.Contains("-race", run.Stderr);
    }

    [Fact]
    public void MissingFileAndBinaryInputAreExitTwo()
    {
        var missing = LeakFinderExe.Run("race", "testdata/races/no-such-file.txt");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no such file", missing.Stderr);
        var binary = LeakFinderExe.Run(["race", "-"], workDir: null, stdin: new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 0, 0, 1, 2, 3 });
        Assert.True(binary.ExitCode == 2, binary.ToString());
        Assert.Contains("binary data", binary.Stderr);
        Assert.Single(binary.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void InputOverTheLimitIsExitTwoNamingTheFlag()
    {
        var run = LeakFinderExe.Run("race", "--max-input-mb", "1", "-");
        var big = LeakFinderExe.Run(["race", "--max-input-mb", "1", "-"], workDir: null, stdin: new string('x', 3 << 20));
        Assert.True(big.ExitCode == 2, big.ToString());
        Assert.Contains("--max-input-mb", big.Stderr);
        Assert.True(run.ExitCode == 0, run.ToString()); // empty stdin: no race
    }

    [Fact]
    public void HelpDescribesTheCommandAndItsFormats()
    {
        var run = LeakFinderExe.Run("race", "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("WARNING: DATA RACE", run.Stdout);
        Assert.Contains("sarif", run.Stdout);
        Assert.Contains("Exit codes:", run.Stdout);
    }
}
