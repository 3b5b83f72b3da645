using LeakFinder.Semantics.Loading;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>
/// Where imports resolve, as the go command decides it without running it: vendor mode (by go version and
/// GOFLAGS, also for workspaces), the module cache (GOMODCACHE, else GOPATH/pkg/mod, else ~/go/pkg/mod, with
/// `!`-escaped paths, as `go mod download` lays it out), replace by another module version, go.work's
/// replaces, GOPATH mode, settings from the go env file, and the coverage a check reports when some imports
/// stay unresolved.
/// testdata/modules/modcache/gomodcache was written by the go command (see its README).
/// </summary>
public class ModuleResolutionTests
{
    private static string Module(params string[] parts) => RepoPaths.Combine(["testdata", "modules", .. parts]);

    private static LoadResult Load(string dir, GoEnvironment env, string[]? patterns = null) =>
        PackageLoader.Load(new LoadOptions { Dir = dir, Patterns = patterns ?? ["./..."], Env = env });

    private static ImportRef Import(LoadedPackage p, string path) => Assert.Single(p.Imports, i => i.Path == path);

    private static GoEnvironment Env(params (string Key, string Value)[] vars) => ModuleLoadingTests.NoGo(vars);

    /// <summary>An environment with only the given variables (and an empty PATH): no GOMODCACHE or GOPATH unless given.</summary>
    private static GoEnvironment Only(params (string Key, string? Value)[] vars)
    {
        var d = new Dictionary<string, string?> { ["PATH"] = "" };
        foreach (var (k, v) in vars) d[k] = v;
        return new GoEnvironment(d);
    }

    [Fact]
    public void VendorModeIsTheDefaultFromGo114Only()
    {
        using var tmp = new TempTree(Module("vendoring"));
        tmp.Rewrite("go.mod", "go 1.21", "go 1.13");
        var old = Load(tmp.Root, Env());
        Assert.Null(old.Setup.Vendor); // go 1.13: the module cache, whatever vendor/ holds
        Assert.Equal(ImportKind.Unknown, Import(Assert.Single(old.Roots), "github.com/acme/widget").Kind);

        var forced = Load(tmp.Root, Env(("GOFLAGS", "-mod=vendor")));
        Assert.Equal(Path.Combine(tmp.Root, "vendor"), forced.Setup.VendorDir);
        var widget = Import(Assert.Single(forced.Roots), "github.com/acme/widget");
        Assert.Equal(ImportKind.Vendor, widget.Kind);
        Assert.Equal("github.com/acme/widget@v1.2.0", widget.Package!.Module!.ToString());
    }

    [Fact]
    public void VendorModeNeedsModulesTxt()
    {
        using var tmp = new TempTree(Module("vendoring"));
        File.Delete(Path.Combine(tmp.Root, "vendor", "modules.txt"));
        var r = Load(tmp.Root, Env(("GOFLAGS", "-mod=vendor")));
        Assert.Null(r.Setup.Vendor);
    }

    [Fact]
    public void AnImportMissingFromVendorIsUnresolvedInVendorMode()
    {
        using var tmp = new TempTree(Module("vendoring"));
        tmp.Rewrite(Path.Combine("cmd", "show", "main.go"), "import \"github.com/acme/widget\"", "import (\n\t\"github.com/acme/widget\"\n\t\"github.com/acme/gadget\"\n)\n\nvar _ = gadget.X");
        var show = Assert.Single(Load(tmp.Root, Env()).Roots);
        var gadget = Import(show, "github.com/acme/gadget");
        Assert.Equal(ImportKind.Unknown, gadget.Kind);
        Assert.Equal("package github.com/acme/gadget is not in vendor/ (vendor mode)", gadget.Reason);
        Assert.Equal(ImportKind.Vendor, Import(show, "github.com/acme/widget").Kind);
    }

    [Fact]
    public void AWorkspaceVendorDirectoryIsUsedFromGo122()
    {
        var r = Load(Module("workvendor"), Env());
        Assert.Equal(LoadMode.Workspace, r.Mode);
        Assert.Equal(Module("workvendor", "vendor"), r.Setup.VendorDir);
        var widget = Import(Assert.Single(r.Roots), "github.com/acme/widget");
        Assert.Equal(ImportKind.Vendor, widget.Kind);
        Assert.Equal(Module("workvendor", "vendor", "github.com", "acme", "widget"), widget.Package!.Dir);
        Assert.Equal("run `go mod download` in the workspace", Load(Module("workvendor"), Env(("GOFLAGS", "-mod=readonly"))).Setup.MissingImportsRemedy);
    }

