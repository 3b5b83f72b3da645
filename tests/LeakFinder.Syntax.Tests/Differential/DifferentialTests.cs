using System.Text;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// Acceptance 1 of issue 4: on every .go file of $GOROOT/src and $GOROOT/test, LeakFinder's canonical
/// dump equals tools/astdump's (go/parser) byte for byte when go/parser accepts the file, and when
/// go/parser rejects it LeakFinder reports an error too, formatted file:line:col: message, whose first
/// error is on go/parser's line for at least 95% of the files. Each corpus is its own test case so
/// progress on each is visible.
/// </summary>
public sealed class DifferentialTests
{
    private const double RequiredSameLineRate = 0.95;
    private const int ShownMismatches = 5;

    [Fact]
    public void GoSrc_AcceptedFiles_DumpIdentically() => AcceptedFilesDumpIdentically("src");

    [Fact]
    public void GoSrc_RejectedFiles_ReportFirstErrorOnGoParsersLine() => RejectedFilesReportSameLine("src");

    [Fact]
    public void GoTest_AcceptedFiles_DumpIdentically() => AcceptedFilesDumpIdentically("test");

    [Fact]
    public void GoTest_RejectedFiles_ReportFirstErrorOnGoParsersLine() => RejectedFilesReportSameLine("test");

    private static void AcceptedFilesDumpIdentically(string corpus)
    {
        var run = CorpusRun.Of(corpus);
        var accepted = run.Files.Where(f => !f.Reference.Rejected).ToList();
        var mismatches = accepted.Where(f => f.Ours.Hash != f.Reference.Hash).ToList();
        var report = new StringBuilder();
        report.AppendLine($"$GOROOT/{corpus}: {accepted.Count - mismatches.Count}/{accepted.Count} files go/parser accepts dump identically " +
                          $"({Rate(accepted.Count - mismatches.Count, accepted.Count)}); go/parser+astdump {run.ReferenceTime.TotalSeconds:F1}s, " +
                          $"LeakFinder parse+dump {run.LeakFinderTime.TotalSeconds:F1}s");
        var crashes = mismatches.Count(f => f.Ours.Crash != null);
        var rejected = mismatches.Count(f => f.Ours.Rejected);
        report.AppendLine($"  of the mismatches: {crashes} threw, {rejected} reported errors, {mismatches.Count - crashes - rejected} dumped differently");
        foreach (var f in mismatches.Take(ShownMismatches)) report.Append(DescribeMismatch(f));
        Emit(report.ToString());
        Assert.True(mismatches.Count == 0, report.ToString());
    }

    private static string DescribeMismatch(FileOutcome f)
    {
        var sb = new StringBuilder();
        sb.AppendLine().AppendLine($"MISMATCH {f.Path}");
        if (f.Ours.Crash != null)
        {
            sb.AppendLine($"  LeakFinder threw {f.Ours.Crash}");
            return sb.ToString();
        }
        if (f.Ours.Rejected)
        {
            sb.AppendLine($"  go/parser accepts it; LeakFinder reports {f.Ours.Errors.Count} error(s), first: {f.Ours.Errors[0]}");
            return sb.ToString();
        }
        string ours;
        try { ours = LeakFinderSide.Dump(f.Path); }
        catch (Exception e) { ours = "LeakFinder threw " + e; }
        sb.Append(UnifiedDiff.FirstHunk(ReferenceTool.Dump(f.Path), ours, "go/parser (tools/astdump)", "LeakFinder"));
        return sb.ToString();
    }

    /// <summary>
    /// The reference is Go 1.19's go/parser, which rejects method type parameters; Go 1.27 allows them and the
    /// newest go/parser keeps them in the AST, as ours does. A file the reference rejects for that and that we
    /// accept is newer syntax, not an error we miss: it is left out of the rejected files and counted apart.
    /// </summary>
    private static bool AcceptedSinceGo127(FileOutcome f) =>
        !f.Ours.Rejected && f.Reference.Error is { } e && e.EndsWith(": method must have no type parameters", StringComparison.Ordinal);

    private static void RejectedFilesReportSameLine(string corpus)
    {
        var run = CorpusRun.Of(corpus);
        var newerSyntax = run.Files.Count(f => f.Reference.Rejected && AcceptedSinceGo127(f));
        var rejected = run.Files.Where(f => f.Reference.Rejected && !AcceptedSinceGo127(f)).ToList();
        var silent = rejected.Where(f => !f.Ours.Rejected).ToList();
        var badFormat = rejected.Where(f => f.Ours.Errors.Any(e => !ReferenceResult.ErrorFormat.IsMatch(e))).ToList();
        var otherLine = rejected.Where(f => f.Ours.Rejected && f.Ours.FirstErrorLine != f.Reference.ErrorLine).ToList();
        var sameLine = rejected.Count - silent.Count - otherLine.Count;
        var report = new StringBuilder();
        report.AppendLine($"$GOROOT/{corpus}: {rejected.Count} files go/parser rejects; LeakFinder reports an error for " +
                          $"{rejected.Count - silent.Count} ({Rate(rejected.Count - silent.Count, rejected.Count)}), first error on go/parser's line for " +
                          $"{sameLine} ({Rate(sameLine, rejected.Count)}, required {RequiredSameLineRate:P0}); {badFormat.Count} with an error not formatted file:line:col: message; " +
                          $"{newerSyntax} more rejected only for method type parameters, which Go 1.27 accepts");
        foreach (var f in silent.Take(ShownMismatches))
            report.AppendLine($"  NO ERROR {f.Path}: go/parser: {f.Reference.Error}" + (f.Ours.Crash != null ? $"; LeakFinder threw {f.Ours.Crash}" : ""));
        foreach (var f in otherLine.Take(2 * ShownMismatches))
            report.AppendLine($"  OTHER LINE go/parser: {f.Reference.Error}\n             LeakFinder: {f.Ours.Errors[0]}");
        foreach (var f in badFormat.Take(ShownMismatches))
            report.AppendLine($"  BAD FORMAT {f.Path}: {f.Ours.Errors.First(e => !ReferenceResult.ErrorFormat.IsMatch(e))}");
        Emit(report.ToString());
        Assert.True(silent.Count == 0 && badFormat.Count == 0 && sameLine >= RequiredSameLineRate * rejected.Count, report.ToString());
    }

    private static string Rate(int n, int total) => total == 0 ? "n/a" : $"{100.0 * n / total:F2}%";

    /// <summary>Rates are printed even when the test passes, so progress shows in the test log.</summary>
    private static void Emit(string report)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.Error.WriteLine(report);
    }
}
