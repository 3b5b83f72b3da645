using LeakFinder.Check;
using System.Text;
using System.Xml;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting;

/// <summary>
/// `--format checkstyle`: the checkstyle 4.3 XML that Jenkins' warnings plugin, reviewdog and GitLab converters
/// read. One &lt;file&gt; per file in path order; an &lt;error&gt; per finding with source "leakfinder.&lt;Id&gt;.&lt;name&gt;"
/// and per input error with source "leakfinder.input-error". Related locations are appended to the message
/// (checkstyle has nowhere else for them). Characters XML 1.0 forbids are replaced by U+FFFD.
/// </summary>
public sealed class CheckstyleRenderer(ReportOptions options) : IReportRenderer
{
    public void Render(CheckResult result, TextWriter output)
    {
        var byFile = new SortedDictionary<string, List<(int Line, int Column, string Severity, string Message, string Source)>>(StringComparer.Ordinal);
        foreach (var d in ReportOrder.Findings(result, options))
        {
            var message = d.Message;
            foreach (var r in d.Related)
                message += $"\n{ReportOrder.DisplayPath(r.Span.File, options)}:{r.Span.Line}:{r.Span.Column}: note: {r.Message}";
            Add(byFile, d.Span.File, (d.Span.Line, d.Span.Column, ReportOrder.SeverityName(d.Severity), message, $"leakfinder.{d.Rule.Id}.{d.Rule.Name}"));
        }
        foreach (var e in ReportOrder.Errors(result, options))
            Add(byFile, e.File, (e.Line, e.Column, "error", e.Message, "leakfinder.input-error"));

        output.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
        };
        using (var x = XmlWriter.Create(output, settings))
        {
            x.WriteStartElement("checkstyle");
            x.WriteAttributeString("version", "4.3");
            foreach (var (file, entries) in byFile)
            {
                x.WriteStartElement("file");
                x.WriteAttributeString("name", Clean(file));
                foreach (var e in entries)
                {
                    x.WriteStartElement("error");
                    x.WriteAttributeString("line", e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    x.WriteAttributeString("column", e.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    x.WriteAttributeString("severity", e.Severity);
                    x.WriteAttributeString("message", Clean(e.Message));
                    x.WriteAttributeString("source", e.Source);
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        output.Write('\n');
    }

    private void Add(SortedDictionary<string, List<(int, int, string, string, string)>> byFile, string file, (int, int, string, string, string) entry)
    {
        var shown = ReportOrder.DisplayPath(file, options);
        if (!byFile.TryGetValue(shown, out var list)) byFile[shown] = list = [];
        list.Add(entry);
    }

    /// <summary>The text with characters XML 1.0 cannot carry (most C0 controls, lone surrogates) replaced.</summary>
    private static string Clean(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var ok = XmlConvert.IsXmlChar(c) || (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], c));
            if (ok && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }
            if (!ok) sb ??= new StringBuilder(s, 0, i, s.Length);
            sb?.Append(ok ? c : '\uFFFD');
        }
        return sb?.ToString() ?? s;
    }
}