    [Fact]
    public void TheModuleCacheWrittenByTheGoCommandResolvesEscapedPaths()
    {
        var r = Load(Module("modcache", "app"), Env(("GOMODCACHE", Module("modcache", "gomodcache"))));
        var run = Import(Assert.Single(r.Roots), "github.com/Acme/tool/run");
        Assert.Equal(ImportKind.ModCache, run.Kind);
        Assert.Equal(Module("modcache", "gomodcache", "github.com", "!acme", "tool@v1.4.0", "run"), run.Package!.Dir);
        Assert.False(ImportCoverage.Of(r.Roots).Unresolved.Any());
    }

    [Fact]
    public void ModuleCacheDefaultsToTheFirstGopathEntryThenHome()
    {
        using var tmp = new TempTree(Module("modcache"));
        var gopath = Path.Combine(tmp.Root, "gopath");
        var home = Path.Combine(tmp.Root, "home");
        tmp.Move("gomodcache", Path.Combine("gopath", "pkg", "mod"));
        var app = Path.Combine(tmp.Root, "app");

        var fromGoPath = Load(app, Only(("GOPATH", gopath + ":/nonexistent/second")));
        Assert.Equal(Path.Combine(gopath, "pkg", "mod"), fromGoPath.Setup.ModCache);
        Assert.Equal(ImportKind.ModCache, Import(Assert.Single(fromGoPath.Roots), "github.com/Acme/tool/run").Kind);

        tmp.Move("gopath", Path.Combine("home", "go"));
        var fromHome = Load(app, Only(("HOME", home)));
        Assert.Equal(Path.Combine(home, "go", "pkg", "mod"), fromHome.Setup.ModCache);
        Assert.Equal(ImportKind.ModCache, Import(Assert.Single(fromHome.Roots), "github.com/Acme/tool/run").Kind);

        // GOMODCACHE wins over both.
        var elsewhere = Load(app, Only(("HOME", home), ("GOMODCACHE", "/nonexistent/cache")));
        Assert.Equal(ImportKind.Unknown, Import(Assert.Single(elsewhere.Roots), "github.com/Acme/tool/run").Kind);
    }

    [Fact]
    public void ReplaceByAnotherModuleVersionLoadsTheForkAndTheModulesItsGoModRequires()
    {
        var r = Load(Module("modcache", "forked"), Env(("GOMODCACHE", Module("modcache", "gomodcache"))));
        Assert.Empty(r.Errors);
        var main = Assert.Single(r.Roots);
        var run = Import(main, "github.com/Acme/tool/run");
        Assert.Equal(ImportKind.ModCache, run.Kind);
        Assert.Equal(Module("modcache", "gomodcache", "github.com", "fork", "tool@v1.5.1", "run"), run.Package!.Dir);
        Assert.Equal(new GoVersion(1, 20), run.Package.Module!.Go);
        // The fork's go.mod requires example.org/Retry, which the main go.mod never names.
        var backoff = Import(run.Package, "example.org/Retry/backoff");
        Assert.Equal(ImportKind.ModCache, backoff.Kind);
        Assert.Equal(Module("modcache", "gomodcache", "example.org", "!retry@v0.2.0", "backoff"), backoff.Package!.Dir);
        var coverage = ImportCoverage.Of(r.Roots);
        Assert.Equal(["example.org/Retry/backoff", "github.com/Acme/tool/run"], coverage.Imported.Order(StringComparer.Ordinal));
        Assert.Empty(coverage.Unresolved);

        var noCache = Assert.Single(Load(Module("modcache", "forked"), Env()).Roots);
        Assert.Equal("module github.com/fork/tool@v1.5.1 (replacing github.com/Acme/tool@v1.4.0) is not in the module cache",
            Import(noCache, "github.com/Acme/tool/run").Reason);
    }

    [Fact]
    public void ALocalReplacementThatDoesNotExistSaysSo()
    {
        using var tmp = new TempTree(Module("replace"));
        Directory.Delete(Path.Combine(tmp.Root, "lib"), recursive: true);
        var shapes = Import(Assert.Single(Load(Path.Combine(tmp.Root, "app"), Env()).Roots), "example.com/lib/shapes");
        Assert.Equal(ImportKind.Unknown, shapes.Kind);
        Assert.Equal($"module example.com/lib is replaced by {Path.Combine(tmp.Root, "lib")}, which does not exist", shapes.Reason);
    }

