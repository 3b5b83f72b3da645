using LeakFinder.Semantics.Loading;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>
/// The loader over the module-shaped inputs of testdata/modules, with an environment controlled in-process:
/// no GOROOT, no go on PATH, no real module cache. Each test pins which packages and files load, how each
/// import resolves and which errors are reported.
/// </summary>
public class ModuleLoadingTests
{
    private static string Module(params string[] parts) => RepoPaths.Combine(["testdata", "modules", .. parts]);

    /// <summary>An environment with no Go install: GOROOT unset, empty PATH, and only the variables given.</summary>
    internal static GoEnvironment NoGo(params (string Key, string Value)[] vars)
    {
        var d = new Dictionary<string, string?> { ["PATH"] = "", ["GOMODCACHE"] = "/nonexistent/gomodcache", ["GOPATH"] = "/nonexistent/gopath" };
        foreach (var (k, v) in vars) d[k] = v;
        return new GoEnvironment(d);
    }

    private static LoadResult Load(string dir, string[]? patterns = null, bool tests = false, GoEnvironment? env = null, string[]? tags = null, string? goos = null, string? goarch = null) =>
        PackageLoader.Load(new LoadOptions
        {
            Dir = dir, Patterns = patterns ?? ["./..."], Tests = tests, Env = env ?? NoGo(), BuildTags = tags ?? [], GOOS = goos, GOARCH = goarch,
        });

    private static string[] FileNames(LoadedPackage p) => p.Files.Select(f => f.Name).ToArray();

    private static ImportRef Import(LoadedPackage p, string path) => Assert.Single(p.Imports, i => i.Path == path);

    [Fact]
    public void ReplaceWithALocalDirectoryLoadsTheReplacementFromSource()
    {
        var r = Load(Module("replace", "app"));
        Assert.Equal(LoadMode.Module, r.Mode);
        Assert.Empty(r.Errors);
        var main = Assert.Single(r.Roots);
        Assert.Equal("example.com/app", main.ImportPath);
        Assert.Equal("main", main.Name);
        var shapes = Import(main, "example.com/lib/shapes");
        Assert.Equal(ImportKind.LocalReplace, shapes.Kind);
        Assert.NotNull(shapes.Package);
        Assert.Equal(Module("replace", "lib", "shapes"), shapes.Package!.Dir);
        Assert.Equal("example.com/lib", shapes.Package.Module!.Path);
        Assert.Equal(new GoVersion(1, 20), shapes.Package.Module.Go);
        Assert.Equal(ImportKind.Std, Import(main, "fmt").Kind);
        Assert.Null(Import(main, "fmt").Package); // std comes from the std API model
        // Dependencies come before their importers.
        Assert.Equal(["example.com/lib/shapes", "example.com/app"], r.Packages.Select(p => p.ImportPath));
    }

    [Fact]
    public void ANestedModuleIsNotPartOfTheModuleAroundIt()
    {
        var r = Load(Module("nested"));
        Assert.Empty(r.Errors);
        var check = Assert.Single(r.Roots); // ./... stops at tools/go.mod
        Assert.Equal("example.com/mono/cmd/check", check.ImportPath);
        var lint = Import(check, "example.com/mono/tools/lint");
        Assert.Equal(ImportKind.LocalReplace, lint.Kind); // not a package of example.com/mono
        Assert.Equal("example.com/mono/tools", lint.Package!.Module!.Path);
    }

    [Fact]
    public void VendorDirectoryIsUsedWhenModulesTxtExists()
    {
        var r = Load(Module("vendoring"));
        Assert.Empty(r.Errors);
        Assert.NotNull(r.Setup.Vendor);
        var show = Assert.Single(r.Roots); // ./... does not match vendor/
        Assert.Equal("example.com/vend/cmd/show", show.ImportPath);
        var widget = Import(show, "github.com/acme/widget");
        Assert.Equal(ImportKind.Vendor, widget.Kind);
        Assert.Equal(["widget.go"], FileNames(widget.Package!));
        Assert.Equal("github.com/acme/widget@v1.2.0", widget.Package!.Module!.ToString());
    }

    [Fact]
    public void GoFlagsModModTurnsVendorModeOff()
    {
        var r = Load(Module("vendoring"), env: NoGo(("GOFLAGS", "-mod=mod")));
        Assert.Null(r.Setup.Vendor);
        var widget = Import(Assert.Single(r.Roots), "github.com/acme/widget");
        Assert.Equal(ImportKind.Unknown, widget.Kind);
        Assert.Contains("not in the module cache", widget.Reason);
    }

