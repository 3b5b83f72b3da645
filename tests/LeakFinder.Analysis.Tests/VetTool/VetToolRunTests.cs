using System.Text.Json;
using LeakFinder.Check.VetTool;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.VetTool;

/// <summary>
/// One package as cmd/go hands it to the tool, run in-process on testdata/vettool (no Go toolchain needed):
/// vet's output and exit status, the facts file, VetxOnly, SucceedOnTypecheckFailure and bad input.
/// The end-to-end runs under the real `go vet` are in LeakFinder.Cli.Tests' VetToolTests.
/// </summary>
public sealed class VetToolRunTests : IDisposable
{
    private static readonly string Worker = RepoPaths.Combine("testdata", "vettool", "leaky", "worker");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lf-vettool-");

    public void Dispose() => _work.Delete(recursive: true);

    private string VetxOutput => Path.Combine(_work.FullName, "vet.out");

    private string WriteConfig(string dir, IEnumerable<string> goFiles, bool vetxOnly = false, bool succeedOnTypecheckFailure = false, string importPath = "example.com/leaky/worker")
    {
        var path = Path.Combine(_work.FullName, "vet.cfg");
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("ID", importPath);
        w.WriteString("Compiler", "gc");
        w.WriteString("Dir", dir);
        w.WriteString("ImportPath", importPath);
        w.WriteStartArray("GoFiles");
        foreach (var f in goFiles) w.WriteStringValue(f);
        w.WriteEndArray();
        w.WriteBoolean("VetxOnly", vetxOnly);
        w.WriteString("VetxOutput", VetxOutput);
        w.WriteBoolean("SucceedOnTypecheckFailure", succeedOnTypecheckFailure);
        w.WriteEndObject();
        return path;
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = VetToolMain.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private JsonElement Facts() => JsonDocument.Parse(File.ReadAllBytes(VetxOutput)).RootElement;

    [Fact]
    public void AFindingIsPrintedAsVetDoesAndFailsThePackage()
    {
        var cfg = WriteConfig(Worker, [Path.Combine(Worker, "worker.go")]);
        var (exit, output, error) = Run(cfg);
        Assert.Equal(VetToolMain.Findings, exit);
        Assert.Equal("", output);
        // One line, the absolute path first (cmd/go makes it relative); the //nolint'ed twin at line 17 is not reported.
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(Path.Combine(Worker, "worker.go") + ":8:3: this goroutine blocks for ever", line);
        Assert.EndsWith("(LF1001 goroutine-blocked-on-channel)", line);
    }

    [Fact]
    public void TheFactsFileRecordsThePackageAndItsFindings()
    {
        Run(WriteConfig(Worker, [Path.Combine(Worker, "worker.go")]));
        var facts = Facts();
        Assert.Equal(VetFacts.Format, facts.GetProperty("format").GetString());
        Assert.Equal("example.com/leaky/worker", facts.GetProperty("package").GetString());
        Assert.True(facts.GetProperty("analysed").GetBoolean());
        var finding = Assert.Single(facts.GetProperty("findings").EnumerateArray());
        Assert.Equal("LF1001", finding.GetProperty("rule").GetString());
        Assert.Equal(Path.Combine(Worker, "worker.go") + ":8:3", finding.GetProperty("posn").GetString());
    }

    [Fact]
    public void VetxOnlyAnalysesForFactsAndPrintsNothing()
    {
        var (exit, output, error) = Run(WriteConfig(Worker, [Path.Combine(Worker, "worker.go")], vetxOnly: true));
        Assert.Equal((VetToolMain.Clean, "", ""), (exit, output, error));
        Assert.Single(Facts().GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public void JsonIsUnitcheckersTreeOnStandardOutput()
    {
        var (exit, output, error) = Run("-json", WriteConfig(Worker, [Path.Combine(Worker, "worker.go")]));
        Assert.Equal((VetToolMain.Clean, ""), (exit, error));
        var diagnostic = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("example.com/leaky/worker").GetProperty("LF1001").EnumerateArray());
        Assert.Equal(Path.Combine(Worker, "worker.go") + ":8:3", diagnostic.GetProperty("posn").GetString());
        Assert.Equal("goroutine-blocked-on-channel", diagnostic.GetProperty("category").GetString());
    }

    [Fact]
    public void ARuleSwitchedOffReportsNothing()
    {
        var (exit, _, error) = Run("-LF1001=false", WriteConfig(Worker, [Path.Combine(Worker, "worker.go")]));
        Assert.Equal((VetToolMain.Clean, ""), (exit, error));
    }

    [Fact]
    public void ContextLinesFollowTheFinding()
    {
        var (_, _, error) = Run("-c=1", WriteConfig(Worker, [Path.Combine(Worker, "worker.go")]));
        Assert.Contains("\n7\t\tgo func() {\n8\t\t\tresults <- n * 2\n9\t\t}()\n", error);
    }

    [Fact]
    public void SourceThatDoesNotParseFailsUnlessTheCompilerWillSaySo()
    {
        var dir = Path.Combine(_work.FullName, "broken");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/broken\n\ngo 1.19\n");
        var file = Path.Combine(dir, "broken.go");
        File.WriteAllText(file, "package broken\n\nfunc f( {\n");

        var (exit, _, error) = Run(WriteConfig(dir, [file], importPath: "example.com/broken"));
        Assert.Equal(VetToolMain.BadInput, exit);
        Assert.StartsWith(file + ":3:", error);

        File.Delete(VetxOutput);
        (exit, var output, error) = Run(WriteConfig(dir, [file], succeedOnTypecheckFailure: true, importPath: "example.com/broken"));
        Assert.Equal((VetToolMain.Clean, "", ""), (exit, output, error));
        Assert.False(File.Exists(VetxOutput), "no facts for a package that does not compile, as unitchecker");
    }

    [Fact]
    public void ABadConfigFileIsExitTwoWithTheReason()
    {
        var cfg = Path.Combine(_work.FullName, "vet.cfg");
        File.WriteAllText(cfg, "{\"GoFiles\": ");
        var (exit, output, error) = Run("-json", cfg);
        Assert.Equal((VetToolMain.BadInput, ""), (exit, output));
        Assert.StartsWith($"leakfinder: cannot decode JSON vet config {cfg}: ", error);
    }

    [Fact]
    public void ABadFlagIsExitTwo()
    {
        var (exit, _, error) = Run("-nosuch", "vet.cfg");
        Assert.Equal((VetToolMain.BadInput, "leakfinder: flag provided but not defined: -nosuch\n"), (exit, error.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void FlagsAreDescribedAsCmdGoReadsThem()
    {
        var (exit, output, _) = Run("-flags");
        Assert.Equal(VetToolMain.Clean, exit);
        var flags = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("Name").GetString()!, f => f.GetProperty("Bool").GetBoolean());
        Assert.True(flags["json"]);
        Assert.False(flags["c"]);
        Assert.True(flags["LF1001"]);
    }

    [Fact]
    public void TheVersionLineIsWhatCmdGoParses()
    {
        // work.Builder.toolID: "NAME version devel ... buildID=ID" (a devel version needs the buildID field).
        var (exit, output, _) = Run("-V=full");
        Assert.Equal(VetToolMain.Clean, exit);
        var fields = output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["leakfinder", "version", "devel"], fields[..3]);
        Assert.Matches("^buildID=[0-9a-f]{64}$", fields[^1]);
        Assert.Equal(output, Run("-V=full").Out); // stable: cmd/go keys its cache by it
    }

    [Fact]
    public void ASiblingPackagesHelperIsSummarisedAsCheckDoes()
    {
        // One package per run, yet the file lib.Open returns is known to need closing, as under `check ./...`.
        var app = RepoPaths.Combine("testdata", "vettool", "crosspkg", "app");
        var (exit, _, error) = Run(WriteConfig(app, [Path.Combine(app, "app.go")], importPath: "example.com/crosspkg/app"));
        Assert.Equal(VetToolMain.Findings, exit);
        Assert.StartsWith(Path.Combine(app, "app.go") + ":7:12: the file from lib.Open in f is not released", error);
    }

    [Fact]
    public void HelpListsEveryFlag()
    {
        // cmd/go answers an unknown vet flag with "Run 'leakfinder help' for a full list of flags and analyzers."
        var (exit, output, _) = Run("help");
        Assert.Equal(VetToolMain.Clean, exit);
        Assert.Contains("go vet -vettool=$(command -v leakfinder)", output);
        Assert.Contains("\n  -json\n", output);
        Assert.Contains("\n  -enable value\n", output);
        Assert.Contains("\n  -LF1001\n", output);
    }

    [Fact]
    public void ABadLeakfinderYmlFailsTheVettedPackageOnly()
    {
        var dir = Path.Combine(_work.FullName, "configured");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/configured\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(dir, ".leakfinder.yml"), "rules:\n  disable: [no-such-rule]\n");
        var file = Path.Combine(dir, "a.go");
        File.WriteAllText(file, "package configured\n");

        var (exit, _, error) = Run(WriteConfig(dir, [file], importPath: "example.com/configured"));
        Assert.Equal(VetToolMain.BadInput, exit);
        Assert.Contains("unknown rule \"no-such-rule\"", error);

        (exit, var output, error) = Run(WriteConfig(dir, [file], vetxOnly: true, importPath: "example.com/configured"));
        Assert.Equal((VetToolMain.Clean, "", ""), (exit, output, error));
    }

    [Fact]
    public void TestVariantsAreCheckedWithTheirTestFiles()
    {
        // What cmd/go sends for a package with tests: "pool" with its _test.go files, and the external "pool_test".
        var pool = RepoPaths.Combine("testdata", "vettool", "withtests", "pool");
        var (exit, _, error) = Run(WriteConfig(pool, [Path.Combine(pool, "pool.go"), Path.Combine(pool, "pool_test.go")], importPath: "example.com/withtests/pool"));
        Assert.Equal(VetToolMain.Findings, exit);
        Assert.StartsWith(Path.Combine(pool, "pool_test.go") + ":8:3: this goroutine blocks for ever sending on got", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        (exit, _, error) = Run(WriteConfig(pool, [Path.Combine(pool, "example_test.go")], importPath: "example.com/withtests/pool_test"));
        Assert.Equal(VetToolMain.Findings, exit);
        Assert.StartsWith(Path.Combine(pool, "example_test.go") + ":12:3: this goroutine blocks for ever sending on got", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
