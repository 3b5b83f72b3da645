using System.Text.Json;
using LeakFinder.Tests.Shared;
using NJsonSchema;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `leakfinder test` running the real go command over the packages of testdata/gotest (see its README):
/// a leak named with its creation site, a deadlock named by its blocked goroutines and their waits, a race
/// by its pair, and nothing at all for the clean package. Skips without Go unless LEAKFINDER_REQUIRE_GO=1.
/// </summary>
public class TestCommandTests
{
    private static readonly string Module = RepoPaths.Combine("testdata", "gotest");

    // Offline and reproducible: no proxy, no vendoring surprises from the developer's environment.
    private static readonly Dictionary<string, string?> GoEnv = new() { ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod", ["GOWORK"] = "off" };

    private static CliResult RunTest(params string[] args)
    {
        GoToolchain.Require();
        return LeakFinderExe.Run(["test", .. args], Module, stdin: null, timeout: TimeSpan.FromSeconds(120), env: GoEnv);
    }

    [Fact]
    public void ALeakingTestIsNamedWithTheGoroutinesWaitAndCreationSite()
    {
        var run = RunTest("-count=1", "./leaky");
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.Stdout.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("gotestdata/leaky TestFetchCached: FAIL"));
        Assert.True(header >= 0, run.ToString());
        Assert.EndsWith("1 leaked goroutine", lines[header]);
        Assert.Equal("  1 goroutine blocked in channel send at gotestdata/leaky.worker (leaky.go:15)", lines[header + 1]);
        Assert.Matches(@"^      created by gotestdata/leaky\.Fetch at .*/testdata/gotest/leaky/leaky\.go:7$", lines[header + 3]);
        // The goroutine leaked once; the next test does not inherit it.
        Assert.DoesNotContain("TestFetchFresh", run.Stdout);
    }

    [Fact]
    public void AHungTestIsNamedWithWhatEachBlockedGoroutineWaitsOn()
    {
        var run = RunTest("-count=1", "-timeout", "3s", "./hang");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("gotestdata/hang TestTransfer: hung (test timed out after 3s), 2 goroutines blocked of 4 in the dump", run.Stdout);
        Assert.Contains("  1 goroutine blocked in WaitGroup.Wait at gotestdata/hang.(*Account).Transfer (hang.go:17) [the test's own goroutine]", run.Stdout);
        Assert.Contains("  1 goroutine blocked in mutex lock at gotestdata/hang.(*Account).credit (hang.go:22)", run.Stdout);
        Assert.DoesNotContain("testing.(*M).startAlarm", run.Stdout);
        Assert.DoesNotContain("testing.(*T).Run (", run.Stdout);
    }

    [Fact]
    public void CleanTestsReportNothingAndExitZero()
    {
        var run = RunTest("-count=1", "./clean");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            "1 package, 4 tests (4 passed, 0 failed, 0 skipped, 0 unfinished); 0 with leaked goroutines, 0 hung, 0 racing pairs; go test exited 0",
            run.Stdout.Trim());
    }

    [Fact]
    public void RaceFlagGroupsTheReportsByPairAndNamesTheTest()
    {
        var run = RunTest("-race", "-count=1", "--format", "json", "./racy", "./clean");
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var pair = Assert.Single(doc.RootElement.GetProperty("races").GetProperty("pairs").EnumerateArray());
        Assert.Equal(1, pair.GetProperty("count").GetInt32());
        Assert.Equal(["TestCount"], pair.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(0, doc.RootElement.GetProperty("summary").GetProperty("leakingTests").GetInt32());
        Assert.Equal(["-race", "-count=1", "./racy", "./clean"], doc.RootElement.GetProperty("goArguments").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task JsonAndSarifCarryLeaksHangsAndTestMainLeaks()
    {
        var json = RunTest("-count=1", "-timeout", "3s", "--format", "json", "./leaky", "./hang", "./mainleak", "./heapy", "./clean");
        Assert.True(json.ExitCode == 1, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("clean").GetBoolean());
        var leaking = root.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("leaks").GetArrayLength() > 0).ToList();
        Assert.Equal(["TestFetchCached"], leaking.Select(t => t.GetProperty("test").GetString()));
        var leak = leaking[0].GetProperty("leaks")[0];
        Assert.Equal("chanSend", leak.GetProperty("kind").GetString());
        Assert.Equal("gotestdata/leaky.Fetch", leak.GetProperty("createdBy").GetProperty("function").GetString());
        var main = Assert.Single(root.GetProperty("packages").EnumerateArray(), p => p.GetProperty("leaks").GetArrayLength() > 0);
        Assert.Equal("gotestdata/mainleak", main.GetProperty("package").GetString());
        var heapy = Assert.Single(root.GetProperty("tests").EnumerateArray(), t => t.GetProperty("heapGrowth").GetArrayLength() > 0);
        Assert.Equal("TestLookupStaysBounded", heapy.GetProperty("test").GetString());
        Assert.Matches(@"^heapy_test\.go:11: leakcheck: heap grew by \d+ bytes over 1000 runs", heapy.GetProperty("heapGrowth")[0].GetString());
        var hang = Assert.Single(root.GetProperty("hangs").EnumerateArray());
        Assert.Equal(["mutex", "waitGroup"], hang.GetProperty("blocked").EnumerateArray().Select(b => b.GetProperty("kind").GetString()).Order());

        var sarif = RunTest("-count=1", "-timeout", "3s", "--format", "sarif", "./leaky", "./hang");
        Assert.True(sarif.ExitCode == 1, sarif.ToString());
        var schemaPath = RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaPath, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var errors = schema.Validate(sarif.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        using var s = JsonDocument.Parse(sarif.Stdout);
        var rules = s.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToList();
        Assert.Equal(["goroutine-leak-in-test", "test-hang", "test-hang"], rules);
    }

    [Fact]
    public void WithoutGoOnPathItSaysSoAndExitsTwo()
    {
        using var empty = new TempDir();
        // Keep the dotnet host reachable for a JIT build run through a wrapper script; no go there.
        var dotnetDirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(d => d.Length > 0 && File.Exists(Path.Combine(d, "dotnet")))
            .Select(d => Path.GetDirectoryName(new FileInfo(Path.Combine(d, "dotnet")).ResolveLinkTarget(true)?.FullName ?? Path.Combine(d, "dotnet"))!);
        var env = new Dictionary<string, string?>(GoEnv) { ["PATH"] = string.Join(':', dotnetDirs.Prepend(empty.Path)) };
        var run = LeakFinderExe.Run(["test", "./clean"], Module, stdin: null, env: env);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the go command is not on PATH", run.Stderr);
    }

    [Fact]
    public void AFlagGoTestRejectsIsUsageExitTwo()
    {
        var run = RunTest("-count=notanumber", "./clean");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("without running a test", run.Stderr);
    }
}
