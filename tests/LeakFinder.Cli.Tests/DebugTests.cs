using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `leakfinder debug ast|types|cfg` on a small Go file. There are no golden dumps in the repository: the Go
/// reference tools (tools/astdump, tools/typesdump, tools/cfgdump) are the golden, as in the differential tests
/// of the libraries, so the tests that compare need Go (skip without it, fail under LEAKFINDER_REQUIRE_GO=1).
/// </summary>
public class DebugTests
{
    private const string Hello = "examples/hello/main.go";
    private static string HelloPath => RepoPaths.Combine(Hello.Split('/'));

    [Fact]
    public void AstDumpIsTheCanonicalTree()
    {
        var run = LeakFinderExe.Run("debug", "ast", Hello);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.StartsWith("File 2:1..", run.Stdout);
        Assert.Contains("Name: Ident 2:9..2:13 NamePos=2:9 Name=\"main\"", run.Stdout);
        Assert.Contains("- FuncDecl 9:1..", run.Stdout);
    }

    [Fact]
    public void AstDumpEqualsGoParsersDump()
    {
        var reference = GoTools.Run(GoTools.Build("astdump"), Quote(HelloPath));
        var run = LeakFinderExe.Run("debug", "ast", HelloPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(reference, run.Stdout);
    }

    [Fact]
    public void AstDumpOfABrokenFileReportsTheErrorAndExitsTwo()
    {
        var run = LeakFinderExe.Run("debug", "ast", "testdata/check/badfile/broken.go");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("testdata/check/badfile/broken.go:3:14: expected ')', found '{'", run.Stderr.TrimEnd());
        Assert.StartsWith("File 1:1..", run.Stdout); // the partial tree is still printed

        var missing = LeakFinderExe.Run("debug", "ast", "testdata/check/no-such.go");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.StartsWith("testdata/check/no-such.go: ", missing.Stderr);
    }

    [Fact]
    public void CfgDumpEqualsGoCfg()
    {
        var run = LeakFinderExe.Run("debug", "cfg", HelloPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("# main 9:1\n.0: # entry\n", run.Stdout);
        Assert.Equal(GoTools.Run(GoTools.Build("cfgdump"), Quote(HelloPath)), run.Stdout);
    }

    [Fact]
    public void TypesDumpFromTheEmbeddedStdModel()
    {
        var run = LeakFinderExe.RunIn(Path.GetDirectoryName(HelloPath)!, "debug", "types", "main.go");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("main.go:9:6 main func func()", lines);
        Assert.Contains("main.go:10:2 done var chan struct{}", lines);
        Assert.Contains("main.go:17:9 time package -", lines);
        Assert.Contains(lines, l => l.StartsWith("main.go:17:14 After func func(", StringComparison.Ordinal) && l.EndsWith(") <-chan time.Time", StringComparison.Ordinal));
    }

    [Fact]
    public void TypesDumpWithStdSourceEqualsGoTypes()
    {
        GoToolchain.RequireGoRoot();
        var dir = Path.GetDirectoryName(HelloPath)!;
        var env = new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOFLAGS"] = "", ["CGO_ENABLED"] = "0" };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")))
            env["GOCACHE"] = Path.Combine(GoTools.CacheDir, "gocache");
        var reference = GoToolchain.Run(GoTools.Build("typesdump"), "main.go", dir, env);
        var expected = reference.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("# ", StringComparison.Ordinal));

        var run = LeakFinderExe.RunIn(dir, "debug", "types", "--std-source", "main.go");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Quote(string path) => "\"" + path + "\"";
}
