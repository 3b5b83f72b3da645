using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// Dumps read out of log pipelines (testdata/dumps/logged, made by wrap.sh from the real captures): every
/// line wrapped in a CRI, kubectl, Docker JSON, syslog or Go log prefix, with other sources' records
/// interleaved, must give the same goroutines, buckets and suspects as the clean capture.
/// </summary>
public class LoggedDumpTests
{
    public static TheoryData<string, string> Wrapped()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(Path.Combine(DumpFixtures.Dir, "logged"), "*.txt").Order())
        {
            var name = Path.GetFileName(path);
            data.Add(name, name[(name.IndexOf('-') + 1)..]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Wrapped))]
    public void AWrappedDumpReadsAsTheCleanCapture(string wrapped, string clean)
    {
        var fromLog = DumpAnalyzer.AnalyzeFile(Path.Combine(DumpFixtures.Dir, "logged", wrapped));
        var plain = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path(clean));

        Assert.NotNull(fromLog.Info.LogPrefix);
        Assert.Null(plain.Info.LogPrefix);
        Assert.Equal(Summary(plain), Summary(fromLog));
        Assert.Equal(plain.Buckets.Select(Describe), fromLog.Buckets.Select(Describe));
        Assert.Equal(plain.Suspects.Select(s => $"{s.Suspect.Score} {s.Suspect.Reason}"), fromLog.Suspects.Select(s => $"{s.Suspect.Score} {s.Suspect.Reason}"));
    }

    [Theory]
    [InlineData("cri-go1.19.8-debug2.txt", "log prefix like \"2024-05-01T12:00:00Z stderr F \"")]
    [InlineData("kubectl-go1.19.8-debug2.txt", "log prefix like \"2024-05-01T12:00:00Z \"")]
    [InlineData("docker-go1.19.8-debug2.txt", "JSON lines, text in \"log\" of stream \"stderr\"")]
    [InlineData("syslog-go1.19.8-debug2.txt", "log prefix like \"May  1 12:00:00 host app[4242]: \"")]
    [InlineData("golog-go1.19.8-debug2.txt", "log prefix like \"2024/05/01 12:00:00 \"")]
    public void The_learned_form_is_named_by_the_first_headers_prefix(string wrapped, string description)
    {
        var analysis = DumpAnalyzer.AnalyzeFile(Path.Combine(DumpFixtures.Dir, "logged", wrapped));
        Assert.Equal(description, analysis.Info.LogPrefix);
    }

    [Fact]
    public void AnotherGoroutinesLogLinesInsideAGoroutineAreSkippedWithAWarning()
    {
        // Go's log package: the interleaved "http: served ..." lines are the dump's own source.
        var analysis = DumpAnalyzer.AnalyzeFile(Path.Combine(DumpFixtures.Dir, "logged", "golog-go1.19.8-sigquit.txt"));
        Assert.Contains(analysis.Warnings.Items, w => w.Message.StartsWith("not stack text inside goroutine", StringComparison.Ordinal));
        // CRI: the interleaved records are stdout's, dropped and counted.
        var cri = DumpAnalyzer.AnalyzeFile(Path.Combine(DumpFixtures.Dir, "logged", "cri-go1.19.8-sigquit.txt"));
        Assert.Contains(cri.Warnings.Items, w => w.Message.EndsWith("records of other log sources inside goroutines skipped", StringComparison.Ordinal));
    }

    private static string Summary(DumpAnalysis a) =>
        $"total={a.TotalGoroutines} buckets={a.Buckets.Count} panic={a.Info.Panic} fatal={a.Info.FatalError} signal={a.Info.Signal} " +
        $"declared={a.Info.DeclaredTotal} aggregated={a.Info.Aggregated} truncated={a.Info.Truncated}";

    private static string Describe(StackBucket b) =>
        $"{b.Count} [{b.State}] {b.Kind} locked={b.LockedToThread} wait={b.MinWaitMinutes}-{b.MaxWaitMinutes} ids={string.Join(",", b.SampleIds)} " +
        $"labels={b.Labels} benign={b.BenignReason} created={Frame(b.CreatedBy)}\n  " + string.Join("\n  ", b.Stack.Select(Frame));

    private static string Frame(Call? c) => c == null ? "-" : $"{c.Function} {c.File}:{c.Line} +{c.Offset}";
}
