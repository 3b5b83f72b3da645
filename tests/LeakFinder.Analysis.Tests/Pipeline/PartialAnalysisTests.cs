using LeakFinder.Analysis.Pipeline;
using LeakFinder.Semantics.Loading;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Pipeline;

/// <summary>
/// A check whose imports stay unresolved says so (DependencyReport, exit 2 only with strictness), and its rules
/// stay silent on the unknown types those imports give: testdata/modules/unresolved imports required-but-absent
/// packages under std names (http.Get, time.NewTicker, context.WithCancel, sync.Mutex, sync.WaitGroup) beside one
/// real os.Open leak.
/// </summary>
public class PartialAnalysisTests
{
    private static readonly string Fixture = RepoPaths.Combine("testdata", "modules", "unresolved");

    /// <summary>No Go install and an empty module cache: the fixture's requires are absent, as on a fresh clone.</summary>
    private static GoEnvironment NoModuleCache() => new(new Dictionary<string, string?>
    {
        ["PATH"] = "", ["GOMODCACHE"] = "/nonexistent/gomodcache", ["GOPATH"] = "/nonexistent/gopath",
    });

    private static CheckResult Check(string dir) => CheckRunner.Run(new CheckOptions { WorkDir = dir, Env = NoModuleCache() });

    [Fact]
    public void UnresolvedImportsAreCountedWithWhyAndWhere()
    {
        var result = Check(Fixture);
        var deps = result.Dependencies;
        Assert.True(deps.IsPartial);
        Assert.Equal(5, deps.Imported); // os and the four absent packages
        Assert.Equal(
            ["github.com/absent/netkit/ctx", "github.com/absent/netkit/http", "github.com/absent/netkit/locks", "github.com/absent/timekit"],
            deps.Unresolved.Select(u => u.Path));
        var timekit = deps.Unresolved[^1];
        Assert.Equal("module github.com/absent/timekit@v0.9.1 is not in the module cache", timekit.Reason);
        Assert.Equal((Path.Combine(Fixture, "main.go"), 12, 7), (timekit.File, timekit.Line, timekit.Column));
        Assert.Equal("run `go mod download` or `go mod vendor`", deps.Remedy);
        Assert.Empty(result.Errors); // a missing module is not unreadable input
    }

    [Fact]
    public void ExitCodeIgnoresUnresolvedImportsUnlessStrict()
    {
        var result = Check(Fixture);
        Assert.Equal(CheckExit.Findings, CheckExit.For(result));
        Assert.Equal(CheckExit.BadInput, CheckExit.For(result, strictDeps: true));
        var clean = result with { Findings = [] };
        Assert.Equal(CheckExit.Clean, CheckExit.For(clean));
        Assert.Equal(CheckExit.BadInput, CheckExit.For(clean, strictDeps: true));
    }

    [Fact]
    public void ACompleteCheckIsNotPartialEvenWhenStrict()
    {
        var result = Check(RepoPaths.Combine("examples", "healthy-service"));
        Assert.False(result.Dependencies.IsPartial);
        Assert.True(result.Dependencies.Imported > 0);
        Assert.Equal(CheckExit.Clean, CheckExit.For(result, strictDeps: true));
    }

    [Fact]
    public void RulesStaySilentOnValuesOfUnresolvedPackages()
    {
        var partial = Check(Fixture);
        var finding = Assert.Single(partial.Findings); // only the real os.Open leak, the control
        Assert.Equal("LF2002", finding.Rule.Id);
        Assert.Equal(63, finding.Span.Line);

        // The same code with std behind the names is reported by seven rules: the silence above comes from the
        // unknown types, not from the shape of the code.
        using var twin = new TempModule(File.ReadAllText(Path.Combine(Fixture, "main.go"))
            .Replace("context \"github.com/absent/netkit/ctx\"", "\"context\"", StringComparison.Ordinal)
            .Replace("http \"github.com/absent/netkit/http\"", "\"net/http\"", StringComparison.Ordinal)
            .Replace("sync \"github.com/absent/netkit/locks\"", "\"sync\"", StringComparison.Ordinal)
            .Replace("time \"github.com/absent/timekit\"", "\"time\"", StringComparison.Ordinal));
        var resolved = Check(twin.Dir);
        Assert.False(resolved.Dependencies.IsPartial);
        Assert.Equal(
            ["LF2001@17", "LF2002@63", "LF2003@52", "LF3001@27", "LF4001@28", "LF5001@54", "LF5002@36"],
            resolved.Findings.Select(f => $"{f.Rule.Id}@{f.Span.Line}").Order(StringComparer.Ordinal));
    }

    /// <summary>A one-file module "example.com/partial" (go 1.21) in a temporary directory.</summary>
    private sealed class TempModule : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("lf-partial-").FullName;

        public TempModule(string mainGo)
        {
            File.WriteAllText(Path.Combine(Dir, "go.mod"), "module example.com/partial\n\ngo 1.21\n");
            File.WriteAllText(Path.Combine(Dir, "main.go"), mainGo);
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }
}
