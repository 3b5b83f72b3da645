using LeakFinder.Analysis;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Pipeline;

/// <summary>What `leakfinder check` was asked to do; the CLI fills it from arguments, tests construct it.</summary>
public sealed record CheckOptions
{
    /// <summary>The directory patterns are relative to (and where .leakfinder.yml is searched from).</summary>
    public required string WorkDir { get; init; }
    public IReadOnlyList<string> Patterns { get; init; } = ["./..."];
    /// <summary>--config: use this file instead of searching upward for .leakfinder.yml.</summary>
    public string? ConfigPath { get; init; }
    /// <summary>Analyse _test.go files and external test packages too.</summary>
    public bool Tests { get; init; }
    public IReadOnlyList<string> BuildTags { get; init; } = [];
    public string? GOOS { get; init; }
    public string? GOARCH { get; init; }
    /// <summary>--go: the Go version to assume (over go.mod's and the configuration's).</summary>
    public string? GoVersion { get; init; }
    /// <summary>--baseline: report only findings not recorded in this file.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>--write-baseline: record the current findings in this file (and report none as new).</summary>
    public string? WriteBaselinePath { get; init; }
    /// <summary>--new-from-rev: report only findings on lines changed since this git revision.</summary>
    public string? NewFromRev { get; init; }
    /// <summary>--all-contexts: also report resource, timer and context leaks in command and test code (as info,
    /// saying where they are); by default they are left out and counted.</summary>
    public bool AllContexts { get; init; }
    /// <summary>--enable: rules to run besides the configured ones (ids, names, categories); a rule that is off by
    /// default or experimental runs only when named by id or name here or in the configuration's `enable:`.</summary>
    public IReadOnlyList<string> Enable { get; init; } = [];
    /// <summary>Rules not to run whatever the configuration says (ids, names, categories, "all"); <see cref="Enable"/>
    /// wins where both name a rule, so "all" here with ids in Enable runs only those (go vet's `-LF1001` style).</summary>
    public IReadOnlyList<string> Disable { get; init; } = [];
    /// <summary>--follow-symlinks: read files a symbolic link places outside the module root (by default they
    /// are left out, each named in <see cref="CheckResult.Warnings"/>).</summary>
    public bool FollowSymlinks { get; init; }
    /// <summary>Also summarise the functions of main-module packages loaded only as imports, as if the whole module
    /// were checked: `go vet -vettool` checks one package per run and must find what `check ./...` finds through
    /// a helper in a sibling package (a function that returns a file to close).</summary>
    public bool FactsFromModule { get; init; }
    public GoEnvironment Env { get; init; } = GoEnvironment.FromProcess();
    /// <summary>Unsaved editor buffers read instead of the files on disk (full path to contents); nothing is written.</summary>
    public IReadOnlyDictionary<string, byte[]> Overlay { get; init; } = new Dictionary<string, byte[]>();
    /// <summary>Where findings per package are kept between runs (--cache-dir, --no-cache); null: no cache.</summary>
    public Cache.CacheOptions? Cache { get; init; }
    /// <summary>Called with short progress messages (for a terminal's progress line); may be null.</summary>
    public Action<string>? Progress { get; init; }
}

/// <summary>A problem with what the user asked (bad configuration, unreadable baseline): exit code 2, no scan.</summary>
public sealed class CheckUsageException(string message) : Exception(message);
