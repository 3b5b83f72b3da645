using LeakFinder.Check;
using LeakFinder.Check.Pipeline;
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

            // Shape errors, a duplicate key, unknown rule words and a bad --enable: all at once, each with its
            // position, in file order (issue 14: the unknown rules were shown only once the rest was fixed).
            var config = Path.Combine(dir, ".leakfinder.yml");
            File.WriteAllText(config, "rules:\n  enable: [LF9999]\nexclud: [x]\nseverity:\n  LF2001: fatal\n  no-such-rule: info\nrules: {}\n");
            e = Assert.Throws<CheckUsageException>(() => CheckRunner.Run(new CheckOptions { WorkDir = dir, Enable = ["LF9998"] }));
            Assert.Equal(
                [$"{config}:2:12: unknown rule \"LF9999\" (not a rule id, rule name, category or \"all\")",
                 $"{config}:3:1: unknown key \"exclud\" (expected rules, severity, exclude, settings or go)",
                 $"{config}:5:11: severity of \"LF2001\" must be error, warning or info",
                 $"{config}:6:3: unknown rule \"no-such-rule\" (not a rule id, rule name, category or \"all\")",
                 $"{config}:7:1: duplicate key \"rules\" (first at line 1): the second would silently replace the first",
                 "leakfinder check: --enable LF9998: unknown rule (not a rule id, rule name, category or \"all\")"],
                e.Message.Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Suppression directives and --new-from-rev applied by the check pipeline.</summary>
public class CheckFilterTests
{
    [Fact]
    public void SuppressedFindingsAreDroppedCountedAndUnusedDirectivesListed()
    {
        var result = CheckRunner.Run(new CheckOptions { WorkDir = RepoPaths.Combine("testdata", "check", "suppressed") });
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(24, finding.Span.Line);
        Assert.Equal(3, result.Stats.Suppressed);
        var unused = Assert.Single(result.UnusedSuppressions);
        Assert.Equal(29, unused.Line);
    }

    [Fact]
    public void NewFromRevKeepsOnlyFindingsOnChangedLines()
    {
        var dir = Directory.CreateTempSubdirectory("leakfinder-newfromrev-").FullName;
        try
        {
            void Git(string args) => GoToolchain.Run("git", args, dir);
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/x\n\ngo 1.22\n");
            File.WriteAllText(Path.Combine(dir, "a.go"), "package x\n\nimport \"os\"\n\nfunc Old() {\n\tf, _ := os.Open(\"old\")\n\t_ = f\n}\n");
            Git("init -q");
            Git("-c user.email=t@example.com -c user.name=t add -A");
            Git("-c user.email=t@example.com -c user.name=t commit -q -m base");
            File.AppendAllText(Path.Combine(dir, "a.go"), "\nfunc New() {\n\tf, _ := os.Open(\"new\")\n\t_ = f\n}\n");
            var all = CheckRunner.Run(new CheckOptions { WorkDir = dir });
            Assert.Equal(2, all.Findings.Count);
            var fresh = CheckRunner.Run(new CheckOptions { WorkDir = dir, NewFromRev = "HEAD" });
            var only = Assert.Single(fresh.Findings);
            Assert.Equal(11, only.Span.Line);
            Assert.Throws<CheckUsageException>(() => CheckRunner.Run(new CheckOptions { WorkDir = dir, NewFromRev = "no-such-rev" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>
/// Low-impact contexts (issue 19): resource, timer and context leaks and retained memory in a command's code or
/// in test code are left out by default and counted, and so are goroutines a test function leaks only when it
/// fails; --all-contexts reports them as info saying where they are. A goroutine leak in a command is reported,
/// and a package main that listens is a
/// service, not a command.
/// </summary>
public class LowImpactContextTests
{
    private static readonly string Dir = RepoPaths.Combine("testdata", "check", "contexts");

    private static List<string> Findings(CheckResult result) =>
        result.Findings.Select(f => $"{f.Rule.Id} {Path.GetRelativePath(Dir, f.Span.File)}:{f.Span.Line} {f.Severity}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void CommandAndTestLeaksAreLeftOutAndCounted()
    {
        var result = CheckRunner.Run(new CheckOptions { WorkDir = Dir, Tests = true });
        Assert.Empty(result.Errors);
        Assert.Equal(["LF1001 store/store_test.go:43 Error", "LF1001 store/store_test.go:60 Error", "LF1002 cmd/tool/main.go:34 Error", "LF2002 server/main.go:16 Error",
            "LF2002 store/store.go:10 Error", "LF5003 kernel/registry_test.go:19 Error"], Findings(result));
        // cmd/tool/main.go, cmd/tool/report, internal/testutil and store_test.go's file, the goroutine TestLoadSoon
        // leaks only when it times out and cmd/tool/probe.go's ever-growing map; not the goroutine TestLoadUnlessShort
        // leaks on a passing path, nor the fake's, declared in a test file but leaked by the code under test.
        Assert.Equal(6, result.Stats.LowImpactHidden);
    }

    [Fact]
    public void APackageOfOnlyTestsIsCheckedWithoutAskingForTests()
    {
        var result = CheckRunner.Run(new CheckOptions { WorkDir = Dir });
        Assert.Empty(result.Errors);
        Assert.Contains("LF5003 kernel/registry_test.go:19 Error", Findings(result));
        Assert.DoesNotContain(Findings(result), f => f.Contains("store_test.go"));
    }

    [Fact]
    public void AllContextsReportsThemAsInfoSayingWhere()
    {
        var result = CheckRunner.Run(new CheckOptions { WorkDir = Dir, Tests = true, AllContexts = true });
        var low = result.Findings.Where(f => f.Severity == Severity.Info).ToList();
        Assert.Equal(6, low.Count);
        Assert.Contains(low, f => f.Rule.Id == "LF6001" && f.Span.File.EndsWith("probe.go", StringComparison.Ordinal) && f.Message.Contains("in a command's code"));
        Assert.Contains(low, f => f.Span.File.EndsWith(Path.Combine("cmd", "tool", "report", "report.go"), StringComparison.Ordinal) && f.Message.Contains("in a command's code"));
        Assert.Contains(low, f => f.Span.File.EndsWith("fixtures.go", StringComparison.Ordinal) && f.Message.Contains("in test code"));
        Assert.Contains(low, f => f.Span.File.EndsWith("store_test.go", StringComparison.Ordinal) && f.Message.Contains("in test code"));
        Assert.Equal(0, result.Stats.LowImpactHidden);
        Assert.Contains(low, f => f.Rule.Id == "LF1001" && f.Message.Contains("in test code"));
        Assert.Equal(12, result.Findings.Count);
    }
}
