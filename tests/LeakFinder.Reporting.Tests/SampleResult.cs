using LeakFinder.Analysis;
using LeakFinder.Analysis.Pipeline;

namespace LeakFinder.Reporting.Tests;

/// <summary>
/// A hand-built CheckResult over Golden/src/svc/main.go that exercises every corner the formats have: tabs and
/// a multi-byte character before a span (byte vs display vs UTF-16 columns), a multi-line span, related
/// locations inside and outside the working directory, a fix, a finding in a file that no longer exists, a
/// message full of characters each format must escape, input errors with and without a position,
/// unresolved imports (a partial analysis), and findings given out of order.
/// </summary>
public static class SampleResult
{
    public static string WorkingDirectory => Path.Combine(GoldenFile.Directory, "src");
    public static string MainGo => Path.Combine(WorkingDirectory, "svc", "main.go");

    public static readonly RuleDescriptor BodyNotClosed = new("LF2001", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "HTTP response body is not closed");
    public static readonly RuleDescriptor TickerNotStopped = new("LF3001", "ticker-not-stopped", RuleCategory.TimerLeak, Severity.Warning, "time.Ticker is never stopped");
    public static readonly RuleDescriptor BlockedGoroutine = new("LF1001", "goroutine-blocked-on-channel", RuleCategory.GoroutineLeak, Severity.Error, "goroutine blocks forever on a channel");
    public static readonly RuleDescriptor LostCancel = new("LF4001", "lost-cancel", RuleCategory.ContextLeak, Severity.Error, "context cancel function is not called on every path");
    public static readonly RuleDescriptor Retention = new("LF5001", "slice-retains-backing-array", RuleCategory.MemoryRetention, Severity.Info, "a small slice keeps a large backing array alive");

    public static CheckResult Create()
    {
        var main = MainGo;
        var findings = new List<Diagnostic>
        {
            new(TickerNotStopped, Severity.Warning, "ticker t is never stopped: its timer stays in the runtime heap",
                new SourceSpan(main, 18, 7, 18, 34), []),
            new(BodyNotClosed, Severity.Error, "response body of http.Get is not closed on the path that returns at line 14",
                new SourceSpan(main, 9, 15, 9, 28),
                [
                    new RelatedLocation(new SourceSpan(main, 14, 2, 14, 12), "returns here without closing resp.Body"),
                    new RelatedLocation(new SourceSpan("/usr/lib/go-1.19/src/net/http/client.go", 450, 1, 450, 5), "http.Get documents that the caller must close the body"),
                ],
                new SuggestedFix("close the body when fetch returns", [new TextEdit(new SourceSpan(main, 12, 3, 12, 3), "\n\tdefer resp.Body.Close()")])),
            new(Retention, Severity.Info, "message with \"quotes\", <angle> & 100% : colon, tab\tand\nsecond line",
                new SourceSpan(main, 13, 23, 13, 34), []),
            new(BlockedGoroutine, Severity.Error, "loop over t.C never ends",
                new SourceSpan(main, 19, 2, 20, 3), []),
            new(LostCancel, Severity.Error, "cancel is not called when the function returns",
                new SourceSpan(Path.Combine(WorkingDirectory, "gone", "deleted.go"), 3, 1, 3, 9), []),
        };
        var errors = new List<InputError>
        {
            new(Path.Combine(WorkingDirectory, "svc", "broken.go"), 3, 7, "expected ';', found 'EOF'"),
            new("vendor/private", 0, 0, "cannot read directory: permission denied"),
        };
        var stats = new CheckStats(Packages: 2, Files: 3, Findings: findings.Count, Suppressed: 1, Elapsed: TimeSpan.FromMilliseconds(1534));
        // Two imports stayed unresolved: the report must say the analysis was partial.
        var dependencies = new DependencyReport(14,
        [
            new UnresolvedDependency("github.com/absent/metrics", "module github.com/absent/metrics@v1.2.0 is not in the module cache", main, 4, 2),
            new UnresolvedDependency("github.com/absent/tracing/span", "no required module provides package github.com/absent/tracing/span", main, 5, 2),
        ], "run `go mod download` or `go mod vendor`");
        return new CheckResult(findings, errors, stats, [BlockedGoroutine, BodyNotClosed, TickerNotStopped, LostCancel]) { Dependencies = dependencies };
    }

    public static ReportOptions Options(bool color = false) => new()
    {
        WorkingDirectory = WorkingDirectory,
        Color = color,
        ToolVersion = "1.2.3",
    };

    public static string Render(ReportFormat format, CheckResult result, ReportOptions options)
    {
        var w = new StringWriter();
        ReportRenderers.Create(format, options).Render(result, w);
        return w.ToString();
    }
}
