using System.Text.Json;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting;

/// <summary>
/// `--format json`: {"findings": [...], "errors": [...], "imports": {...}, "stats": {...}} exactly as docs/json-output.md
/// (`## leakfinder check`) documents it. Fields are written in a fixed order; optional ones ("fix") are omitted
/// when absent, never null.
/// </summary>
public sealed class JsonRenderer(ReportOptions options) : IReportRenderer
{
    public void Render(CheckResult result, TextWriter output) => JsonWriting.WriteTo(output, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("findings");
        foreach (var d in ReportOrder.Findings(result, options)) WriteFinding(w, d);
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in ReportOrder.Errors(result, options))
        {
            w.WriteStartObject();
            w.WriteString("file", ReportOrder.DisplayPath(e.File, options));
            w.WriteNumber("line", e.Line);
            w.WriteNumber("column", e.Column);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteImports(w, result.Dependencies);
        var s = result.Stats;
        w.WriteStartObject("stats");
        w.WriteNumber("packages", s.Packages);
        w.WriteNumber("files", s.Files);
        w.WriteNumber("findings", s.Findings);
        w.WriteNumber("suppressed", s.Suppressed);
        w.WriteNumber("lowImpactHidden", s.LowImpactHidden);
        w.WriteNumber("errors", result.Errors.Count);
        w.WriteNumber("elapsed", Math.Round(s.Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
        w.WriteEndObject();
    });

    // Always present, so a consumer can tell a complete check (empty "unresolved") from an old report.
    private void WriteImports(Utf8JsonWriter w, Analysis.Pipeline.DependencyReport report)
    {
        w.WriteStartObject("imports");
        w.WriteNumber("total", report.Imported);
        w.WriteStartArray("unresolved");
        foreach (var u in report.Unresolved)
        {
            w.WriteStartObject();
            w.WriteString("path", u.Path);
            w.WriteString("reason", u.Reason);
            w.WriteString("file", ReportOrder.DisplayPath(u.File, options));
            w.WriteNumber("line", u.Line);
            w.WriteNumber("column", u.Column);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (DependencyWarning.Summary(report) is { } warning) w.WriteString("warning", warning);
        w.WriteEndObject();
    }

    private void WriteFinding(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("rule", d.Rule.Id);
        w.WriteString("name", d.Rule.Name);
        w.WriteString("category", d.Rule.Category.Name());
        w.WriteString("severity", ReportOrder.SeverityName(d.Severity));
        w.WriteString("message", d.Message);
        WriteSpan(w, d.Span);
        w.WriteStartArray("related");
        foreach (var r in d.Related)
        {
            w.WriteStartObject();
            w.WriteString("file", ReportOrder.DisplayPath(r.Span.File, options));
            w.WriteNumber("line", r.Span.Line);
            w.WriteNumber("column", r.Span.Column);
            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (d.Fix != null)
        {
            w.WriteStartObject("fix");
            w.WriteString("message", d.Fix.Message);
            w.WriteStartArray("edits");
            foreach (var e in d.Fix.Edits)
            {
                w.WriteStartObject();
                WriteSpan(w, e.Span);
                w.WriteString("newText", e.NewText);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private void WriteSpan(Utf8JsonWriter w, SourceSpan span)
    {
        w.WriteString("file", ReportOrder.DisplayPath(span.File, options));
        w.WriteNumber("line", span.Line);
        w.WriteNumber("column", span.Column);
        w.WriteNumber("endLine", span.EndLine);
        w.WriteNumber("endColumn", span.EndColumn);
    }
}
