using System.Text;
using LeakFinder.Check.VetTool;

namespace LeakFinder.Analysis.Tests.VetTool;

/// <summary>Reading cmd/go's vet.cfg: its fields, and a clear error for one that is not a package description.</summary>
public class VetConfigTests
{
    private static VetConfig Parse(string json) => VetConfig.Parse(Encoding.UTF8.GetBytes(json), "/w/b001/vet.cfg");

    [Fact]
    public void ReadsTheFieldsCmdGoWrites()
    {
        var c = Parse("""
            {
                "ID": "example.com/m/worker [example.com/m/worker.test]",
                "Compiler": "gc",
                "Dir": "/src/m/worker",
                "ImportPath": "example.com/m/worker",
                "GoFiles": ["/src/m/worker/worker.go", "/src/m/worker/worker_test.go"],
                "NonGoFiles": [],
                "IgnoredFiles": ["/src/m/worker/worker_windows.go"],
                "ImportMap": {"fmt": "fmt"},
                "PackageFile": {"fmt": "/cache/fmt.a"},
                "Standard": {"fmt": true},
                "PackageVetx": {"fmt": "/w/b010/vet.out"},
                "VetxOnly": true,
                "VetxOutput": "/w/b001/vet.out",
                "SucceedOnTypecheckFailure": false
            }
            """);
        Assert.Equal("example.com/m/worker [example.com/m/worker.test]", c.ID);
        Assert.Equal("/src/m/worker", c.Dir);
        Assert.Equal("example.com/m/worker", c.ImportPath);
        Assert.Equal(["/src/m/worker/worker.go", "/src/m/worker/worker_test.go"], c.GoFiles);
        Assert.Equal(["/src/m/worker/worker_windows.go"], c.IgnoredFiles);
        Assert.Equal("fmt", c.ImportMap["fmt"]);
        Assert.True(c.Standard["fmt"]);
        Assert.Equal("/w/b010/vet.out", c.PackageVetx["fmt"]);
        Assert.True(c.VetxOnly);
        Assert.Equal("/w/b001/vet.out", c.VetxOutput);
        Assert.False(c.SucceedOnTypecheckFailure);
        Assert.Equal(c.GoFiles, c.SourceFiles());
    }

    [Fact]
    public void MissingFieldsAreTheirZeroValues()
    {
        var c = Parse("""{"Dir": "/src/m", "GoFiles": ["/src/m/a.go"], "PackageVetx": null}""");
        Assert.Equal("", c.VetxOutput);
        Assert.False(c.VetxOnly);
        Assert.Empty(c.PackageVetx);
    }

    [Theory]
    [InlineData("{not json", "cannot decode JSON vet config /w/b001/vet.cfg")]
    [InlineData("[1, 2]", "want a JSON object, have an array")]
    [InlineData("""{"GoFiles": "a.go"}""", "GoFiles must be an array, not a string")]
    [InlineData("""{"GoFiles": [1]}""", "GoFiles[0] must be a string, not a number")]
    [InlineData("""{"GoFiles": ["/a.go"], "VetxOnly": "yes"}""", "VetxOnly must be a boolean, not a string")]
    [InlineData("""{"GoFiles": ["/a.go"], "Standard": {"fmt": 1}}""", "Standard[fmt] must be a boolean, not a number")]
    [InlineData("""{"ImportPath": "example.com/m", "GoFiles": []}""", "package example.com/m has no Go files")]
    [InlineData("""{"GoFiles": ["a.go"]}""", "GoFiles entry a.go is relative and Dir is not an absolute directory")]
    public void ABadConfigSaysWhatIsWrong(string json, string message)
    {
        var e = Assert.Throws<VetConfigException>(() => Parse(json));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AMissingFileCannotBeRead()
    {
        var e = Assert.Throws<VetConfigException>(() => VetConfig.Read("/nonexistent/dir/vet.cfg"));
        Assert.Contains("cannot read vet config /nonexistent/dir/vet.cfg", e.Message);
    }

    [Fact]
    public void CgoGeneratedFilesGiveWayToThePackagesOwnSources()
    {
        var dir = Directory.CreateTempSubdirectory("lf-vetcfg-").FullName;
        try
        {
            foreach (var name in new[] { "a.go", "cgo.go", "a_test.go", "skip_windows.go" }) File.WriteAllText(Path.Combine(dir, name), "package p\n");
            var c = Parse($$"""
                {"Dir": "{{dir}}", "GoFiles": ["{{dir}}/a.go", "/w/b001/_cgo_gotypes.go", "/w/b001/cgo.cgo1.go"],
                 "IgnoredFiles": ["{{dir}}/skip_windows.go"]}
                """);
            Assert.Equal([Path.Combine(dir, "a.go"), Path.Combine(dir, "cgo.go")], c.SourceFiles());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
