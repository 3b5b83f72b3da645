using LeakFinder.Check;
using LeakFinder.Check.Cache;
using LeakFinder.Check.Pipeline;

namespace LeakFinder.Analysis.Tests.Cache;

/// <summary>
/// The findings cache of `check` (<see cref="CachedGroup"/>) over a small module: leaf &lt;- mid &lt;- top, and an
/// unrelated package. mid's finding exists only through leaf's facts (leaf.Open returns a file to close), so an
/// edit of leaf that changes that finding shows the invalidation reaches importers. Every cached run is compared
/// with an uncached run of the same tree: the cache must never change what is reported.
/// </summary>
public sealed class CheckCacheTests : IDisposable
{
    private readonly string _module = Directory.CreateTempSubdirectory("lf-cache-mod-").FullName;
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("lf-cache-store-").FullName;

    public CheckCacheTests()
    {
        Write("go.mod", "module example.com/cachemod\n\ngo 1.19\n");
        Write("leaf/leaf.go", "package leaf\n\nimport \"os\"\n\n// Open opens the named file for reading.\nfunc Open(name string) (*os.File, error) { return os.Open(name) }\n");
        Write("mid/mid.go", """
            package mid

            import "example.com/cachemod/leaf"

            func Size(name string) int64 {
            	f, err := leaf.Open(name)
            	if err != nil {
            		return 0
            	}
            	st, _ := f.Stat()
            	return st.Size()
            }

            """);
        Write("top/top.go", "package top\n\nimport \"example.com/cachemod/mid\"\n\nfunc Big(name string) bool { return mid.Size(name) > 1<<20 }\n");
        Write("other/other.go", """
            package other

            import "os"

            func Read() int {
            	f, _ := os.Open("x")
            	st, _ := f.Stat()
            	return int(st.Size())
            }

            """);
    }

    public void Dispose()
    {
        Directory.Delete(_module, recursive: true);
        Directory.Delete(_cacheDir, recursive: true);
    }

    private static readonly string[] All = ["example.com/cachemod/leaf", "example.com/cachemod/mid", "example.com/cachemod/other", "example.com/cachemod/top"];

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_module, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private CheckResult Run(CacheOptions? cache) => CheckRunner.Run(new CheckOptions { WorkDir = _module, Cache = cache });

    private CacheOptions Store(string? toolId = "test-build-1") => new(_cacheDir) { ToolId = toolId };