    [Fact]
    public void MinimalVersionSelectionTakesTheHighestVersionAnyGoModRequires()
    {
        // As `go list -deps` does on this cache: alpha v1.1.0 (beta's go.mod) over v1.0.0 (the main go.mod).
        var r = Load(Module("modcache", "mvs"), Env(("GOMODCACHE", Module("modcache", "gomodcache"))));
        var main = Assert.Single(r.Roots);
        var alpha = Import(main, "example.org/alpha");
        Assert.Equal(Module("modcache", "gomodcache", "example.org", "alpha@v1.1.0"), alpha.Package!.Dir);
        Assert.Equal("example.org/alpha@v1.1.0", alpha.Package.Module!.ToString());
        Assert.Same(alpha.Package, Import(Import(main, "example.org/beta").Package!, "example.org/alpha").Package);
    }

    [Theory]
    [InlineData("1.16", "v1.2.0")] // unpruned: every go.mod of the graph counts
    [InlineData("1.21", "v1.0.0")] // pruned: x is at go 1.21, so the go.mod of y (which x requires) is not read
    public void GraphPruningFromGo117StopsAtTheRequiresOfGo117Dependencies(string mainGo, string zVersion)
    {
        var root = Directory.CreateTempSubdirectory("lf-mvs-").FullName;
        try
        {
            void Mod(string path, string version, string goMod)
            {
                var dir = Path.Combine(root, "cache", "cache", "download", path, "@v");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, version + ".mod"), goMod);
            }
            Mod("example.org/x", "v1.0.0", "module example.org/x\n\ngo 1.21\n\nrequire example.org/y v1.0.0\n");
            Mod("example.org/y", "v1.0.0", "module example.org/y\n\ngo 1.21\n\nrequire example.org/z v1.2.0\n");
            var app = Path.Combine(root, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "go.mod"), $"module example.com/app\n\ngo {mainGo}\n\nrequire (\n\texample.org/x v1.0.0\n\texample.org/z v1.0.0\n)\n");
            File.WriteAllText(Path.Combine(app, "main.go"), "package main\n\nimport _ \"example.org/z\"\n");
            var z = Import(Assert.Single(Load(app, Env(("GOMODCACHE", Path.Combine(root, "cache")))).Roots), "example.org/z");
            Assert.Equal($"module example.org/z@{zVersion} is not in the module cache", z.Reason);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AReplaceOfAnotherVersionDoesNotApply()
    {
        using var tmp = new TempTree(Module("modcache"));
        tmp.Rewrite(Path.Combine("forked", "go.mod"), "replace github.com/Acme/tool v1.4.0 =>", "replace github.com/Acme/tool v1.4.1 =>");
        var r = Load(Path.Combine(tmp.Root, "forked"), Env(("GOMODCACHE", Path.Combine(tmp.Root, "gomodcache"))));
        var run = Import(Assert.Single(r.Roots), "github.com/Acme/tool/run");
        Assert.Equal(Path.Combine(tmp.Root, "gomodcache", "github.com", "!acme", "tool@v1.4.0", "run"), run.Package!.Dir);
    }

    [Fact]
    public void GoWorkReplacesWinOverTheModulesOwn()
    {
        var r = Load(Module("workreplace", "app"), Env());
        Assert.Equal(LoadMode.Workspace, r.Mode);
        Assert.Empty(r.Errors);
        var greet = Import(Assert.Single(r.Roots), "example.com/lib/greet");
        Assert.Equal(ImportKind.LocalReplace, greet.Kind);
        Assert.Equal(Module("workreplace", "lib-work", "greet"), greet.Package!.Dir);
    }

    [Fact]
    public void ATreeWithoutGoModIsLoadedInGoPathModeWhateverGo111Module()
    {
        var gopath = Module("gopath");
        var r = Load(Path.Combine(gopath, "src", "example.org", "hello"), Env(("GOPATH", gopath)), ["."]);
        Assert.Equal(LoadMode.GoPath, r.Mode);
        Assert.Equal(ImportKind.GoPath, Import(Assert.Single(r.Roots), "example.org/greet").Kind);
        Assert.Equal("run `go get` for them or place them under $GOPATH/src", r.Setup.MissingImportsRemedy);
    }

    [Fact]
    public void CoverageCountsDistinctImportsAndListsTheUnresolvedWithWhyAndWhere()
    {
        var r = Load(Module("missing"), Env());
        var coverage = ImportCoverage.Of(r.Roots);
        Assert.Equal(["github.com/not/downloaded/client", "github.com/unlisted/pkg", "os"], coverage.Imported.Order(StringComparer.Ordinal));
        Assert.Equal(["github.com/not/downloaded/client", "github.com/unlisted/pkg"], coverage.Unresolved.Select(u => u.Path));
        var client = coverage.Unresolved[0];
        Assert.Equal("module github.com/not/downloaded@v1.0.0 is not in the module cache", client.Reason);
        Assert.Equal((Module("missing", "main.go"), 6, 2), (client.ImportedAt.Filename, client.ImportedAt.Line, client.ImportedAt.Column));
        Assert.Equal("run `go mod download` or `go mod vendor`", r.Setup.MissingImportsRemedy);
    }

    [Fact]
    public void CoverageFollowsSourceDependenciesAndCountsEachPathOnce()
    {
        using var tmp = new TempTree(Module("replace"));
        // The replacement imports a missing package too, and so does a second file of the app.
        tmp.Rewrite(Path.Combine("lib", "shapes", "shapes.go"), "package shapes\n", "package shapes\n\nimport _ \"github.com/gone/units\"\n");
        File.WriteAllText(Path.Combine(tmp.Root, "app", "extra.go"), "package main\n\nimport _ \"github.com/gone/units\"\n");
        var r = Load(Path.Combine(tmp.Root, "app"), Env());
        var coverage = ImportCoverage.Of(r.Roots);
        var units = Assert.Single(coverage.Unresolved);
        Assert.Equal("github.com/gone/units", units.Path);
        Assert.Contains("example.com/lib/shapes", coverage.Imported);
    }

    [Fact]
    public void GoEnvFileSettingsApplyWhereTheEnvironmentSetsNothing()
    {
        var home = Directory.CreateTempSubdirectory("lf-goenv-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".config", "go"));
            // As `go env -w GOFLAGS=-mod=mod GOMODCACHE=...` writes it.
            File.WriteAllText(Path.Combine(home, ".config", "go", "env"), "GOFLAGS=-mod=mod\nGOMODCACHE=/from/env/file\n# a comment\nnot a setting\n");
            var fromFile = GoEnvironment.WithEnvFile(new Dictionary<string, string?> { ["HOME"] = home, ["PATH"] = "" });
            Assert.Equal("mod", fromFile.GoFlag("mod"));
            Assert.Equal("/from/env/file", fromFile.ModCache);
            Assert.Null(Load(Module("vendoring"), fromFile).Setup.Vendor); // -mod=mod from the file turns vendoring off

            var processWins = GoEnvironment.WithEnvFile(new Dictionary<string, string?> { ["HOME"] = home, ["GOMODCACHE"] = "/from/process" });
            Assert.Equal("/from/process", processWins.ModCache);
            Assert.Equal("mod", processWins.GoFlag("mod"));

            var off = GoEnvironment.WithEnvFile(new Dictionary<string, string?> { ["HOME"] = home, ["GOENV"] = "off" });
            Assert.Null(off.Get("GOFLAGS"));

            var moved = Path.Combine(home, "elsewhere.env");
            File.WriteAllText(moved, "GO111MODULE=off\n");
            Assert.Equal("off", GoEnvironment.WithEnvFile(new Dictionary<string, string?> { ["HOME"] = home, ["GOENV"] = moved }).Get("GO111MODULE"));
            var xdg = GoEnvironment.WithEnvFile(new Dictionary<string, string?> { ["HOME"] = "/nonexistent", ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config") });
            Assert.Equal("/from/env/file", xdg.ModCache);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A copy of a testdata tree in a temporary directory, for variations the checked-in fixture does not hold.</summary>
    private sealed class TempTree : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("lf-modres-").FullName;

        public TempTree(string source) => Copy(source, Root);

        public void Rewrite(string file, string from, string to)
        {
            var path = Path.Combine(Root, file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        }

        public void Move(string from, string to)
        {
            var target = Path.Combine(Root, to);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(Path.Combine(Root, from), target);
        }

        private static void Copy(string source, string target)
        {
            Directory.CreateDirectory(target);
            foreach (var f in Directory.GetFiles(source)) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
            foreach (var d in Directory.GetDirectories(source)) Copy(d, Path.Combine(target, Path.GetFileName(d)));
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
