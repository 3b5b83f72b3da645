using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Server;

/// <summary>A document the editor has open: the URI it named it by, its full path, version and current text.</summary>
public sealed record OpenDocument(string Uri, string Path, int Version, string Text);

/// <summary>The editor's open documents, keyed by full path; thread-safe, since analyses snapshot it while edits arrive.</summary>
public sealed class DocumentStore
{
    private readonly Dictionary<string, OpenDocument> _byPath = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public OpenDocument Open(string uri, int version, string text)
    {
        var doc = new OpenDocument(uri, DocumentUris.ToPath(uri), version, text);
        lock (_lock) _byPath[doc.Path] = doc;
        return doc;
    }

    /// <summary>Applies edits in order (each range is in the text the previous edits left); null when the document is not open.</summary>
    public OpenDocument? Change(string uri, int? version, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        var path = DocumentUris.ToPath(uri);
        lock (_lock)
        {
            if (!_byPath.TryGetValue(path, out var doc)) return null;
            var text = doc.Text;
            foreach (var change in changes)
                text = change.Range == null ? change.Text ?? "" : new TextLines(text).Replace(change.Range, change.Text ?? "");
            return _byPath[path] = doc with { Text = text, Version = version ?? doc.Version + 1 };
        }
    }

    public OpenDocument? Close(string uri)
    {
        var path = DocumentUris.ToPath(uri);
        lock (_lock) return _byPath.Remove(path, out var doc) ? doc : null;
    }

    public OpenDocument? Get(string path)
    {
        lock (_lock) return _byPath.GetValueOrDefault(path);
    }

    public IReadOnlyList<OpenDocument> Snapshot()
    {
        lock (_lock) return _byPath.Values.ToList();
    }
}

/// <summary>file: URIs to paths and back.</summary>
public static class DocumentUris
{
    public static string ToPath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"{uri}: only file: URIs are supported");
        return System.IO.Path.GetFullPath(parsed.LocalPath);
    }

    public static string FromPath(string path) => new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri;
}
