using System.Text;
using LeakFinder.Analysis;
using LeakFinder.Check.Fixes;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Reporting;

/// <summary>
/// What `check --fix` tells the user: one line per fixed finding (`file:line:col: LF2001: fixed: add ...`), one
/// per fix left out with the reason, and a count; or, for `--fix --diff`, the unified diff of every file the
/// fixes would change, paths shown as the report shows them (a/ and b/ prefixes, as git prints them).
/// </summary>
public static class FixReport
{
    public static void WriteApplied(FixPlan plan, TextWriter output, ReportOptions options)
    {
        foreach (var d in plan.Fixed)
            output.Write($"{Location(d, options)}: {d.Rule.Id}: fixed: {TerminalText.Escape(d.Fix!.Message)}\n");
        WriteSkipped(plan, output, options);
        var count = plan.Fixed.Count();
        output.Write($"leakfinder: fixed {count} finding{(count == 1 ? "" : "s")} in {plan.Files.Count} file{(plan.Files.Count == 1 ? "" : "s")}\n");
    }

    public static void WriteSkipped(FixPlan plan, TextWriter output, ReportOptions options)
    {
        foreach (var s in plan.Skipped)
            output.Write($"{Location(s.Finding, options)}: {s.Finding.Rule.Id}: fix not applied: {TerminalText.Escape(s.Reason)}\n");
    }

    public static void WriteDiff(FixPlan plan, TextWriter output, ReportOptions options)
    {
        foreach (var f in plan.Files)
        {
            var shown = ReportOrder.DisplayPath(f.Path, options).Replace('\\', '/');
            output.Write(UnifiedDiff.Format("a/" + shown, "b/" + shown, Encoding.UTF8.GetString(f.Before), Encoding.UTF8.GetString(f.After)));
        }
    }

    private static string Location(Diagnostic d, ReportOptions options) =>
        TerminalText.Escape($"{ReportOrder.DisplayPath(d.Span.File, options)}:{d.Span.Line}:{d.Span.Column}");
}
