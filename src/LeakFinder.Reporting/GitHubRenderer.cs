using System.Text;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting;

/// <summary>
/// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the pull
/// request: `::error file=F,line=L,col=C,endLine=E,endColumn=EC,title=LF1001 name::message`. Warnings use
/// `::warning`, infos `::notice`. endColumn is given only for single-line spans (annotations ignore it
/// otherwise). As GitHub's runner decodes them, data escapes % CR LF and property values also ':' and ','.
/// Related locations follow the message on lines of their own; input errors and a partial analysis (unresolved
/// imports) are annotations too; a plain summary line ends the output.
/// </summary>
public sealed class GitHubRenderer(ReportOptions options) : IReportRenderer
{
    public void Render(CheckResult result, TextWriter output)
    {
        foreach (var d in ReportOrder.Findings(result, options))
        {
            var command = d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            var props = new StringBuilder();
            props.Append("file=").Append(EscapeProperty(ReportOrder.DisplayPath(d.Span.File, options)));
            props.Append(",line=").Append(d.Span.Line).Append(",col=").Append(d.Span.Column);
            if (d.Span.EndLine >= d.Span.Line)
            {
                props.Append(",endLine=").Append(d.Span.EndLine);
                if (d.Span.EndLine == d.Span.Line && d.Span.EndColumn > 0) props.Append(",endColumn=").Append(d.Span.EndColumn);
            }
            props.Append(",title=").Append(EscapeProperty($"{d.Rule.Id} {d.Rule.Name}"));
            var message = new StringBuilder(d.Message);
            foreach (var r in d.Related)
                message.Append('\n').Append($"{ReportOrder.DisplayPath(r.Span.File, options)}:{r.Span.Line}:{r.Span.Column}: note: {r.Message}");
            output.Write($"::{command} {props}::{EscapeData(message.ToString())}\n");
        }
        foreach (var e in ReportOrder.Errors(result, options))
        {
            var props = "file=" + EscapeProperty(ReportOrder.DisplayPath(e.File, options));
            if (e.Line > 0) props += $",line={e.Line},col={e.Column}";
            output.Write($"::error {props},title={EscapeProperty("leakfinder: input error")}::{EscapeData(e.Message)}\n");
        }
        // A partial analysis is a warning annotation at the first unresolved import, so a green run says why
        // it may have missed something.
        if (DependencyWarning.Summary(result.Dependencies) is { } partial)
        {
            var first = result.Dependencies.Unresolved[0];
            var props = "file=" + EscapeProperty(ReportOrder.DisplayPath(first.File, options));
            if (first.Line > 0) props += $",line={first.Line},col={first.Column}";
            var message = new StringBuilder(partial);
            foreach (var u in result.Dependencies.Unresolved) message.Append('\n').Append(DependencyWarning.Detail(u, options));
            output.Write($"::warning {props},title={EscapeProperty("leakfinder: analysis is partial")}::{EscapeData(message.ToString())}\n");
        }
        output.Write(ReportOrder.Summary(result));
        output.Write('\n');
    }

    /// <summary>Escapes a command's message (the part after '::'): % CR LF, as the runner's toolkit does.</summary>
    public static string EscapeData(string s) =>
        s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value: as data, plus ':' and ',' which delimit properties.</summary>
    public static string EscapeProperty(string s) =>
        EscapeData(s).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
