using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>Everything `leakfinder dump` reports about one dump.</summary>
public sealed record DumpAnalysis(
    string Source,
    DumpInfo Info,
    long TotalGoroutines,
    IReadOnlyList<StackBucket> Buckets,
    IReadOnlyList<DumpSuspect> Suspects,
    WarningList Warnings);

/// <summary>
/// Parses a dump while bucketing it (streaming: memory follows the number of distinct stacks), then ranks
/// leak suspects. The entry point for the CLI and for other analyses that need a dump's answer.
/// </summary>
public static class DumpAnalyzer
{
    public static DumpAnalysis Analyze(Stream input, string sourceName, DumpScoringOptions? options = null)
    {
        var table = new FrameTable();
        var bucketer = new StackBucketer();
        var warnings = new WarningList(sourceName);
        var info = new GoroutineDumpParser(table, bucketer, warnings).Parse(input);
        var buckets = bucketer.Buckets(table);
        var suspects = SuspectScoring.Rank(buckets, options ?? new DumpScoringOptions());
        return new DumpAnalysis(sourceName, info, bucketer.TotalGoroutines, buckets, suspects, warnings);
    }

    /// <summary>Analyses a file, on every core when it is large (see <see cref="SegmentedDumpReader"/>).</summary>
    public static DumpAnalysis AnalyzeFile(string path, DumpScoringOptions? options = null)
    {
        var parts = SegmentedDumpReader.TryRead(path, Environment.ProcessorCount);
        if (parts != null)
            return new DumpAnalysis(path, parts.Info, parts.TotalGoroutines, parts.Buckets,
                SuspectScoring.Rank(parts.Buckets, options ?? new DumpScoringOptions()), parts.Warnings);
        using var stream = File.OpenRead(path);
        return Analyze(stream, path, options);
    }

    /// <summary>Analyses what the user named: a file, "-" for standard input, or an http(s) URL.</summary>
    /// <param name="timeout">For a URL: how long to wait for the response and for each read of its body.</param>
    public static DumpAnalysis AnalyzeSource(string source, DumpScoringOptions? options = null, TimeSpan? timeout = null)
    {
        if (source != "-" && !source.Contains("://", StringComparison.Ordinal) && File.Exists(source))
        {
            try
            {
                return AnalyzeFile(source, options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{source}: cannot read: {e.Message}", e);
            }
        }
        using var stream = DumpInput.Open(source, timeout);
        return Analyze(stream, DumpInput.DisplayName(source), options);
    }

    public static DumpAnalysis AnalyzeText(string text, string sourceName = "<text>", DumpScoringOptions? options = null) =>
        Analyze(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), sourceName, options);
}
