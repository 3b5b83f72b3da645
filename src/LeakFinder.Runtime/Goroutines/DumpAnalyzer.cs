using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Pprof;

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
    public static DumpAnalysis Analyze(Stream input, string sourceName, DumpScoringOptions? options = null, InputLimits? limits = null)
    {
        var table = new FrameTable();
        var bucketer = new StackBucketer(sourceName, (limits ?? InputLimits.Streamed).MaxStacks);
        var warnings = new WarningList(sourceName);
        var info = new GoroutineDumpParser(table, bucketer, warnings).Parse(input);
        var buckets = bucketer.Buckets(table);
        var suspects = SuspectScoring.Rank(buckets, options ?? new DumpScoringOptions());
        return new DumpAnalysis(sourceName, info, bucketer.TotalGoroutines, buckets, suspects, warnings);
    }

    /// <summary>Analyses a file, on every core when it is large (see <see cref="SegmentedDumpReader"/>).</summary>
    public static DumpAnalysis AnalyzeFile(string path, DumpScoringOptions? options = null, InputLimits? limits = null)
    {
        var parts = SegmentedDumpReader.TryRead(path, Environment.ProcessorCount, limits: limits);
        if (parts != null)
            return new DumpAnalysis(path, parts.Info, parts.TotalGoroutines, parts.Buckets,
                SuspectScoring.Rank(parts.Buckets, options ?? new DumpScoringOptions()), parts.Warnings);
        using var stream = new LimitedStream(File.OpenRead(path), path, (limits ?? InputLimits.Streamed).MaxBytes);
        return Analyze(stream, path, options, limits);
    }

    /// <summary>
    /// Analyses what the user named: a file, "-" for standard input, or an http(s) URL; text dumps in every
    /// form, gzipped or not, and Go's protobuf goroutine profile (?debug=0). Anything else (empty input, a
    /// heap profile, an execution trace, other binary data, text without a goroutine) is an
    /// <see cref="InputException"/> saying what it looks like.
    /// </summary>
    /// <param name="timeout">For a URL: how long the whole fetch may take.</param>
    public static DumpAnalysis AnalyzeSource(string source, DumpScoringOptions? options = null, TimeSpan? timeout = null, InputLimits? limits = null)
    {
        var name = DumpInput.DisplayName(source);
        // A large plain file is read on every core; anything else as the stream it is.
        var file = source != "-" && !HttpInput.IsUrl(source) ? source : null;
        return AnalyzeContent(DumpInput.Open(source, timeout), name, options, limits, file);
    }

    /// <summary>
    /// Analyses a stream of any content `dump` accepts (see <see cref="AnalyzeSource"/>), refusing the rest
    /// with an <see cref="InputException"/>; the stream is disposed. <paramref name="path"/>, when the stream
    /// is that file, lets a large plain dump be read on every core.
    /// </summary>
    public static DumpAnalysis AnalyzeContent(Stream input, string name, DumpScoringOptions? options = null, InputLimits? limits = null, string? path = null)
    {
        limits ??= InputLimits.Streamed;
        using var sniffed = SniffedInput.Open(input, name, limits);
        var head = sniffed.Head;
        if (head.Length == 0) throw new InputException($"{name}: empty input, not a goroutine dump");
        if (SniffedInput.IsExecutionTrace(head))
            throw new InputException($"{name}: this looks like a Go execution trace (runtime/trace), not a goroutine dump: use `go tool trace`");
        if (SniffedInput.IsBinary(head)) return Checked(AnalyzeProfile(sniffed.Stream, name, options, limits));
        if (path != null && !sniffed.Gzipped && head.Length == SniffedInput.HeadBytes)
        {
            sniffed.Stream.Dispose();
            return Checked(Readable(path, () => AnalyzeFile(path, options, limits)));
        }
        return Checked(Analyze(sniffed.Stream, name, options, limits));
    }

    public static DumpAnalysis AnalyzeText(string text, string sourceName = "<text>", DumpScoringOptions? options = null) =>
        Analyze(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), sourceName, options);

    // Binary input: Go's goroutine profile is read; any other profile or binary data is refused by name.
    private static DumpAnalysis AnalyzeProfile(Stream stream, string name, DumpScoringOptions? options, InputLimits limits)
    {
        PprofProfile profile;
        try
        {
            profile = PprofReader.Read(new LimitedStream(stream, name, limits.MaxWholeBytes), name);
        }
        catch (PprofFormatException e)
        {
            throw new InputException($"{name}: binary data that is neither a goroutine dump nor a pprof profile", e);
        }
        if (profile.Kind != "goroutine")
            throw new InputException($"{name}: this looks like a {profile.Kind} profile, not a goroutine dump: use `leakfinder profile`");
        if (profile.Samples.Count > limits.MaxStacks)
            throw new InputLimitException($"{name}: more than {limits.MaxStacks} distinct stacks; --max-stacks raises the limit");
        var analysis = Analyze(new MemoryStream(GoroutineProfileText.Write(profile)), name, options, limits);
        analysis.Info.Protobuf = true;
        return analysis;
    }

    // Text in which no goroutine was found is no dump: say so rather than "0 goroutines, no suspects".
    private static DumpAnalysis Checked(DumpAnalysis analysis)
    {
        if (analysis.TotalGoroutines > 0 || analysis.Info.DeclaredTotal >= 0) return analysis;
        throw new InputException($"{analysis.Source}: no goroutine found, not a goroutine dump " +
                                 "(expected a panic or SIGQUIT traceback, or /debug/pprof/goroutine output)");
    }

    private static DumpAnalysis Readable(string path, Func<DumpAnalysis> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