    /// <summary>Runs with the cache, checks it reports what an uncached run reports, and returns what it analysed.</summary>
    private IReadOnlyList<string> RunCached(CacheOptions? cache = null)
    {
        var cached = Run(cache ?? Store());
        Assert.Equal(Describe(Run(null)), Describe(cached));
        Assert.True(cached.Cache.Enabled);
        Assert.Equal(All, cached.Cache.Hits.Concat(cached.Cache.Analysed).Order(StringComparer.Ordinal));
        return cached.Cache.Analysed.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Everything a report shows apart from the time taken.</summary>
    internal static string Describe(CheckResult r)
    {
        var lines = new List<string>
        {
            $"packages={r.Stats.Packages} files={r.Stats.Files} findings={r.Stats.Findings} suppressed={r.Stats.Suppressed} low-impact={r.Stats.LowImpactHidden}",
        };
        foreach (var d in r.Findings)
        {
            lines.Add($"{d.Span} {d.Span.EndLine}:{d.Span.EndColumn} {d.Rule.Id} {d.Severity} {d.Message} test-fails={d.OnlyWhenTestFails}");
            lines.AddRange(d.Related.Select(x => $"  related {x.Span} {x.Message}"));
            if (d.Fix != null) lines.AddRange(d.Fix.Edits.Select(e => $"  fix {d.Fix.Message}: {e.Span} {e.Span.EndLine}:{e.Span.EndColumn} {e.NewText}"));
        }
        lines.AddRange(r.Errors.Select(e => "error " + e));
        lines.AddRange(r.UnusedSuppressions.Select(u => "unused " + u));
        return string.Join("\n", lines);
    }

    [Fact]
    public void ASecondRunOnAnUnchangedTreeAnalysesNothing()
    {
        Assert.Equal(All, RunCached());
        Assert.Empty(RunCached());
        Assert.Equal(2, Run(Store()).Findings.Count); // mid's (through leaf's facts) and other's
    }

    [Fact]
    public void AnEditReanalysesItsPackageAndItsImportersOnly()
    {
        RunCached();
        // leaf.Open no longer hands out an open file: mid's finding goes, which only re-analysing mid shows.
        Write("leaf/leaf.go", "package leaf\n\nimport \"os\"\n\nfunc Open(name string) (*os.File, error) {\n\tf, err := os.Open(name)\n\tif err == nil {\n\t\tf.Close()\n\t}\n\treturn nil, err\n}\n");
        Assert.Equal(["example.com/cachemod/leaf", "example.com/cachemod/mid", "example.com/cachemod/top"], RunCached());
        Assert.Equal("other.go", Path.GetFileName(Assert.Single(Run(Store()).Findings).Span.File));

        Write("top/top.go", "package top\n\nimport \"example.com/cachemod/mid\"\n\n// Big says whether the file is over a MiB.\nfunc Big(name string) bool { return mid.Size(name) > 1<<20 }\n");
        Assert.Equal(["example.com/cachemod/top"], RunCached());
        Assert.Empty(RunCached());
    }

    [Fact]
    public void WhetherAnImportIsCheckedTooIsPartOfTheKey()
    {
        // Checked alone, mid knows nothing of leaf.Open's facts (leaf is only an import): no finding in mid.
        CheckResult Mid(CacheOptions? cache) => CheckRunner.Run(new CheckOptions { WorkDir = _module, Patterns = ["./mid"], Cache = cache });
        var alone = Mid(Store());
        Assert.Equal(Describe(Mid(null)), Describe(alone));
        Assert.Equal(["example.com/cachemod/mid"], alone.Cache.Analysed);
        Assert.Empty(alone.Findings);
        Assert.Equal(["example.com/cachemod/mid"], Mid(Store()).Cache.Hits);
        // With leaf checked too its facts reach mid, so mid's entry from the run above must not be used.
        Assert.Equal(All, RunCached());
        Assert.Equal(2, Run(Store()).Findings.Count);
    }

    [Fact]
    public void AHitKeepsItsSuppressionsAndContextWhetherOrNotItIsCheckedAgain()
    {
        // other's finding suppressed, a directive that suppresses nothing and a malformed one in mid (an error),
        // and a command whose unclosed file is left out as low impact: all read from the trees, which a hit
        // does not parse again.
        Write("other/other.go", "package other\n\nimport \"os\"\n\nfunc Read() int {\n\tf, _ := os.Open(\"x\") //nolint:LF2002 // closed at exit\n\tst, _ := f.Stat()\n\treturn int(st.Size())\n}\n");
        Write("mid/unused.go", "package mid\n\n//lint:ignore LF1001 nothing here starts goroutines\nfunc Twice(n int) int { return 2 * n }\n\n//lint:ignore LF2002\nvar Zero = 0\n");
        Write("cmd/tool/main.go", """
            package main

            import (
            	"fmt"
            	"os"

            	"example.com/cachemod/top"
            )

            func name(path string) string {
            	f, _ := os.Open(path)
            	st, _ := f.Stat()
            	return st.Name()
            }

            func main() { fmt.Println(top.Big(name("y"))) }

            """);
        string[] all = [.. All, "example.com/cachemod/cmd/tool"];
        CheckResult Cached()
        {
            var cached = Run(Store());
            Assert.Equal(Describe(Run(null)), Describe(cached));
            return cached;
        }
        var cold = Cached();
        Assert.Equal(all.Order(StringComparer.Ordinal), cold.Cache.Analysed.Order(StringComparer.Ordinal));
        Assert.Equal(1, cold.Stats.Suppressed);
        Assert.Equal(1, cold.Stats.LowImpactHidden);
        Assert.Single(cold.UnusedSuppressions);
        Assert.Contains(cold.Errors, e => e.File.EndsWith("unused.go", StringComparison.Ordinal));
        Assert.Empty(Cached().Cache.Analysed);
        // top changes: it and the command are analysed again, mid is checked again as top's import but is a hit.
        Write("top/top.go", "package top\n\nimport \"example.com/cachemod/mid\"\n\n// Big says whether the file is over a MiB.\nfunc Big(name string) bool { return mid.Size(name) > 1<<20 }\n");
        var partly = Cached();
        Assert.Equal(["example.com/cachemod/cmd/tool", "example.com/cachemod/top"], partly.Cache.Analysed.Order(StringComparer.Ordinal));
        Assert.Contains("example.com/cachemod/mid", partly.Cache.Hits);
    }

    [Fact]
    public void AConfigurationChangeReanalysesEverything()
    {
        RunCached();
        Write(".leakfinder.yml", "rules:\n  enable: [LF6002]\n");
        Assert.Equal(All, RunCached());
        Assert.Empty(RunCached());
        // The flags that choose rules count as configuration too.
        var disabled = CheckRunner.Run(new CheckOptions { WorkDir = _module, Cache = Store(), Disable = ["LF2002"] });
        Assert.Equal(All, disabled.Cache.Analysed.Order(StringComparer.Ordinal));
        Assert.Empty(disabled.Findings);
    }

    [Fact]
    public void AnotherBuildOfLeakFinderReanalysesEverything()
    {
        RunCached(Store("test-build-1"));
        Assert.Equal(All, RunCached(Store("test-build-2")));
        Assert.Empty(RunCached(Store("test-build-2")));
        // The running build's own id (the default) is not the tests' made-up one either.
        Assert.Equal(All, RunCached(Store(toolId: null)));
    }

    [Fact]
    public void CorruptOrForeignEntriesAreMissesNotFailures()
    {
        RunCached();
        var entries = Directory.GetFiles(Path.Combine(_cacheDir, "findings-v1"), "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Length == 64).ToList();
        Assert.Equal(4, entries.Count);
        File.WriteAllBytes(entries[0], []);
        File.WriteAllBytes(entries[1], File.ReadAllBytes(entries[1])[..^3]);
        File.WriteAllText(entries[2], "not a cache entry at all, but long enough to be read as a header and some counts");
        File.Copy(entries[3], entries[0], overwrite: true); // another package's entry under this key
        Assert.Equal(3, RunCached().Count); // entries[3] itself is still good
        Assert.Empty(RunCached());
    }

    [Fact]
    public void AnUnwritableStoreLeavesTheRunUncached()
    {
        var notADirectory = Path.Combine(_cacheDir, "file");
        File.WriteAllText(notADirectory, "");
        Assert.Equal(All, RunCached(new CacheOptions(notADirectory)));
        Assert.Equal(All, RunCached(new CacheOptions(notADirectory)));
    }

    [Fact]
    public async Task TwoRunsAtOnceShareTheStore()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Run(Store()))));
        var expected = Describe(Run(null));
        Assert.All(runs, r => Assert.Equal(expected, Describe(r)));
        Assert.Empty(RunCached());
        Assert.Empty(Directory.GetFiles(_cacheDir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void TheStoreIsTrimmedToItsBoundOldestFirst()
    {
        RunCached();
        var store = new FindingsStore(_cacheDir, maxBytes: 1);
        var entries = Directory.GetFiles(store.Directory, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Length == 64).ToList();
        var newest = entries[^1];
        for (var i = 0; i < entries.Count; i++) File.SetLastWriteTimeUtc(entries[i], DateTime.UtcNow.AddMinutes(i - entries.Count));
        new FindingsStore(_cacheDir, maxBytes: new FileInfo(newest).Length).TrimNow(force: true);
        Assert.Equal([newest], Directory.GetFiles(store.Directory, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Length == 64));
        Assert.Equal(3, RunCached().Count);
    }
}

/// <summary>Where the command line puts the cache: flags first, then LEAKFINDER_CACHE, then the XDG base directory.</summary>
public class CacheLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void TheDefaultIsUnderXdgCacheHomeElseHomeDotCache()
    {
        Assert.Equal("/xdg/leakfinder", CacheOptions.FromCommandLine(false, null, Env(("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u")))!.Directory);
        Assert.Equal("/home/u/.cache/leakfinder", CacheOptions.FromCommandLine(false, null, Env(("HOME", "/home/u")))!.Directory);
        // The XDG spec says a relative path there is invalid and to be ignored.
        Assert.Equal("/home/u/.cache/leakfinder", CacheOptions.FromCommandLine(false, null, Env(("XDG_CACHE_HOME", "rel"), ("HOME", "/home/u")))!.Directory);
    }

    [Fact]
    public void CacheDirWinsAndNoCacheOrTheEnvironmentTurnsItOff()
    {
        Assert.Equal("/tmp/lfc", CacheOptions.FromCommandLine(false, "/tmp/lfc", Env(("XDG_CACHE_HOME", "/xdg")))!.Directory);
        Assert.Null(CacheOptions.FromCommandLine(true, "/tmp/lfc", Env()));
        Assert.Null(CacheOptions.FromCommandLine(false, "/tmp/lfc", Env(("LEAKFINDER_CACHE", "off"))));
        Assert.Null(CacheOptions.FromCommandLine(false, null, Env(("LEAKFINDER_CACHE", "0"), ("HOME", "/home/u"))));
        Assert.NotNull(CacheOptions.FromCommandLine(false, null, Env(("LEAKFINDER_CACHE", "on"), ("HOME", "/home/u"))));
    }
}
