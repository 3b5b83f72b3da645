using LeakFinder.Check;
using LeakFinder.Analysis;
using LeakFinder.Check.Baseline;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Reporting;

/// <summary>
/// The human format: `file:line:col: message (LF1001 rule-name)`, a code frame, related locations as
/// `  file:line:col: note: ...`, a blank line between findings, input errors as `file:line:col: message`,
/// and one summary line. Colour (ANSI) only when <see cref="ReportOptions.Color"/> says so.
/// </summary>
public sealed class TextRenderer(ReportOptions options) : IReportRenderer
{
    public void Render(CheckResult result, TextWriter output)
    {
        var ansi = new Ansi(options.Color);
        var sources = new SourceFiles(options.WorkingDirectory);
        foreach (var d in ReportOrder.Findings(result, options))
        {
            output.Write(ansi.Bold(Location(d.Span)) + ": ");
            output.Write(Printable(d.Message));
            output.Write(' ');
            output.Write(ansi.Dim($"({d.Rule.Id} {d.Rule.Name})"));
            output.Write('\n');
            CodeFrame.Write(output, d.Span, sources, ansi, d.Severity);
            foreach (var r in d.Related)
                output.Write($"  {ansi.Bold(Location(r.Span))}: {ansi.Cyan("note")}: {Printable(r.Message)}\n");
            if (d.Fix != null)
                output.Write($"  {ansi.Cyan("fix")}: {Printable(d.Fix.Message)}\n");
            output.Write('\n');
        }
        foreach (var e in ReportOrder.Errors(result, options))
        {
            var where = e.Line > 0 ? $"{Printable(ReportOrder.DisplayPath(e.File, options))}:{e.Line}:{e.Column}" : Printable(ReportOrder.DisplayPath(e.File, options));
            if (where.Length > 0) output.Write($"{ansi.Bold(where)}: ");
            output.Write($"{ansi.ForSeverity(Severity.Error, "error")}: {Printable(e.Message)}\n");
        }
        if (result.Errors.Count > 0) output.Write('\n');
        output.Write(ansi.Bold(ReportOrder.Summary(result)));
        output.Write('\n');
    }

    /// <summary>
    /// Text read from the analysed code or the file system (a message quoting a string, a file name) as Go's %q
    /// shows it, unquoted: ESC, CR, newlines, other C0/C1 controls, bidi overrides and lone surrogates escaped
    /// (\x1b, \r, \n, \u202e), so it can neither drive the user's terminal nor forge a line of the report.
    /// </summary>
    private static string Printable(string s) => TerminalText.Escape(s);

    private string Location(SourceSpan span) => $"{Printable(ReportOrder.DisplayPath(span.File, options))}:{span.Line}:{span.Column}";
}
