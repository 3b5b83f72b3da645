using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `check`'s cache flags as a user meets them: on by default under $XDG_CACHE_HOME, --cache-dir to move it,
/// --no-cache and LEAKFINDER_CACHE=off to keep every run cold, and -v naming hits and re-analysed packages.
/// The report is the same on a cold and a warm run.
/// </summary>
public sealed class CheckCacheFlagsTests : IDisposable
{
    private const string Leaky = "examples/leaky-service";
    private readonly string _home = Directory.CreateTempSubdirectory("lf-cache-cli-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private CliResult Check(params string[] args) =>
        LeakFinderExe.Run(["check", .. args, Leaky], workDir: null, stdin: (byte[]?)null,
            env: new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = _home, ["LEAKFINDER_CACHE"] = null });

    [Fact]
    public void TheDefaultCacheLivesUnderXdgCacheHomeAndASecondRunHits()
    {
        var cold = Check("-v");
        var warm = Check("-v");
        Assert.True(cold.ExitCode == 1, cold.ToString());
        Assert.Equal(cold.ExitCode, warm.ExitCode);
        Assert.Equal(cold.Stdout[..cold.Stdout.LastIndexOf('(')], warm.Stdout[..warm.Stdout.LastIndexOf('(')]); // all but the time
        var store = Path.Combine(_home, "leakfinder");
        Assert.Contains($"leakfinder: cache: 0 hits, 1 analysed ({store})", cold.Stderr);
        Assert.Contains($"leakfinder: cache: 1 hit, 0 analysed ({store})", warm.Stderr);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(store, "findings-v1"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void CacheDirMovesItAndNoCacheTurnsItOff()
    {
        var elsewhere = Path.Combine(_home, "elsewhere");
        Check("--cache-dir", elsewhere);
        Assert.Contains($"leakfinder: cache: 1 hit, 0 analysed ({elsewhere})", Check("-v", "--cache-dir", elsewhere).Stderr);
        Assert.False(Directory.Exists(Path.Combine(_home, "leakfinder")));

        var off = Check("-v", "--no-cache");
        Assert.True(off.ExitCode == 1, off.ToString());
        Assert.DoesNotContain("cache:", off.Stderr);
        var offByEnv = LeakFinderExe.Run(["check", "-v", Leaky], workDir: null, stdin: (byte[]?)null,
            env: new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = _home, ["LEAKFINDER_CACHE"] = "off" });
        Assert.DoesNotContain("cache:", offByEnv.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_home, "leakfinder")));
    }
}
