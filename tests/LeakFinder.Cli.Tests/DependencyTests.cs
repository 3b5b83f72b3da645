using System.Text.Json;
using LeakFinder.Tests.Shared;
using NJsonSchema;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `leakfinder check` on modules whose dependencies are absent, vendored, or in a module cache laid out by the
/// go command (testdata/modules): absent ones give one warning on standard error and in JSON and SARIF, exit 0
/// unless --strict-deps (exit 2); resolved ones give no warning. Each run gets an environment with no module
/// cache or GOPATH of its own, so the machine's caches cannot resolve what the fixture leaves missing.
/// </summary>
public class DependencyTests
{
    private static string Module(params string[] parts) => RepoPaths.Combine(["testdata", "modules", .. parts]);

    private static CliResult Check(string dir, string? modCache, params string[] args) =>
        LeakFinderExe.Run(["check", .. args], dir, stdin: (byte[]?)null, env: new Dictionary<string, string?>
        {
            ["GOMODCACHE"] = modCache ?? "/nonexistent/gomodcache",
            ["GOPATH"] = "/nonexistent/gopath",
            ["GOFLAGS"] = null,
            ["GOWORK"] = null,
            ["GOENV"] = "off", // no `go env -w` settings of the machine's either
        });

    private static string[] StderrLines(CliResult run) => run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void AbsentRequiresWarnOnceAndExitZero()
    {
        var run = Check(Module("missing"), null, "./...");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("No findings in 1 file of 1 package", run.Stdout);
        Assert.Equal(
            [
                "leakfinder: 2 of 3 imported packages unresolved (first: github.com/not/downloaded/client): analysis is partial; run `go mod download` or `go mod vendor`",
                "  github.com/not/downloaded/client (main.go:6:2): module github.com/not/downloaded@v1.0.0 is not in the module cache",
                "  github.com/unlisted/pkg (main.go:7:2): no required module provides package github.com/unlisted/pkg",
            ],
            StderrLines(run));
        Assert.Single(StderrLines(run), l => l.StartsWith("leakfinder:", StringComparison.Ordinal)); // one warning
    }

    [Fact]
    public void StrictDepsMakesAbsentRequiresExitTwoAndStillReports()
    {
        var run = Check(Module("missing"), null, "--strict-deps", "./...");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("No findings in 1 file of 1 package", run.Stdout);
        Assert.StartsWith("leakfinder: 2 of 3 imported packages unresolved", run.Stderr);
    }

    [Fact]
    public void FindingsBesideAbsentRequiresExitOneAndOnlyTheRealLeakIsReported()
    {
        var run = Check(Module("unresolved"), null, "--format", "json", "./...");
        Assert.True(run.ExitCode == 1, run.ToString());
        var finding = Assert.Single(CheckReports.ParseJson(run.Stdout));
        Assert.Equal(("main.go", "LF2002"), (finding.File, finding.Rule));
        using var doc = JsonDocument.Parse(run.Stdout);
        var imports = doc.RootElement.GetProperty("imports");
        Assert.Equal(5, imports.GetProperty("total").GetInt32());
        Assert.Equal(4, imports.GetProperty("unresolved").GetArrayLength());
        Assert.StartsWith("4 of 5 imported packages unresolved (first: github.com/absent/netkit/ctx)", imports.GetProperty("warning").GetString());
        Assert.Equal(2, Check(Module("unresolved"), null, "--strict-deps", "./...").ExitCode);
    }

    [Fact]
    public async Task SarifRecordsTheWarningAsAToolExecutionNotification()
    {
        var run = Check(Module("missing"), null, "--format", "sarif", "./...");
        Assert.True(run.ExitCode == 0, run.ToString());
        var schemaPath = RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");
        var ct = TestContext.Current.CancellationToken;
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaPath, ct), ct);
        var errors = schema.Validate(run.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));

        using var doc = JsonDocument.Parse(run.Stdout);
        var invocation = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        var note = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray());
        Assert.Equal("warning", note.GetProperty("level").GetString());
        Assert.StartsWith("2 of 3 imported packages unresolved", note.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(2, note.GetProperty("properties").GetProperty("unresolvedImports").GetArrayLength());
    }

    [Fact]
    public void VendoredDependenciesResolveWithoutWarning()
    {
        var run = Check(Module("vendoring"), null, "--strict-deps", "--format", "json", "./...");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var imports = doc.RootElement.GetProperty("imports");
        Assert.Equal(0, imports.GetProperty("unresolved").GetArrayLength());
        Assert.False(imports.TryGetProperty("warning", out _));
    }

    [Fact]
    public void AModuleCacheLaidOutByTheGoCommandResolvesWithoutWarning()
    {
        var cache = Module("modcache", "gomodcache");
        var run = Check(Module("modcache", "forked"), cache, "--strict-deps", "--format", "json", "./...");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, doc.RootElement.GetProperty("imports").GetProperty("total").GetInt32()); // the fork and what its go.mod requires
        Assert.Equal(0, doc.RootElement.GetProperty("imports").GetProperty("unresolved").GetArrayLength());

        // The same module with no cache: the warning names the replacement that is missing.
        var without = Check(Module("modcache", "forked"), null, "./...");
        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.Contains("github.com/Acme/tool/run (main.go:3:8): module github.com/fork/tool@v1.5.1 (replacing github.com/Acme/tool@v1.4.0) is not in the module cache", without.Stderr);
    }
}
