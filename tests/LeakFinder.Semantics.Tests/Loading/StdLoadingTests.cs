using System.Diagnostics;
using LeakFinder.Semantics.Loading;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>std imports with and without a Go install, and loading all of $GOROOT/src as std source.</summary>
public class StdLoadingTests(ITestOutputHelper output)
{
    [Fact]
    public void WithoutGoInstalledStdImportsComeFromTheApiModel()
    {
        var env = ModuleLoadingTests.NoGo(); // GOROOT unset, PATH empty
        Assert.Null(env.GoRoot);
        var r = PackageLoader.Load(new LoadOptions
        {
            Dir = RepoPaths.Combine("testdata", "modules", "xtest"), Patterns = ["./..."], Tests = true, StdFromSource = true, Env = env,
        });
        Assert.Empty(r.Errors);
        Assert.Null(r.Setup.GoRootSrc);
        var imports = r.Packages.SelectMany(p => p.Imports).Where(i => i.Kind == ImportKind.Std).ToList();
        Assert.Equal(["fmt", "sync", "testing"], imports.Select(i => i.Path).Distinct().Order(StringComparer.Ordinal));
        Assert.All(imports, i => Assert.Null(i.Package)); // nothing to load: the checker asks the std model
        Assert.DoesNotContain(r.Packages, p => p.IsStd);
    }

    /// <summary>The `std` pattern matches the packages `go list std` lists, with cgo on and off (off, runtime/cgo
    /// has nothing to build): no `builtin` pseudo-package, no cmd, the vendored golang.org/x packages under vendor/, and
    /// (with tests) packages of test files only, such as embed/internal/embedtest.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public void StdPatternMatchesGoListStd(string cgo)
    {
        var go = GoToolchain.Require();
        var root = GoToolchain.RequireGoRoot();
        var src = GoToolchain.ResolveLinks(Path.Combine(root, "src"));
        var goEnv = new Dictionary<string, string> { ["CGO_ENABLED"] = cgo, ["GOOS"] = "linux", ["GOARCH"] = "amd64", ["GOFLAGS"] = "" };
        var expected = GoToolchain.Run(go, "list std", src, goEnv).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal).ToList();
        var env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = root, ["CGO_ENABLED"] = cgo });
        var load = PackageLoader.Load(new LoadOptions { Dir = src, Patterns = ["std"], Tests = true, StdFromSource = true, Env = env, GOOS = "linux", GOARCH = "amd64" });
        var ours = load.Roots.Where(p => !p.IsXTest).Select(p => p.ImportPath).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([], ours.Except(expected));
        Assert.Equal([], expected.Except(ours));
    }

    [Fact]
    public void StdPathsAreKnownWithoutGoRoot()
    {
        var resolver = new ImportResolver(ModuleSetup.Discover(RepoPaths.Combine("testdata", "modules", "generics"), ModuleLoadingTests.NoGo()));
        Assert.True(resolver.IsStd("net/http"));
        Assert.True(resolver.IsStd("slices"));
        Assert.True(resolver.IsStd("unsafe"));
        Assert.False(resolver.IsStd("example.com/gen/container"));
        var r = resolver.Resolve("internal/poll", "example.com/gen/user", "/x", false);
        Assert.Equal(ImportKind.Unknown, r.Kind); // not public API: without GOROOT nothing provides it
    }

    [Fact]
    public void AllOfGoRootSrcLoadsAsStdSourceQuickly()
    {
        var root = GoToolchain.RequireGoRoot();
        var env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = root });
        var options = new LoadOptions { Dir = root, Patterns = ["std"], StdFromSource = true, Env = env, Release = new GoVersion(1, 19) };
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = PackageLoader.Load(options);
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var files = r.Packages.Sum(p => p.Files.Count);
        var bytes = r.Packages.Sum(p => p.Files.Sum(f => (long)f.Source.Length));
        output.WriteLine($"std: {r.Packages.Count} packages, {files} files, {bytes / 1024} KiB in {sw.ElapsedMilliseconds} ms wall, {cpu.TotalMilliseconds:F0} ms CPU on {Environment.ProcessorCount} cores");

        Assert.Empty(r.Errors);
        Assert.Empty(r.Cycles);
        Assert.True(r.Packages.Count >= 230, $"{r.Packages.Count} packages"); // go list std: 240 in Go 1.19
        Assert.All(r.Packages, p => Assert.True(p.IsStd, p.ImportPath));
        Assert.All(r.Packages, p => Assert.Empty(p.Errors));
        Assert.DoesNotContain(r.Packages.SelectMany(p => p.Imports), i => i.Kind == ImportKind.Unknown);
        var net = r.Find("net")!;
        var dns = Assert.Single(net.Imports, i => i.Path == "golang.org/x/net/dns/dnsmessage");
        Assert.Equal("vendor/golang.org/x/net/dns/dnsmessage", dns.ResolvedPath);
        Assert.NotNull(dns.Package);
        // Dependency order: every source import comes before its importer.
        var index = r.Packages.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        foreach (var p in r.Packages)
            foreach (var imp in p.Imports)
                if (imp.Package != null) Assert.True(index[imp.Package] < index[p], $"{imp.Package} after {p}");
        // A guard against pathological slowness only, on CPU time because the CI machine is shared
        // (measured: about 1 s of CPU for 14 MB of std source, JIT included).
        Assert.True(cpu < TimeSpan.FromSeconds(15), $"loading std took {cpu} of CPU");
    }
}
