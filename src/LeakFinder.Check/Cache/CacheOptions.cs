namespace LeakFinder.Check.Cache;

/// <summary>
/// Where `check` keeps what it found per package, so that a run over an unchanged tree skips type checking
/// and rules (see <see cref="CachedGroup"/>). Null in <see cref="Pipeline.CheckOptions.Cache"/> means no cache.
/// </summary>
public sealed record CacheOptions(string Directory)
{
    /// <summary>The build the entries belong to; null means the running program's own build id (a rebuilt
    /// LeakFinder never reads an older build's findings). Tests set it to play a version change.</summary>
    public string? ToolId { get; init; }

    public long MaxBytes { get; init; } = FindingsStore.DefaultMaxBytes;

    /// <summary>
    /// The cache the command line asks for: none with --no-cache or LEAKFINDER_CACHE=off, --cache-dir when
    /// given, else $XDG_CACHE_HOME/leakfinder, else ~/.cache/leakfinder (the XDG base directory default).
    /// </summary>
    public static CacheOptions? FromCommandLine(bool noCache, string? cacheDir, Func<string, string?> env)
    {
        if (noCache || (env("LEAKFINDER_CACHE") is { } setting && IsOff(setting))) return null;
        if (!string.IsNullOrEmpty(cacheDir)) return new CacheOptions(Path.GetFullPath(cacheDir));
        // XDG: a relative $XDG_CACHE_HOME is invalid and to be ignored.
        if (env("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return new CacheOptions(Path.Combine(xdg, "leakfinder"));
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : new CacheOptions(Path.Combine(home, ".cache", "leakfinder"));
    }

    private static bool IsOff(string value) =>
        value.Trim().ToLowerInvariant() is "off" or "0" or "false" or "no";
}
