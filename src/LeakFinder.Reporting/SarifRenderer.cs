using LeakFinder.Check;
using System.Text.Json;
using LeakFinder.Analysis;
using LeakFinder.Check.Baseline;

namespace LeakFinder.Reporting;

/// <summary>
/// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Paths under the working
/// directory are relative URIs against %SRCROOT% (declared in originalUriBaseIds); columns are converted from
/// Go's byte columns to UTF-16 code units (SARIF's default columnKind) when the source line can be read.
/// partialFingerprints carry the same line-move-proof fingerprint as the baseline, so code scanning keeps an
/// alert's identity while code moves. Input errors become toolExecutionNotifications (level error), unresolved
/// imports one more (level warning: the analysis was partial).
/// </summary>
public sealed class SarifRenderer(ReportOptions options) : IReportRenderer
{
    public const string SrcRoot = "%SRCROOT%";
    public const string FingerprintKey = "leakfinder/v1";

    public void Render(CheckResult result, TextWriter output)
    {
        var sources = new SourceFiles(options.WorkingDirectory);
        var findings = ReportOrder.Findings(result, options);
        var rules = RuleTable(result, findings);
        var prints = FindingFingerprints.Compute(findings, sources, new EnclosingFunctions(sources), options.WorkingDirectory);

        JsonWriting.WriteTo(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, rules.List);
            WriteInvocation(w, result, sources);
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(SrcRoot);
            w.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.WorkingDirectory)) + "/").AbsoluteUri);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("columnKind", "utf16CodeUnits");
            w.WriteStartArray("results");
            for (var i = 0; i < findings.Count; i++)
                WriteResult(w, findings[i], rules.Index[findings[i].Rule.Id], prints[i], sources);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The rules that ran, plus any rule a finding names that the list lacks; ruleIndex points into it.</summary>
    private static (List<RuleDescriptor> List, Dictionary<string, int> Index) RuleTable(CheckResult result, List<Diagnostic> findings)
    {
        var list = new List<RuleDescriptor>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in result.Rules.Concat(findings.Select(f => f.Rule)))
        {
            if (index.ContainsKey(r.Id)) continue;
            index[r.Id] = list.Count;
            list.Add(r);
        }
        return (list, index);
    }

    private void WriteTool(Utf8JsonWriter w, List<RuleDescriptor> rules)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "LeakFinder");
        w.WriteString("informationUri", options.InformationUri);
        w.WriteString("version", options.ToolVersion);
        w.WriteStartArray("rules");
        foreach (var r in rules)
        {
            var help = options.DocsBaseUri + r.DocPath;
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Name);
            WriteMessage(w, "shortDescription", r.Title);
            WriteMessage(w, "fullDescription", $"{r.Title} ({r.Category.Name()}; see {help})");
            w.WriteString("helpUri", help);
            w.WriteStartObject("help");
            w.WriteString("text", $"{r.Title}. What it finds, why it leaks, an example and the fix: {help}");
            w.WriteString("markdown", $"{r.Title}. See [{r.Id} {r.Name}]({help}) for what it finds, why it leaks, an example and the fix.");
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(r.DefaultSeverity));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            w.WriteStringValue(r.Category.Name());
            w.WriteStringValue("leak");
            w.WriteEndArray();
            w.WriteString("category", r.Category.Name());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteInvocation(Utf8JsonWriter w, CheckResult result, SourceFiles sources)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        // Unreadable inputs do not make the run fail: the rest was analysed; they are reported as notifications.
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in ReportOrder.Errors(result, options))
        {
            w.WriteStartObject();
            w.WriteString("level", "error");
            WriteMessage(w, "message", e.Message);
            w.WriteStartArray("locations");
            w.WriteStartObject();
            var span = e.Line > 0 ? new SourceSpan(e.File, e.Line, Math.Max(1, e.Column), e.Line, Math.Max(1, e.Column)) : null;
            WritePhysicalLocation(w, e.File, span, sources);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        WriteDependencyNotification(w, result, sources);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    // Unresolved imports: one warning for the run, located at the first import, listing every path in its
    // property bag (a viewer shows the message; a script reads the list).
    private void WriteDependencyNotification(Utf8JsonWriter w, CheckResult result, SourceFiles sources)
    {
        if (DependencyWarning.Summary(result.Dependencies) is not { } summary) return;
        var unresolved = result.Dependencies.Unresolved;
        var first = unresolved[0];
        w.WriteStartObject();
        w.WriteString("level", "warning");
        WriteMessage(w, "message", summary);
        if (first.File.Length > 0)
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            var span = first.Line > 0 ? new SourceSpan(first.File, first.Line, Math.Max(1, first.Column), first.Line, Math.Max(1, first.Column)) : null;
            WritePhysicalLocation(w, first.File, span, sources);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartObject("properties");
        w.WriteNumber("importedPackages", result.Dependencies.Imported);
        w.WriteStartArray("unresolvedImports");
        foreach (var u in unresolved) w.WriteStringValue(DependencyWarning.Detail(u, options));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteResult(Utf8JsonWriter w, Diagnostic d, int ruleIndex, FindingFingerprint print, SourceFiles sources)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", d.Rule.Id);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", Level(d.Severity));
        WriteMessage(w, "message", d.Message);
        w.WriteStartArray("locations");
        w.WriteStartObject();
        WritePhysicalLocation(w, d.Span.File, d.Span, sources);
        w.WriteEndObject();
        w.WriteEndArray();
        if (d.Related.Count > 0)
        {
            w.WriteStartArray("relatedLocations");
            for (var i = 0; i < d.Related.Count; i++)
            {
                var r = d.Related[i];
                w.WriteStartObject();
                w.WriteNumber("id", i + 1);
                WritePhysicalLocation(w, r.Span.File, r.Span, sources);
                WriteMessage(w, "message", r.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        // A replacement needs a region; a fix with an edit that has no line cannot be said in SARIF.
        if (d.Fix is { Edits.Count: > 0 } fix && fix.Edits.All(e => e.Span.Line > 0)) WriteFix(w, fix, sources);
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, $"{print.Hash}:{print.Occurrence}");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The suggested fix as SARIF's fixes: one artifactChange per file, each edit a replacement of its
    /// region (empty for an insertion) by its text.</summary>
    private void WriteFix(Utf8JsonWriter w, SuggestedFix fix, SourceFiles sources)
    {
        w.WriteStartArray("fixes");
        w.WriteStartObject();
        WriteMessage(w, "description", fix.Message);
        w.WriteStartArray("artifactChanges");
        foreach (var file in fix.Edits.GroupBy(e => e.Span.File, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            WriteArtifactLocation(w, file.Key);
            w.WriteStartArray("replacements");
            foreach (var edit in file)
            {
                w.WriteStartObject();
                WriteRegion(w, edit.Span, sources, "deletedRegion");
                w.WriteStartObject("insertedContent");
                w.WriteString("text", edit.NewText);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private void WritePhysicalLocation(Utf8JsonWriter w, string file, SourceSpan? span, SourceFiles sources)
    {
        w.WriteStartObject("physicalLocation");
        WriteArtifactLocation(w, file);
        if (span != null && span.Line > 0) WriteRegion(w, span, sources, "region");
        w.WriteEndObject();
    }

    private void WriteArtifactLocation(Utf8JsonWriter w, string file)
    {
        w.WriteStartObject("artifactLocation");
        var shown = ReportOrder.DisplayPath(file, options);
        if (Path.IsPathRooted(shown))
            w.WriteString("uri", new Uri(Path.GetFullPath(shown)).AbsoluteUri);
        else
        {
            w.WriteString("uri", string.Join('/', shown.Split('/').Select(Uri.EscapeDataString)));
            w.WriteString("uriBaseId", SrcRoot);
        }
        w.WriteEndObject();
    }

    private static void WriteRegion(Utf8JsonWriter w, SourceSpan span, SourceFiles sources, string name)
    {
        w.WriteStartObject(name);
        w.WriteNumber("startLine", span.Line);
        w.WriteNumber("startColumn", Utf16Column(sources, span.File, span.Line, span.Column));
        var endLine = Math.Max(span.Line, span.EndLine);
        w.WriteNumber("endLine", endLine);
        var endColumn = Utf16Column(sources, span.File, endLine, span.EndColumn);
        if (endLine == span.Line) endColumn = Math.Max(endColumn, Utf16Column(sources, span.File, span.Line, span.Column));
        w.WriteNumber("endColumn", endColumn);
        w.WriteEndObject();
    }

    /// <summary>A byte column as a 1-based UTF-16 column; the byte column itself when the line is unknown.</summary>
    private static int Utf16Column(SourceFiles sources, string file, int line, int byteColumn)
    {
        byteColumn = Math.Max(1, byteColumn);
        var text = sources.LineText(file, line);
        if (text == null) return byteColumn;
        var index = SourceFile.CharIndexOfByteColumn(text, byteColumn);
        // A column past the end of the line (an end position after the last character) stays past the end.
        var overshoot = Math.Max(0, byteColumn - 1 - System.Text.Encoding.UTF8.GetByteCount(text));
        return index + 1 + overshoot;
    }

    private static string Level(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static void WriteMessage(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
