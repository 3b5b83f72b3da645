using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `leakfinder check` with configuration (YAML), baselines (JSON written and read back), inline suppressions,
/// unparsable input and bad usage. Whatever writes files runs on a temporary copy of its input.
/// </summary>
public class CheckOptionsTests
{
    private static List<FindingKey> JsonFindings(CliResult run)
    {
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return CheckReports.ParseJson(run.Stdout);
    }

    [Fact]
    public void ConfigFileDisablingARuleRemovesExactlyThatRulesFindings()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/leaky-service");
        DefaultRulesOnly(dir);
        var before = JsonFindings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        Assert.True(before.Count(f => f.Rule == "LF2002") >= 2, "the example seeds two LF2002 leaks");

        File.WriteAllText(Path.Combine(dir, ".leakfinder.yml"), "rules:\n  disable: [LF2002]\n");
        var after = JsonFindings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        Assert.Equal(before.Where(f => f.Rule != "LF2002"), after);

        // Rules named by their names work the same.
        File.WriteAllText(Path.Combine(dir, ".leakfinder.yml"), "rules:\n  disable: [time-after-in-loop, lost-cancel]\n");
        var byName = JsonFindings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        Assert.Equal(before.Where(f => f.Rule is not ("LF3003" or "LF4001")), byName);
    }

    [Fact]
    public void ConfigSeverityAndExcludeFromAnExplicitConfigPath()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/leaky-service");
        DefaultRulesOnly(dir);
        var defaults = Severities(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        var config = tmp.Combine("elsewhere.yml");
        File.WriteAllText(config, "severity:\n  timer-leak: info\n  LF2001: warning\nexclude:\n  - \"store.go\"\n");
        var configured = Severities(LeakFinderExe.RunIn(dir, "check", "--config", config, "--format", "json", "./..."));

        // store.go (a pattern without '/' matches the name at any depth) is not analysed; the rest is re-levelled.
        var expected = defaults.Where(d => d.Key.File != "store.go").Select(d => (d.Key, Severity:
            d.Category == "timer-leak" ? "info" : d.Key.Rule == "LF2001" ? "warning" : d.Severity)).ToList();
        Assert.Equal(expected, configured.Select(c => (c.Key, c.Severity)));
        Assert.Contains(defaults, d => d.Key.File == "store.go");
        Assert.Contains(expected, e => e.Severity == "info");
        Assert.Contains(expected, e => e.Key.Rule == "LF2001");
    }

    private static List<(FindingKey Key, string Category, string Severity)> Severities(CliResult run)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => (
            new FindingKey(f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32(), f.GetProperty("rule").GetString()!),
            f.GetProperty("category").GetString()!, f.GetProperty("severity").GetString()!)).ToList();
    }

    [Fact]
    public void BadConfigStopsTheRunWithFileLineColErrors()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/healthy-service");
        var config = Path.Combine(dir, ".leakfinder.yml");
        // Every problem of the file's shape at once...
        File.WriteAllText(config, "rules:\n  disable: [LF2001]\nexclud: [x]\nseverity:\n  LF1001: fatal\n");
        var run = LeakFinderExe.RunIn(dir, "check", "./...");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            [$"{config}:3:1: unknown key \"exclud\" (expected rules, severity, exclude, settings or go)", $"{config}:5:11: severity of \"LF1001\" must be error, warning or info"],
            run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // ...and a word that names no rule: a typo must never silently switch a check off.
        File.WriteAllText(config, "rules:\n  disable: [LF9999]\n");
        var typo = LeakFinderExe.RunIn(dir, "check", "./...");
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.StartsWith($"{config}:2:13: unknown rule \"LF9999\"", typo.Stderr);
    }

    [Fact]
    public void BaselineWrittenThenReadReportsNoNewFindingsUntilOneIsAdded()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/leaky-service");
        var all = JsonFindings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));

        var write = LeakFinderExe.RunIn(dir, "check", "--write-baseline", "baseline.json", "./...");
        // Recording the baseline is what was asked: exit 0, the findings still shown, and a line saying where they went.
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal(all.Count, CheckReports.ParseText(write.Stdout).Findings.Count);
        Assert.Contains($"leakfinder: recorded {all.Count} findings in baseline.json as the baseline", write.Stderr);
        using (var baseline = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "baseline.json"))))
        {
            Assert.Equal(1, baseline.RootElement.GetProperty("version").GetInt32());
            var recorded = baseline.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.Equal(all.Count, recorded.Count);
            Assert.All(recorded, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("fingerprint").GetString())));
        }

        var read = LeakFinderExe.RunIn(dir, "check", "--baseline", "baseline.json", "./...");
        Assert.True(read.ExitCode == 0, read.ToString());
        var report = CheckReports.ParseText(read.Stdout);
        Assert.Empty(report.Findings);
        Assert.Equal(0, report.SummaryCount);
        Assert.Contains($"{all.Count} suppressed", report.Summary);

        // Lines inserted above keep the old findings baselined; a new leak is reported alone.
        var store = Path.Combine(dir, "store.go");
        File.WriteAllText(store, File.ReadAllText(store).Replace("\nimport", "\n// moved down\n// by two lines\n\nimport", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "newleak.go"), "package main\n\nimport \"os\"\n\nfunc openConfig() {\n\tf, _ := os.Open(\"config\")\n\t_ = f\n}\n");
        var json = LeakFinderExe.RunIn(dir, "check", "--baseline", "baseline.json", "--format", "json", "./...");
        Assert.True(json.ExitCode == 1, json.ToString());
        var fresh = CheckReports.ParseJson(json.Stdout);
        Assert.Equal([new FindingKey("newleak.go", 6, 10, "LF2002")], fresh);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(all.Count, doc.RootElement.GetProperty("stats").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void NolintAndLintIgnoreCommentsSuppressTheirFindings()
    {
        var run = LeakFinderExe.Run("check", "testdata/check/suppressed");
        Assert.True(run.ExitCode == 1, run.ToString());
        var report = CheckReports.ParseText(run.Stdout);
        // trailing //nolint:LF2002, //nolint:resource-not-closed and //lint:ignore above the func: only reported() is left.
        Assert.Equal([new FindingKey("testdata/check/suppressed/files.go", 24, 10, "LF2002")], report.Findings);
        Assert.Matches(@"^1 finding \(1 error\) in 1 file of 1 package, 3 suppressed \(", report.Summary);

        var json = LeakFinderExe.Run("check", "--format", "json", "testdata/check/suppressed");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("stats").GetProperty("suppressed").GetInt32());

        var unused = LeakFinderExe.Run("check", "--report-unused-suppressions", "testdata/check/suppressed");
        Assert.True(unused.ExitCode == 1, unused.ToString());
        var lines = unused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Matches(@"testdata/check/suppressed/files\.go:29:2: //lint:ignore LF3001: unused suppression", lines[0]);
    }

    [Fact]
    public void FileThatDoesNotParseIsReportedAndTheOtherFileStillChecked()
    {
        var run = LeakFinderExe.Run("check", "testdata/check/badfile");
        Assert.True(run.ExitCode == 2, run.ToString()); // an input error outranks findings
        var report = CheckReports.ParseText(run.Stdout);
        Assert.Equal([new FindingKey("testdata/check/badfile/good.go", 7, 12, "LF2002")], report.Findings);
        Assert.Equal(["testdata/check/badfile/broken.go:3:14: error: expected ')', found '{'"], report.InputErrors);
        Assert.Matches(@"^1 finding \(1 error\) in 2 files of 1 package; 1 input error \(", report.Summary);

        var json = LeakFinderExe.Run("check", "--format", "json", "testdata/check/badfile");
        Assert.True(json.ExitCode == 2, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("testdata/check/badfile/broken.go", error.GetProperty("file").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal(14, error.GetProperty("column").GetInt32());
        Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());

        // In SARIF the parse error is a tool notification of a run that still succeeded.
        var sarif = LeakFinderExe.Run("check", "--format", "sarif", "testdata/check/badfile");
        using var log = JsonDocument.Parse(sarif.Stdout);
        var invocation = log.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        var note = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ToList());
        Assert.Equal("expected ')', found '{'", note.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void UnknownFormatIsBadUsage()
    {
        var run = LeakFinderExe.Run("check", "--format", "xml", "examples/healthy-service");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("unknown --format xml", run.Stderr);
        Assert.Contains("sarif", run.Stderr); // lists what is accepted
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void MissingFileOrPackageIsBadInput()
    {
        var file = LeakFinderExe.Run("check", "testdata/check/no-such-file.go");
        Assert.True(file.ExitCode == 2, file.ToString());
        Assert.Contains("testdata/check/no-such-file.go: error: no such file", file.Stdout);
        // The missing file is the one error: no package of zero files ("no Go files in ...") beside it.
        Assert.Single(file.Stdout.Split('\n'), l => l.Contains("error:"));

        var dir = LeakFinderExe.Run("check", "testdata/check/no-such-dir");
        Assert.True(dir.ExitCode == 2, dir.ToString());
        Assert.Matches(@"no-such-dir: error: ", dir.Stdout);

        var config = LeakFinderExe.Run("check", "--config", "testdata/check/no-such.yml", "examples/healthy-service");
        Assert.True(config.ExitCode == 2, config.ToString());
        Assert.Contains("no-such.yml", config.Stderr);
    }

    [Fact]
    public void EveryConfigErrorIsListedOnItsOwnLineWithItsPositionAndEscaped()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/healthy-service");
        File.WriteAllText(Path.Combine(dir, ".leakfinder.yml"), "exclud: x\nseverity:\n  LF2001: loud\nrules:\n  disable: [\"LF9999\\e[2J\"]\nexclud: y\n");
        var run = LeakFinderExe.RunIn(dir, "check", "./...");
        Assert.True(run.ExitCode == 2, run.ToString());
        var config = Path.Combine(dir, ".leakfinder.yml");
        Assert.Equal(
            [$"{config}:1:1: unknown key \"exclud\" (expected rules, severity, exclude, settings or go)",
             $"{config}:3:11: severity of \"LF2001\" must be error, warning or info",
             $"{config}:5:13: unknown rule \"LF9999\\x1b[2J\" (not a rule id, rule name, category or \"all\")",
             $"{config}:6:1: duplicate key \"exclud\" (first at line 1): the second would silently replace the first"],
            run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void FilesLinkedFromOutsideTheModuleAreSkippedWithAWarningUnlessFollowed()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo("examples/healthy-service");
        var outside = tmp.Combine("outside.go");
        File.WriteAllText(outside, "package main\n\nfunc (\n");
        var link = Path.Combine(dir, "zz_linked.go");
        File.CreateSymbolicLink(link, outside);

        var run = LeakFinderExe.RunIn(dir, "check", "./...");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"leakfinder: warning: {link}: a symbolic link leads outside the module root", run.Stderr);
        var followed = LeakFinderExe.RunIn(dir, "check", "--follow-symlinks", "./...");
        Assert.True(followed.ExitCode == 2, followed.ToString()); // now read: it does not parse
        Assert.Contains("zz_linked.go:3:", followed.Stdout);
    }

    [Fact]
    public void TopLevelHelpAndVersionWork()
    {
        var version = LeakFinderExe.Run("--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);

        var help = LeakFinderExe.Run("--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "check", "debug", "dump", "profile", "gctrace", "proc" })
            Assert.Matches(new Regex($@"^\s+{command}\b", RegexOptions.Multiline), help.Stdout);
    }

    [Fact]
    public void UnwritableOutputPathIsBadInputNotACrash()
    {
        using var tmp = new TempDir();
        var run = LeakFinderExe.Run("check", "-o", tmp.Combine("no-such-dir", "report.json"), "--format", "json", "examples/healthy-service");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
        Assert.Contains("no-such-dir", run.Stderr);
    }

    /// <summary>README: "Exit codes: 0 clean, 1 findings, 2 bad usage". A usage error found by the argument parser must not look like findings.</summary>
    [Fact]
    public void ArgumentParserErrorsExitTwo()
    {
        string[][] cases =
        [
            ["check", "--output"],
            ["dump", "--format", "xml", "testdata/dumps/go1.19.8-debug2.txt"],
            ["gctrace", "--format", "xml", "testdata/gctrace/go1.19-stable.log"],
            ["profile", "--top", "many", "testdata/profiles/heap1.pb.gz"],
            ["no-such-command"],
        ];
        foreach (var args in cases)
        {
            var run = LeakFinderExe.Run(args);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.NotEqual("", run.Stderr);
        }
    }

    /// <summary>The example's own configuration opts in to an experimental rule; these tests compare against the
    /// default rule set, so it goes.</summary>
    private static void DefaultRulesOnly(string dir) => File.Delete(Path.Combine(dir, ".leakfinder.yml"));
}
