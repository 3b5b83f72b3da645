using LeakFinder.Semantics.Loading;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>go.mod, go.work and vendor/modules.txt as the loader reads them.</summary>
public class ModFileTests
{
    [Fact]
    public void GoModDirectivesInLinesAndBlocks()
    {
        var f = ModFile.Parse("/m/go.mod", """
            // a comment
            module "example.com/m" // trailing comment

            go 1.22.1
            toolchain go1.23.4

            require (
            	golang.org/x/net v0.20.0 // indirect
            	github.com/Acme/Tool v1.4.0-rc.1
            )
            require example.com/one v1.0.0
            exclude example.com/one v0.9.0
            replace (
            	example.com/one => ../one
            	golang.org/x/net v0.20.0 => golang.org/x/net v0.21.0
            )
            replace example.com/abs=>/abs/dir
            retract v1.0.1
            """);
        Assert.Empty(f.Errors);
        Assert.Equal("example.com/m", f.Module);
        Assert.Equal(new GoVersion(1, 22), f.Go);
        Assert.Equal(new GoVersion(1, 23), f.Toolchain);
        Assert.Equal(["golang.org/x/net@v0.20.0", "github.com/Acme/Tool@v1.4.0-rc.1", "example.com/one@v1.0.0"], f.Requires.Select(r => r.ToString()));
        Assert.Equal("example.com/one@v0.9.0", Assert.Single(f.Excludes).ToString());
        Assert.Equal(3, f.Replaces.Count);
        Assert.Equal("/one", f.Replaces[0].LocalDir);
        Assert.Equal(new ModuleVersion("golang.org/x/net", "v0.20.0"), f.Replaces[1].Old);
        Assert.Equal(new ModuleVersion("golang.org/x/net", "v0.21.0"), f.Replaces[1].New);
        Assert.Null(f.Replaces[1].LocalDir);
        Assert.Equal("/abs/dir", f.Replaces[2].LocalDir);
    }

    [Fact]
    public void BadLinesAreReportedWithFileAndLineAndTheRestIsRead()
    {
        var f = ModFile.Parse("/m/go.mod", "module example.com/m\nfrobnicate x\nrequire example.com/a\nreplace a => b\ngo banana\nrequire example.com/b v1.0.0\nrequire (\n");
        Assert.Equal(
            [
                "/m/go.mod:2: unknown directive: frobnicate",
                "/m/go.mod:3: usage: require module/path v1.2.3",
                "/m/go.mod:4: replacement module b needs a version (or a local path starting with ./ or ../)",
                "/m/go.mod:5: usage: go 1.23",
                "/m/go.mod:8: unterminated require block",
            ],
            f.Errors);
        Assert.Equal("example.com/b@v1.0.0", Assert.Single(f.Requires).ToString());
    }

    [Fact]
    public void GoWorkUsesAreDirectoriesRelativeToTheWorkFile()
    {
        var f = ModFile.Parse("/ws/go.work", "go 1.21\n\nuse (\n\t./a\n\t../b // outside\n)\nuse ./c\nreplace example.com/x v1.0.0 => ./x\n");
        Assert.Empty(f.Errors);
        Assert.Equal(["/ws/a", "/b", "/ws/c"], f.Uses);
        Assert.Equal("/ws/x", Assert.Single(f.Replaces).LocalDir);
    }

    [Theory]
    [InlineData("github.com/Azure/azure-sdk", "github.com/!azure/azure-sdk")]
    [InlineData("example.com/lower", "example.com/lower")]
    public void ModuleCachePathsEncodeUpperCase(string path, string escaped) => Assert.Equal(escaped, ModFile.EscapePath(path));

    [Fact]
    public void VendorManifestMapsPackagesToModules()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modules-{Environment.ProcessId}.txt");
        File.WriteAllText(path, "# golang.org/x/text v0.3.0\n## explicit; go 1.17\ngolang.org/x/text/unicode/norm\ngolang.org/x/text/width\n# example.com/fork v1.0.0 => ../fork\n## explicit\nexample.com/fork/api\n");
        try
        {
            var m = VendorManifest.Read(path);
            Assert.Equal(2, m.Modules.Count);
            var text = m.ModuleOf("golang.org/x/text/width")!;
            Assert.Equal("golang.org/x/text@v0.3.0", text.Version.ToString());
            Assert.Equal(new GoVersion(1, 17), text.Go);
            Assert.Equal("../fork", m.ModuleOf("example.com/fork/api")!.Replacement);
            Assert.Null(m.ModuleOf("golang.org/x/text"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
