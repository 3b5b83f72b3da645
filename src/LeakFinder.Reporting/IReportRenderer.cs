using LeakFinder.Check;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting;

/// <summary>Writes one <see cref="CheckResult"/> in one format.</summary>
public interface IReportRenderer
{
    void Render(CheckResult result, TextWriter output);
}

public static class ReportRenderers
{
    public static IReportRenderer Create(ReportFormat format, ReportOptions options) => format switch
    {
        ReportFormat.Text => new TextRenderer(options),
        ReportFormat.Json => new JsonRenderer(options),
        ReportFormat.Sarif => new SarifRenderer(options),
        ReportFormat.Checkstyle => new CheckstyleRenderer(options),
        ReportFormat.GitHub => new GitHubRenderer(options),
        ReportFormat.CodeClimate => new CodeClimateRenderer(options),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
