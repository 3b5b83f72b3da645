using LeakFinder.Check;
using System.Text;
using LeakFinder.Analysis;
using LeakFinder.Check.Pipeline;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Reporting;

/// <summary>
/// The one warning a partial check gives (unresolved imports), worded once for every place that shows it:
/// standard error, JSON's "imports.warning" and SARIF's toolExecutionNotifications.
/// </summary>
public static class DependencyWarning
{
    /// <summary>How many unresolved imports standard error lists one per line; JSON and SARIF list them all.</summary>
    public const int Listed = 3;

    /// <summary>"12 of 340 imported packages unresolved (first: x/y): analysis is partial; run ...", or null when complete.</summary>
    public static string? Summary(DependencyReport report)
    {
        if (!report.IsPartial) return null;
        var n = report.Unresolved.Count;
        var packages = report.Imported == 1 ? "package" : "packages";
        var remedy = report.Remedy.Length > 0 ? "; " + report.Remedy : "";
        return $"{n} of {report.Imported} imported {packages} unresolved (first: {report.Unresolved[0].Path}): analysis is partial{remedy}";
    }

    /// <summary>"path (file:line:col): reason" for one unresolved import, the file relative to the working directory.</summary>
    public static string Detail(UnresolvedDependency u, ReportOptions options)
    {
        var at = u.File.Length == 0 ? "" : u.Line > 0 ? $" ({ReportOrder.DisplayPath(u.File, options)}:{u.Line}:{u.Column})" : $" ({ReportOrder.DisplayPath(u.File, options)})";
        return $"{u.Path}{at}: {u.Reason}";
    }

    /// <summary>The text for standard error: the summary, then the first few imports, one per line; null when complete.</summary>
    public static string? ForStandardError(CheckResult result, ReportOptions options)
    {
        if (Summary(result.Dependencies) is not { } summary) return null;
        // Import paths and reasons come from the analysed code: escaped as the text report escapes them.
        var text = new StringBuilder("leakfinder: ").Append(TerminalText.Escape(summary));
        var unresolved = result.Dependencies.Unresolved;
        foreach (var u in unresolved.Take(Listed)) text.Append("\n  ").Append(TerminalText.Escape(Detail(u, options)));
        if (unresolved.Count > Listed) text.Append($"\n  ... and {unresolved.Count - Listed} more (--format json lists them all)");
        return text.ToString();
    }
}