    [Fact]
    public void WorkspaceModulesResolveEachOtherFromSource()
    {
        var r = Load(Module("workspace"), ["./..."]);
        Assert.Equal(LoadMode.Workspace, r.Mode);
        Assert.Equal(["example.com/a", "example.com/b"], r.Setup.MainModules.Select(m => m.Path));
        Assert.Empty(r.Errors);
        Assert.Equal(["example.com/a/greet", "example.com/b"], r.Roots.Select(p => p.ImportPath).Order(StringComparer.Ordinal));
        var b = r.Find("example.com/b")!;
        var greet = Import(b, "example.com/a/greet");
        Assert.Equal(ImportKind.Module, greet.Kind);
        Assert.Same(r.Find("example.com/a/greet"), greet.Package);
    }

    [Fact]
    public void GoWorkOffLeavesOnlyTheModuleAroundTheDirectory()
    {
        var r = Load(Module("workspace", "b"), ["."], env: NoGo(("GOWORK", "off")));
        Assert.Equal(LoadMode.Module, r.Mode);
        var greet = Import(Assert.Single(r.Roots), "example.com/a/greet");
        Assert.Equal(ImportKind.Unknown, greet.Kind); // required but not in any module cache
    }

    [Fact]
    public void BuildTagsFileSuffixesAndCgoSelectFiles()
    {
        var plain = Assert.Single(Load(Module("buildtags")).Roots);
        Assert.Equal(["common.go", "needs_cgo.go", "off.go", "poll_linux.go"], FileNames(plain));
        Assert.True(plain.Files.Single(f => f.Name == "needs_cgo.go").IsCgo);
        Assert.Equal(ImportKind.Cgo, Import(plain, "C").Kind);
        Assert.Contains("legacy.go", plain.IgnoredFiles);
        Assert.Empty(plain.Errors); // legacy.go does not parse, but +build ignore keeps it out

        var fancy = Assert.Single(Load(Module("buildtags"), tags: ["fancy"]).Roots);
        Assert.Equal(["common.go", "needs_cgo.go", "on.go", "poll_linux.go"], FileNames(fancy));

        var cross = Assert.Single(Load(Module("buildtags"), goos: "darwin", goarch: "arm64").Roots);
        Assert.Equal(["common.go", "off.go", "poll_darwin_arm64.go"], FileNames(cross)); // cgo is off when cross-compiling

        var noCgo = Assert.Single(Load(Module("buildtags"), env: NoGo(("CGO_ENABLED", "0"), ("GOFLAGS", "-tags=fancy"))).Roots);
        Assert.Equal(["common.go", "on.go", "poll_linux.go"], FileNames(noCgo));
    }

    [Fact]
    public void TestsAddTestFilesAndAnExternalTestPackage()
    {
        var without = Load(Module("xtest"));
        Assert.Equal(["counter.go"], FileNames(Assert.Single(without.Roots)));

        var r = Load(Module("xtest"), tests: true);
        Assert.Empty(r.Errors);
        var counter = r.Find("example.com/xt/counter")!;
        Assert.True(counter.HasTests);
        Assert.Equal(["counter.go", "counter_test.go"], FileNames(counter));
        Assert.Equal(["sync", "testing"], counter.Imports.Select(i => i.Path));
        var xtest = r.Find("example.com/xt/counter_test")!;
        Assert.True(xtest.IsXTest);
        Assert.Equal("counter_test", xtest.Name);
        Assert.Equal(["example_test.go"], FileNames(xtest));
        Assert.Same(counter, Import(xtest, "example.com/xt/counter").Package);
        Assert.True(r.Packages.ToList().IndexOf(counter) < r.Packages.ToList().IndexOf(xtest));
    }

    [Fact]
    public void MissingDependenciesAreUnknownImportsNotErrors()
    {
        var r = Load(Module("missing"));
        Assert.Empty(r.Errors);
        var main = Assert.Single(r.Roots);
        Assert.Empty(main.Errors);
        var client = Import(main, "github.com/not/downloaded/client");
        Assert.Equal(ImportKind.Unknown, client.Kind);
        Assert.Equal("module github.com/not/downloaded@v1.0.0 is not in the module cache", client.Reason);
        var unlisted = Import(main, "github.com/unlisted/pkg");
        Assert.Equal(ImportKind.Unknown, unlisted.Kind);
        Assert.Equal("no required module provides package github.com/unlisted/pkg", unlisted.Reason);
        Assert.Equal(ImportKind.Std, Import(main, "os").Kind);
        Assert.Equal(7, unlisted.Position.Line);
    }

    [Fact]
    public void GenericTypeFromAnotherPackageOfTheModuleIsLoadedFirst()
    {
        var r = Load(Module("generics"), ["./user"]);
        Assert.Empty(r.Errors);
        var user = Assert.Single(r.Roots);
        var container = Import(user, "example.com/gen/container");
        Assert.Equal(ImportKind.Module, container.Kind);
        Assert.False(container.Package!.IsRoot);
        Assert.Equal(["example.com/gen/container", "example.com/gen/user"], r.Packages.Select(p => p.ImportPath));
        Assert.Equal(new GoVersion(1, 21), r.Setup.GoVersion);
    }

