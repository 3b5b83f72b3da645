using LeakFinder.Check;
using LeakFinder.Analysis;
using LeakFinder.Check.Baseline;

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
            // A message of several lines keeps its continuation lines indented under the location line.
            output.Write(Printable(d.Message).Replace("\n", "\n  ", StringComparison.Ordinal));
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
            var where = e.Line > 0 ? $"{ReportOrder.DisplayPath(e.File, options)}:{e.Line}:{e.Column}" : ReportOrder.DisplayPath(e.File, options);
            if (where.Length > 0) output.Write($"{ansi.Bold(where)}: ");
            output.Write($"{ansi.ForSeverity(Severity.Error, "error")}: {Printable(e.Message)}\n");
        }
        if (result.Errors.Count > 0) output.Write('\n');
        output.Write(ansi.Bold(ReportOrder.Summary(result)));
        output.Write('\n');
    }

    /// <summary>
    /// The text with CRLF as LF and other control characters (ESC above all) as U+FFFD: text read from the
    /// analysed code must not be able to drive the user's terminal.
    /// </summary>
    private static string Printable(string s)
    {
        s = s.Replace("\r\n", "\n", StringComparison.Ordinal);
        var needed = false;
        foreach (var c in s)
            if (char.IsControl(c) && c is not ('\n' or '\t')) { needed = true; break; }
        if (!needed) return s;
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i]) && chars[i] is not ('\n' or '\t')) chars[i] = '\uFFFD';
        return new string(chars);
    }

    private string Location(SourceSpan span) => $"{ReportOrder.DisplayPath(span.File, options)}:{span.Line}:{span.Column}";
}
