using LeakFinder.Analysis;
using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Server;

/// <summary>
/// Our findings and fixes in LSP's terms. Positions need the text they point into (byte columns become UTF-16
/// ones), taken from the open buffer when there is one, else from disk, each file read once per conversion.
/// </summary>
public sealed class DiagnosticConverter(DocumentStore documents, string docsBaseUri, string workDir)
{
    private readonly Dictionary<string, TextLines> _texts = new(StringComparer.Ordinal);

    public const string Source = "leakfinder";

    public LspDiagnostic ToLsp(Diagnostic d) => new(RangeOf(d.Span), d.Message)
    {
        Severity = d.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 },
        Code = d.Rule.Id,
        CodeDescription = new CodeDescription(docsBaseUri + d.Rule.DocPath),
        Source = Source,
        RelatedInformation = d.Related.Count == 0 ? null
            : d.Related.Select(r => new DiagnosticRelatedInformation(new Location(UriOf(r.Span.File), RangeOf(r.Span)), r.Message)).ToList(),
    };

    /// <summary>The fix as a quickfix code action, its edits grouped by the document they change.</summary>
    public CodeAction ToCodeAction(SuggestedFix fix, LspDiagnostic fixes, bool preferred)
    {
        var changes = fix.Edits
            .GroupBy(e => UriOf(e.Span.File), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LspTextEdit>)g.Select(e => new LspTextEdit(RangeOf(e.Span), e.NewText)).ToList(), StringComparer.Ordinal);
        return new CodeAction(fix.Message, "quickfix", [fixes], new WorkspaceEdit(changes)) { IsPreferred = preferred };
    }

    public string FullPath(string file) => Path.GetFullPath(file, workDir);

    // An open document keeps the URI the editor gave it (its spelling of the path may differ from ours).
    private string UriOf(string file)
    {
        var path = FullPath(file);
        return documents.Get(path)?.Uri ?? DocumentUris.FromPath(path);
    }

    private LspRange RangeOf(SourceSpan span)
    {
        var lines = LinesOf(FullPath(span.File));
        var start = lines.FromByteColumn(span.Line, span.Column);
        var end = span.EndLine < span.Line || (span.EndLine == span.Line && span.EndColumn < span.Column) ? start : lines.FromByteColumn(span.EndLine, span.EndColumn);
        return new LspRange(start, end);
    }

    private TextLines LinesOf(string path)
    {
        if (_texts.TryGetValue(path, out var lines)) return lines;
        string text;
        if (documents.Get(path) is { } open) text = open.Text;
        else
        {
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                text = ""; // positions clamp to the start; the message still says where
            }
        }
        return _texts[path] = new TextLines(text);
    }
}
