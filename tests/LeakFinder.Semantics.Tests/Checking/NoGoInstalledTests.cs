using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Checking;

/// <summary>
/// Acceptance 3 of the semantic layer: with GOROOT unset and no `go` on PATH, the loader and checker still
/// give std calls their types, from the std API model embedded in the assembly.
/// </summary>
public class NoGoInstalledTests
{
    [Fact]
    public void StdTypesComeFromTheEmbeddedModelWithoutGo()
    {
        var env = new GoEnvironment(new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["HOME"] = Path.GetTempPath() });
        Assert.Null(env.GoRoot);
        var load = PackageLoader.Load(new LoadOptions
        {
            Dir = RepoPaths.Combine("testdata", "modules", "stdmodel"),
            Patterns = ["./..."],
            Env = env,
        });
        Assert.Empty(load.Errors);
        var main = load.Find("example.com/stdmodel");
        Assert.NotNull(main);
        Assert.All(main!.Imports.Where(i => i.Path != "example.com/stdmodel/internal/store"), i => Assert.Equal(ImportKind.Std, i.Kind));

        var program = ProgramChecker.Check(load, StdApiModel.Default.For(main.Module?.Go ?? GoVersion.Latest));
        var info = program.Packages.Single(p => ReferenceEquals(p.Loaded, main)).Checked.Info;
        string TypeOf(string name) => info.Defs.First(kv => kv.Key.Name == name && kv.Value is Var).Value!.Type.ToString();

        Assert.Equal("*net/http.Response", TypeOf("resp"));
        Assert.Equal("*os.File", TypeOf("file"));
        Assert.Equal("context.CancelFunc", TypeOf("cancel"));
        Assert.Equal("*time.Ticker", TypeOf("ticker"));
        Assert.Equal("*database/sql.Rows", TypeOf("rows"));
        Assert.Equal("int", TypeOf("idx"));
        Assert.Equal("*example.com/stdmodel/internal/store.Cache[string, int]", TypeOf("cache"));
        Assert.Equal("int", TypeOf("v"));
        Assert.Equal("bool", TypeOf("ok"));
        var add = (Func)info.Uses.First(kv => kv.Key.Name == "Add").Value;
        Assert.Equal("(*sync.WaitGroup).Add", add.FullName);
        Assert.Equal(new GoVersion(1, 21), main.Module?.Go);
    }
}
