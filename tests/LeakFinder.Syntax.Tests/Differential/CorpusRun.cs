using System.Collections.Concurrent;
using System.Diagnostics;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// Both parsers over one corpus ($GOROOT/src or $GOROOT/test): go/parser through one `astdump -hash`
/// process, LeakFinder in parallel in this process. Computed once per corpus and shared by the tests
/// that judge accepted and rejected files.
/// </summary>
internal sealed class CorpusRun
{
    private static readonly ConcurrentDictionary<string, Lazy<CorpusRun>> Runs = new();

    public required string Corpus { get; init; }
    public required IReadOnlyList<FileOutcome> Files { get; init; }
    public required TimeSpan ReferenceTime { get; init; }
    public required TimeSpan LeakFinderTime { get; init; }

    /// <summary>The run for $GOROOT/&lt;corpus&gt;, with symlinks resolved (Debian links src and test).</summary>
    public static CorpusRun Of(string corpus)
    {
        var root = GoToolchain.RequireGoRoot();
        return Runs.GetOrAdd(corpus, c => new Lazy<CorpusRun>(() => Execute(c, Path.Combine(root, c)))).Value;
    }

    public static IReadOnlyList<string> GoFiles(string dir)
    {
        var resolved = GoToolchain.ResolveLinks(dir);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var files = Directory.EnumerateFiles(resolved, "*.go", options).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static CorpusRun Execute(string corpus, string dir)
    {
        var paths = GoFiles(dir);
        var referenceClock = Stopwatch.StartNew();
        var reference = Task.Run(() =>
        {
            var r = ReferenceTool.Hashes(paths);
            referenceClock.Stop();
            return r;
        });
        var clock = Stopwatch.StartNew();
        var ours = new LeakFinderResult[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => ours[i] = LeakFinderSide.HashFile(paths[i]));
        clock.Stop();
        var refs = reference.Result;
        var outcomes = new FileOutcome[paths.Count];
        for (var i = 0; i < outcomes.Length; i++) outcomes[i] = new FileOutcome(refs[i], ours[i]);
        return new CorpusRun { Corpus = corpus, Files = outcomes, ReferenceTime = referenceClock.Elapsed, LeakFinderTime = clock.Elapsed };
    }
}

internal sealed record FileOutcome(ReferenceResult Reference, LeakFinderResult Ours)
{
    public string Path => Reference.Path;
}
