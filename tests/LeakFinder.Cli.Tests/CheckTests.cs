using System.Text.Json;
using System.Text.RegularExpressions;
using LeakFinder.Tests.Shared;
using NJsonSchema;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder check` on the example services, in every output format.</summary>
public class CheckTests
{
    private const string Leaky = "examples/leaky-service";
    private const string Healthy = "examples/healthy-service";

    /// <summary>Every `// LEAK LFnnnn` marker the leaky example seeds: (file relative to the root, line, rule),
    /// except those of rules off by default that the example's own .leakfinder.yml switches on: these runs start
    /// from the repository root, where that file is not found.</summary>
    private static List<(string File, int Line, string Rule)> SeededLeaks()
    {
        var config = RepoPaths.Combine(Leaky, ".leakfinder.yml");
        var optIn = File.Exists(config) ? Regex.Matches(File.ReadAllText(config), @"LF\d{4}").Select(m => m.Value).ToHashSet() : [];
        var marks = new List<(string, int, string)>();
        foreach (var path in Directory.GetFiles(RepoPaths.Combine(Leaky), "*.go").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in Regex.Matches(lines[i], @"// LEAK (LF\d{4})"))
                    if (!optIn.Contains(m.Groups[1].Value))
                        marks.Add(($"{Leaky}/{Path.GetFileName(path)}", i + 1, m.Groups[1].Value));
        }
        return marks;
    }

    [Fact]
    public void LeakyServiceReportsEverySeededLeakAsFileLineColLines()
    {
        var run = LeakFinderExe.Run("check", Leaky);
        Assert.True(run.ExitCode == 1, run.ToString());
        var report = CheckReports.ParseText(run.Stdout);
        Assert.True(report.Unrecognized.Count == 0, "lines that are neither findings nor the summary:\n" + string.Join("\n", report.Unrecognized) + "\n" + run);
        Assert.Empty(report.InputErrors);
        Assert.Equal(report.SummaryCount, report.Findings.Count);
        Assert.Matches($@"^\d+ findings \(\d+ errors?, \d+ warnings?\) in {GoFiles(Leaky)} files of 1 package \(", report.Summary);

        // Exactly the seeded leaks: each finding sits on a line marked with its rule, and every marker is found.
        var seeded = SeededLeaks();
        Assert.True(seeded.Count >= 9, $"the example seeds {seeded.Count} leaks");
        Assert.Equal(
            seeded.Select(s => $"{s.File}:{s.Line} {s.Rule}").Order(StringComparer.Ordinal),
            report.Findings.Select(f => $"{f.File}:{f.Line} {f.Rule}").Order(StringComparer.Ordinal));
        // Findings come sorted by file, line, column; each has a code frame pointing at its column.
        Assert.Equal(report.Findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column), report.Findings);
        foreach (var f in report.Findings)
            Assert.Contains($"\n  {f.Line} | ", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // no colour when redirected
    }

    [Fact]
    public void HealthyServiceIsClean()
    {
        var run = LeakFinderExe.Run("check", Healthy);
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = CheckReports.ParseText(run.Stdout);
        Assert.Empty(report.Findings);
        Assert.Empty(report.InputErrors);
        Assert.Equal(0, report.SummaryCount);
        Assert.StartsWith($"No findings in {GoFiles(Healthy)} files of 1 package", report.Summary);

        var json = LeakFinderExe.Run("check", "--format", "json", Healthy);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("findings").GetArrayLength());
        Assert.Equal(GoFiles(Healthy), doc.RootElement.GetProperty("stats").GetProperty("files").GetInt32());
    }

    [Fact]
    public void PackagePatternFromTheModuleRootMatchesTheDirectoryPattern()
    {
        // `./...` from inside the module, as in CI; paths are then relative to the module. From the repository
        // root the same packages are `examples/leaky-service/...` (the directory and its subpackages, as go vet).
        // The same configuration both ways: from inside, the example's .leakfinder.yml is found upward.
        var fromRoot = CheckReports.ParseText(LeakFinderExe.Run("check", "--config", $"{Leaky}/.leakfinder.yml", $"{Leaky}/...").Stdout).Findings;
        var run = LeakFinderExe.RunIn(RepoPaths.Combine(Leaky), "check", "./...");
        Assert.True(run.ExitCode == 1, run.ToString());
        var inside = CheckReports.ParseText(run.Stdout).Findings;
        Assert.Equal(fromRoot.Select(f => f with { File = f.File[(Leaky.Length + 1)..] }), inside);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("checkstyle")]
    [InlineData("github")]
    public void EveryFormatParsesAndReportsTheSameFindingsAsText(string format)
    {
        var text = CheckReports.ParseText(LeakFinderExe.Run("check", Leaky).Stdout).Findings;
        Assert.NotEmpty(text);
        var run = LeakFinderExe.Run("check", "--format", format, Leaky);
        Assert.True(run.ExitCode == 1, run.ToString());
        var keys = format switch
        {
            "json" => CheckReports.ParseJson(run.Stdout),
            "sarif" => CheckReports.ParseSarif(run.Stdout),
            "checkstyle" => CheckReports.ParseCheckstyle(run.Stdout),
            _ => CheckReports.ParseGitHub(run.Stdout),
        };
        Assert.Equal(text.Order(Comparer), keys.Order(Comparer));
    }

    [Fact]
    public void JsonStatsAndSeverityCountsAgreeWithTheText()
    {
        var text = LeakFinderExe.Run("check", Leaky).Stdout;
        var run = LeakFinderExe.Run("check", "--format", "json", Leaky);
        using var doc = JsonDocument.Parse(run.Stdout);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var stats = doc.RootElement.GetProperty("stats");
        Assert.Equal(findings.Count, stats.GetProperty("findings").GetInt32());
        Assert.Equal(0, stats.GetProperty("errors").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("errors").GetArrayLength());
        var errors = findings.Count(f => f.GetProperty("severity").GetString() == "error");
        var warnings = findings.Count(f => f.GetProperty("severity").GetString() == "warning");
        Assert.Contains($"{findings.Count} findings ({errors} errors, {warnings} warnings)", text);
        foreach (var f in findings)
        {
            Assert.Matches("^LF[0-9]{4}$", f.GetProperty("rule").GetString());
            Assert.Matches("^[a-z]+(-[a-z]+)*$", f.GetProperty("name").GetString());
            Assert.True(f.GetProperty("related").ValueKind == JsonValueKind.Array);
        }
    }

    [Fact]
    public async Task SarifIsVersion210AndValidatesAgainstTheOfficialSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        var schema = await JsonSchema.FromJsonAsync(
            await File.ReadAllTextAsync(RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json"), ct), ct);
        foreach (var example in new[] { Leaky, Healthy })
        {
            var run = LeakFinderExe.Run("check", "--format", "sarif", example);
            Assert.True(run.ExitCode is 0 or 1, run.ToString());
            using var doc = JsonDocument.Parse(run.Stdout);
            Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
            var driver = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
            Assert.Equal("LeakFinder", driver.GetProperty("name").GetString());
            var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            foreach (var result in doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
                Assert.Equal(result.GetProperty("ruleId").GetString(), ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            var errors = schema.Validate(run.Stdout);
            Assert.True(errors.Count == 0, $"{example}: " + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        }
    }

    [Fact]
    public void OutputOptionWritesTheReportToTheFileInstead()
    {
        using var tmp = new TempDir();
        var path = tmp.Combine("report.sarif");
        var run = LeakFinderExe.Run("check", "--format", "sarif", "-o", path, Leaky);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("", run.Stdout);
        var fromFile = CheckReports.ParseSarif(File.ReadAllText(path));
        Assert.Equal(CheckReports.ParseText(LeakFinderExe.Run("check", Leaky).Stdout).Findings.Order(Comparer), fromFile.Order(Comparer));
    }

    [Fact]
    public void VerbosePrintsThePhasesToStandardErrorAndLeavesTheReportAlone()
    {
        var quiet = LeakFinderExe.Run("check", Leaky);
        var run = LeakFinderExe.Run("check", "-v", Leaky);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(CheckReports.ParseText(quiet.Stdout).Findings, CheckReports.ParseText(run.Stdout).Findings);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var matches = lines.Select(l => Regex.Match(l, @"^leakfinder: (?<phase>.+) took \d+\.\d{3}s \(\d+\.\d{3}s CPU\), allocated \d+ MiB; peak RSS (?<peak>\d+) MiB, heap after last full GC \d+ MiB$"))
            .Where(m => m.Success).ToList();
        var phases = matches.Select(m => m.Groups["phase"].Value).ToList();
        // A process is never resident in less than a MiB: the figure is read, not left at zero.
        Assert.All(matches, m => Assert.True(int.Parse(m.Groups["peak"].Value) > 0, m.Value));
        Assert.Contains("load", phases);
        Assert.Contains(phases, p => p.Contains("rules", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^leakfinder: 1 packages?, {GoFiles(Leaky)} files in \d+\.\d{{3}}s$"));
        Assert.Contains(lines, l => l.StartsWith("leakfinder: GC: ", StringComparison.Ordinal));
        Assert.DoesNotContain("took", quiet.Stderr);

        var longForm = LeakFinderExe.Run("check", "--verbose", Healthy);
        Assert.True(longForm.ExitCode == 0, longForm.ToString());
        Assert.Contains("leakfinder: load took ", longForm.Stderr);
    }

    private static readonly Comparer<FindingKey> Comparer = Comparer<FindingKey>.Create((a, b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()));

    // The examples' Go files, counted rather than written down, so that a file added to an example needs no test edit.
    /// <summary>The example's Go files the default build (linux/amd64, cgo on) selects: not its `//go:build !cgo`
    /// fallbacks.</summary>
    private static int GoFiles(string example) =>
        Directory.GetFiles(RepoPaths.Combine(example), "*.go").Count(f => !File.ReadLines(f).FirstOrDefault("").StartsWith("//go:build !cgo", StringComparison.Ordinal));
}
