using LeakFinder.Analysis;
using LeakFinder.Check;
using LeakFinder.Check.Baseline;
using System.Text.Json;

namespace LeakFinder.Reporting;

/// <summary>
/// `--format codeclimate`: the Code Climate issue array GitLab's Code Quality report reads
/// (`artifacts: reports: codequality:`). One issue per finding: check_name is the rule id and name, severity
/// maps error → critical, warning → major, info → minor, location is the path relative to the working directory
/// with begin/end lines, and fingerprint is the baseline's line-move-proof fingerprint (so GitLab keeps an
/// issue's identity while code moves). Input errors are issues of check "leakfinder.input-error".
/// </summary>
public sealed class CodeClimateRenderer(ReportOptions options) : IReportRenderer
{
    public void Render(CheckResult result, TextWriter output)
    {
        var sources = new SourceFiles(options.WorkingDirectory);
        var findings = ReportOrder.Findings(result, options);
        var prints = FindingFingerprints.Compute(findings, sources, new EnclosingFunctions(sources), options.WorkingDirectory);
        JsonWriting.WriteTo(output, w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < findings.Count; i++)
            {
                var d = findings[i];
                var message = d.Message;
                foreach (var r in d.Related)
                    message += $"\n{ReportOrder.DisplayPath(r.Span.File, options)}:{r.Span.Line}:{r.Span.Column}: note: {r.Message}";
                Issue(w, $"{d.Rule.Id} {d.Rule.Name}", message, Severity(d.Severity), d.Span.File, d.Span.Line, Math.Max(d.Span.EndLine, d.Span.Line),
                    $"{prints[i].Hash}:{prints[i].Occurrence}", d.Rule.Category.Name());
            }
            foreach (var e in ReportOrder.Errors(result, options))
                Issue(w, "leakfinder.input-error", e.Message, "blocker", e.File, Math.Max(e.Line, 1), Math.Max(e.Line, 1),
                    Hash($"input-error\n{RelativePath(e.File)}\n{e.Message}"), "input-error");
            w.WriteEndArray();
        });
    }

    private void Issue(Utf8JsonWriter w, string check, string description, string severity, string file, int begin, int end, string fingerprint, string category)
    {
        w.WriteStartObject();
        w.WriteString("type", "issue");
        w.WriteString("check_name", check);
        w.WriteString("description", description.Length > 0 ? description : check); // GitLab requires one
        w.WriteStartArray("categories");
        w.WriteStringValue("Bug Risk");
        w.WriteEndArray();
        w.WriteString("severity", severity);
        w.WriteString("fingerprint", Hash(fingerprint));
        w.WriteStartObject("location");
        w.WriteString("path", RelativePath(file));
        w.WriteStartObject("lines");
        w.WriteNumber("begin", Math.Max(begin, 1));
        w.WriteNumber("end", Math.Max(end, 1));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("other");
        w.WriteString("leakfinder_category", category);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The path from the working directory (GitLab reads them from the repository root); a path that is no
    /// path at all (empty, or with a character no file name has) is written as it came.</summary>
    private string RelativePath(string file)
    {
        if (file.Length == 0) return ".";
        if (!Path.IsPathRooted(file)) return file.Replace('\\', '/'); // already relative (an input error's "vendor/x")
        try { return FindingFingerprints.RelativePath(file, options.WorkingDirectory); }
        catch (ArgumentException) { return file; }
    }

    private static string Severity(Analysis.Severity s) => s switch
    {
        Analysis.Severity.Error => "critical",
        Analysis.Severity.Warning => "major",
        _ => "minor",
    };

    /// <summary>GitLab compares fingerprints as opaque strings; an MD5 hex of ours keeps them short and uniform.</summary>
    private static string Hash(string s) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(s)));
}
