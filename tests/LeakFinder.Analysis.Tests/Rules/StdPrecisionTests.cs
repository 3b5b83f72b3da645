using System.Diagnostics;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Loading;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>
/// Every rule over all of $GOROOT/src (std checked from source): nothing crashes, and the findings per rule
/// are printed (and written to $LEAKFINDER_PRECISION_OUT when set) for the hand review in docs/precision.md.
/// </summary>
public class StdPrecisionTests
{
    [Fact]
    public void AllRulesRunOverGoRootSrcWithoutFailing()
    {
        var goRoot = GoToolchain.RequireGoRoot();
        var src = GoToolchain.ResolveLinks(Path.Combine(goRoot, "src"));
        var sw = Stopwatch.StartNew();
        var options = new LoadOptions { Dir = src, Patterns = ["std"], StdFromSource = true, Env = GoEnvironment.FromProcess() };
        // Std packages belong to no module in the loader's eyes; GOROOT/src/go.mod's version gates LF3002/LF3003.
        var goVersion = ModFile.Read(Path.Combine(src, "go.mod")).Go;
        var outcome = SourceTreeAnalysis.Run(options, goVersion, TestContext.Current.CancellationToken);
        var lines = new List<string> { $"go version {goVersion}, {outcome.Packages} packages, {outcome.Files} files, {outcome.Result.Diagnostics.Count} findings in {sw.Elapsed.TotalSeconds:F1}s" };
        foreach (var g in outcome.Result.Diagnostics.GroupBy(d => d.Rule.Id).OrderBy(g => g.Key))
            lines.Add($"{g.Key} {g.First().Rule.Name}: {g.Count()}");
        foreach (var d in outcome.Result.Diagnostics) lines.Add($"{d.Span}: {d.Message} ({d.Rule.Id})");
        var output = TestContext.Current.TestOutputHelper;
        foreach (var l in lines.Take(40)) output?.WriteLine(l);
        if (Environment.GetEnvironmentVariable("LEAKFINDER_PRECISION_OUT") is { Length: > 0 } path) File.WriteAllLines(path, lines);
        Assert.Empty(outcome.Result.Errors);
        Assert.True(outcome.Packages > 100, $"only {outcome.Packages} std packages loaded");
    }
}

/// <summary>
/// Every rule over the Go libraries test.sh installs (golang.org/x/tools and its dependencies under
/// /usr/share/gocode/src, GOPATH mode). A fixed list, not the whole directory: a machine that also has the
/// precision corpus (bench/precision, 38 modules and their dependencies) installed would take ten minutes; that
/// corpus is measured by bench/precision/run.sh.
/// </summary>
public class GoPathPrecisionTests
{
    private const string GoPath = "/usr/share/gocode";
    private static readonly string[] Projects =
        ["github.com/yuin/goldmark", "golang.org/x/mod", "golang.org/x/net", "golang.org/x/sys", "golang.org/x/tools"];

    [Fact]
    public void AllRulesRunOverDebianGoLibrariesWithoutFailing()
    {
        var goRoot = GoToolchain.RequireGoRoot();
        var src = Path.Combine(GoPath, "src");
        if (!Directory.Exists(src))
        {
            Assert.SkipWhen(!GoToolchain.Required, $"{src} is missing (apt install golang-golang-x-tools-dev)");
            Assert.Fail($"{src} is missing");
        }
        var env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = goRoot, ["GOPATH"] = GoPath, ["GO111MODULE"] = "off" });
        var sw = Stopwatch.StartNew();
        // One run per project (golang.org/x/tools, github.com/yuin/goldmark, ...): the loader expands ./... per directory.
        var projects = Projects.Select(p => Path.Combine(src, p)).Where(Directory.Exists).ToList();
        var diagnostics = new List<Diagnostic>();
        var errors = new List<InputError>();
        int packages = 0, files = 0;
        foreach (var project in projects)
        {
            var options = new LoadOptions { Dir = project, Patterns = ["./..."], StdFromSource = false, Env = env };
            var goMod = Path.Combine(project, "go.mod");
            var outcome = SourceTreeAnalysis.Run(options, File.Exists(goMod) ? ModFile.Read(goMod).Go : null, TestContext.Current.CancellationToken);
            diagnostics.AddRange(outcome.Result.Diagnostics);
            errors.AddRange(outcome.Result.Errors);
            packages += outcome.Packages;
            files += outcome.Files;
        }
        var lines = new List<string> { $"{projects.Count} projects, {packages} packages, {files} files, {diagnostics.Count} findings in {sw.Elapsed.TotalSeconds:F1}s" };
        foreach (var g in diagnostics.GroupBy(d => d.Rule.Id).OrderBy(g => g.Key))
            lines.Add($"{g.Key} {g.First().Rule.Name}: {g.Count()}");
        foreach (var d in diagnostics) lines.Add($"{d.Span}: {d.Message} ({d.Rule.Id})");
        foreach (var l in lines.Take(40)) TestContext.Current.TestOutputHelper?.WriteLine(l);
        if (Environment.GetEnvironmentVariable("LEAKFINDER_PRECISION_OUT") is { Length: > 0 } path) File.WriteAllLines(path + ".gopath", lines);
        Assert.Empty(errors);
        Assert.True(packages > 100, $"only {packages} packages loaded from {src}");
    }
}