    [Fact]
    public void ModuleCacheIsFoundThroughItsCaseEncodedPath()
    {
        var r = Load(Module("modcache", "app"), env: NoGo(("GOMODCACHE", Module("modcache", "gomodcache"))));
        var run = Import(Assert.Single(r.Roots), "github.com/Acme/tool/run");
        Assert.Equal(ImportKind.ModCache, run.Kind);
        Assert.Equal("github.com/Acme/tool@v1.4.0", run.Package!.Module!.ToString());
        Assert.Equal(new GoVersion(1, 19), run.Package.Module.Go);
    }

    [Fact]
    public void BadFilesAreReportedAndTheRestStillLoads()
    {
        var r = Load(Module("broken"));
        var pkg = Assert.Single(r.Roots);
        Assert.Equal("pkg", pkg.Name);
        Assert.Equal(["bad.go", "good.go"], FileNames(pkg));
        var bad = Module("broken", "pkg", "bad.go");
        Assert.Contains(pkg.Errors, e => e.StartsWith(bad + ":5:1: expected operand", StringComparison.Ordinal));
        Assert.Contains($"{Module("broken", "pkg", "badtag.go")}:1: parsing //go:build line: unexpected end of expression", pkg.Errors);
        Assert.Contains(pkg.Errors, e => e.Contains("found packages pkg (bad.go) and other (other.go)", StringComparison.Ordinal));
    }

    [Fact]
    public void ImportCyclesAreReportedAndEveryPackageStillListed()
    {
        var r = Load(Module("cycle"));
        Assert.Equal(2, r.Packages.Count);
        var cycle = Assert.Single(r.Cycles);
        Assert.Equal(["example.com/cycle/a", "example.com/cycle/b"], cycle.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GoPathModeResolvesVendorThenGoPathSource()
    {
        var gopath = Module("gopath");
        var r = Load(Path.Combine(gopath, "src", "example.org", "hello"), ["."], env: NoGo(("GOPATH", gopath), ("GO111MODULE", "off")));
        Assert.Equal(LoadMode.GoPath, r.Mode);
        var hello = Assert.Single(r.Roots);
        Assert.Equal("example.org/hello", hello.ImportPath);
        var colors = Import(hello, "example.org/colors");
        Assert.Equal(ImportKind.Vendor, colors.Kind);
        Assert.Equal("example.org/hello/vendor/example.org/colors", colors.ResolvedPath);
        Assert.Equal(ImportKind.GoPath, Import(hello, "example.org/greet").Kind);
    }

    [Fact]
    public void GoPathModeWalksIntoDirectoriesWithAGoModAsGoListDoes()
    {
        // Debian's minio-go keeps its code under v7/ with a go.mod there: GOPATH mode ignores go.mod files.
        var gopath = Module("gopath");
        var r = Load(Path.Combine(gopath, "src", "example.org", "greet"), ["./..."], env: NoGo(("GOPATH", gopath), ("GO111MODULE", "off")));
        Assert.Equal(["example.org/greet", "example.org/greet/v2"], r.Roots.Select(p => p.ImportPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NamedFilesFormCommandLineArguments()
    {
        var dir = Module("buildtags", "feature");
        var r = Load(dir, ["common.go", "off.go", "poll_windows.go"]);
        var p = Assert.Single(r.Roots);
        Assert.Equal("command-line-arguments", p.ImportPath);
        Assert.Equal(["common.go", "off.go"], FileNames(p)); // build constraints still apply, as in go build
    }

    [Fact]
    public void NamedTestFilesBringTheirTests()
    {
        var r = Load(Module("xtest", "counter"), ["counter.go", "counter_test.go"]);
        var p = Assert.Single(r.Roots);
        Assert.Equal(["counter.go", "counter_test.go"], FileNames(p));
        Assert.True(p.Files[1].IsTest);
    }

    [Fact]
    public void ABadGoModIsReportedAndTheModuleStillLoads()
    {
        var dir = Directory.CreateTempSubdirectory("lf-badmod-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/bad\n\ngo 1.21\nrequire (\n\texample.com/dep\n)\n");
            File.WriteAllText(Path.Combine(dir, "main.go"), "package main\n\nimport \"example.com/dep\"\n\nfunc main() { dep.Run() }\n");
            var r = Load(dir);
            Assert.Equal([$"{dir}/go.mod:5: usage: require module/path v1.2.3"], r.Errors);
            var main = Assert.Single(r.Roots);
            Assert.Equal("example.com/bad", main.ImportPath);
            Assert.Equal(ImportKind.Unknown, Import(main, "example.com/dep").Kind);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ImportPathPatternsAndUnmatchedPatterns()
    {
        var r = Load(Module("generics"), ["example.com/gen/...", "./nothing/..."]);
        Assert.Equal(["example.com/gen/container", "example.com/gen/user"], r.Roots.Select(p => p.ImportPath));
        Assert.Single(r.Errors, e => e.Contains("./nothing/...", StringComparison.Ordinal));
    }
}
