using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LeakFinder.Analysis;
using LeakFinder.Check;
using LeakFinder.Check.Pipeline;
using LeakFinder.Lsp.Protocol;
using LeakFinder.Reporting;

namespace LeakFinder.Lsp.Server;

/// <summary>
/// `leakfinder lsp`: keeps the editor's open Go buffers, checks a buffer's package whenever it is opened, saved
/// or (after <see cref="Debounce"/> of quiet) changed, and publishes the findings of each open file of that
/// package. Analyses run one at a time; one overtaken by a later edit is not published. Fixes the rules suggest
/// are offered as quickfix code actions.
/// </summary>
public sealed class LeakFinderLanguageServer
{
    private readonly LspConnection _connection;
    private readonly TextWriter _log;
    private readonly DocumentStore _documents = new();
    private readonly SemaphoreSlim _oneAnalysisAtATime = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    // What was last published for each open file, with the findings behind it, for code actions.
    private readonly Dictionary<string, IReadOnlyList<(Diagnostic Finding, LspDiagnostic Published)>> _published = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shownErrors = new(StringComparer.Ordinal);
    private readonly string _docsBaseUri = new ReportOptions().DocsBaseUri;

    /// <summary>How long typing must pause before a changed buffer is checked.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Called after each analysis with its package, result and wall time (`lsp --verbose` logs it).</summary>
    public Action<string, CheckResult, TimeSpan>? Analysed { get; init; }

    public LeakFinderLanguageServer(Stream input, Stream output, TextWriter log)
    {
        _log = log;
        _connection = new LspConnection(input, output, log);
        _connection.OnRequest("initialize", (_, _) => Task.FromResult(Serialize(Capabilities(), LspJson.Default.InitializeResult)));
        _connection.OnRequest("shutdown", (_, _) => Task.FromResult<JsonNode?>(null));
        _connection.OnRequest("textDocument/codeAction", (p, _) => Task.FromResult(Serialize(CodeActions(Parse(p, LspJson.Default.CodeActionParams)), LspJson.Default.IReadOnlyListCodeAction)));
        _connection.OnNotification("initialized", _ => Task.CompletedTask);
        _connection.OnNotification("textDocument/didOpen", p => Opened(Parse(p, LspJson.Default.DidOpenTextDocumentParams)));
        _connection.OnNotification("textDocument/didChange", p => Changed(Parse(p, LspJson.Default.DidChangeTextDocumentParams)));
        _connection.OnNotification("textDocument/didSave", p => Saved(Parse(p, LspJson.Default.DidSaveTextDocumentParams)));
        _connection.OnNotification("textDocument/didClose", p => Closed(Parse(p, LspJson.Default.DidCloseTextDocumentParams)));
    }

    /// <summary>Serves until exit; the exit code LSP prescribes (0 after shutdown, else 1).</summary>
    public Task<int> RunAsync() => _connection.RunAsync();

    public static InitializeResult Capabilities() => new(
        new ServerCapabilities(new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)), new CodeActionOptions(["quickfix"])),
        new ServerInfo("leakfinder", typeof(LeakFinderLanguageServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));

    private Task Opened(DidOpenTextDocumentParams p)
    {
        var doc = _documents.Open(p.TextDocument.Uri, p.TextDocument.Version, p.TextDocument.Text);
        Schedule(doc, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    private Task Changed(DidChangeTextDocumentParams p)
    {
        if (_documents.Change(p.TextDocument.Uri, p.TextDocument.Version, p.ContentChanges) is { } doc) Schedule(doc, Debounce);
        return Task.CompletedTask;
    }

    private Task Saved(DidSaveTextDocumentParams p)
    {
        if (_documents.Get(DocumentUris.ToPath(p.TextDocument.Uri)) is { } doc) Schedule(doc, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    private async Task Closed(DidCloseTextDocumentParams p)
    {
        var doc = _documents.Close(p.TextDocument.Uri);
        if (doc == null) return;
        lock (_lock) _published.Remove(doc.Path);
        await Publish(new PublishDiagnosticsParams(doc.Uri, null, []));
        // The closed buffer's unsaved text no longer counts: its package's other open files may read differently.
        if (_documents.Snapshot().FirstOrDefault(d => Path.GetDirectoryName(d.Path) == Path.GetDirectoryName(doc.Path)) is { } sibling)
            Schedule(sibling, TimeSpan.Zero);
    }

    // Replaces any analysis of the same package that has not published yet.
    private void Schedule(OpenDocument doc, TimeSpan delay)
    {
        if (!doc.Path.EndsWith(".go", StringComparison.Ordinal)) return;
        var dir = Path.GetDirectoryName(doc.Path)!;
        var cancel = new CancellationTokenSource();
        lock (_lock)
        {
            if (_pending.Remove(dir, out var previous)) previous.Cancel();
            _pending[dir] = cancel;
        }
        _ = Task.Run(() => AnalyseAsync(dir, delay, cancel));
    }

    private async Task AnalyseAsync(string dir, TimeSpan delay, CancellationTokenSource cancel)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancel.Token);
            await _oneAnalysisAtATime.WaitAsync(cancel.Token);
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var open = _documents.Snapshot();
                var result = PackageChecks.Run(dir, open);
                Analysed?.Invoke(dir, result, clock.Elapsed);
                if (cancel.IsCancellationRequested) return; // an edit arrived meanwhile: its own analysis publishes
                await PublishPackage(dir, result, open.Where(d => Path.GetDirectoryName(d.Path) == dir));
            }
            finally
            {
                _oneAnalysisAtATime.Release();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (CheckUsageException e)
        {
            await ShowErrorOnce(e.Message);
        }
        catch (Exception e)
        {
            await _log.WriteLineAsync($"leakfinder lsp: checking {dir} failed: {e.GetType().Name}: {e.Message}");
            await ShowErrorOnce($"leakfinder could not check {dir}: {e.Message}");
        }
        finally
        {
            lock (_lock)
            {
                if (_pending.GetValueOrDefault(dir) == cancel) _pending.Remove(dir);
            }
            cancel.Dispose();
        }
    }

    private async Task PublishPackage(string dir, CheckResult result, IEnumerable<OpenDocument> files)
    {
        var converter = new DiagnosticConverter(_documents, _docsBaseUri, dir);
        foreach (var doc in files)
        {
            if (_documents.Get(doc.Path) is not { } current || current.Version != doc.Version) continue; // edited or closed since
            var pairs = PackageChecks.In(result, dir, doc.Path).Select(f => (f, converter.ToLsp(f))).ToList();
            lock (_lock) _published[doc.Path] = pairs;
            await Publish(new PublishDiagnosticsParams(doc.Uri, doc.Version, pairs.Select(p => p.Item2).ToList()));
        }
    }

    /// <summary>The quickfixes of the published findings whose range meets the asked-for one.</summary>
    private IReadOnlyList<CodeAction> CodeActions(CodeActionParams p)
    {
        if (p.Context?.Only is { } only && !only.Any(k => k == "quickfix" || "quickfix".StartsWith(k + ".", StringComparison.Ordinal))) return [];
        var path = DocumentUris.ToPath(p.TextDocument.Uri);
        IReadOnlyList<(Diagnostic Finding, LspDiagnostic Published)> published;
        lock (_lock) published = _published.GetValueOrDefault(path) ?? [];
        var converter = new DiagnosticConverter(_documents, _docsBaseUri, Path.GetDirectoryName(path)!);
        var withFix = published.Where(x => x.Finding.Fix != null && Meets(x.Published.Range, p.Range)).ToList();
        return withFix.Select(x => converter.ToCodeAction(x.Finding.Fix!, x.Published, preferred: withFix.Count == 1)).ToList();
    }

    private static bool Meets(LspRange a, LspRange b) => !Before(a.End, b.Start) && !Before(b.End, a.Start);

    private static bool Before(Position x, Position y) => x.Line < y.Line || (x.Line == y.Line && x.Character < y.Character);

    private Task Publish(PublishDiagnosticsParams p) =>
        _connection.NotifyAsync("textDocument/publishDiagnostics", Serialize(p, LspJson.Default.PublishDiagnosticsParams));

    private async Task ShowErrorOnce(string message)
    {
        lock (_lock)
        {
            if (!_shownErrors.Add(message)) return;
        }
        await _connection.NotifyAsync("window/showMessage", Serialize(new ShowMessageParams(1, "leakfinder: " + message), LspJson.Default.ShowMessageParams));
    }

    private static T Parse<T>(JsonElement? parameters, JsonTypeInfo<T> type) where T : class =>
        parameters is { } p && p.ValueKind == JsonValueKind.Object
            ? p.Deserialize(type) ?? throw new JsonRpcException(ErrorCodes.InvalidParams, "params missing")
            : throw new JsonRpcException(ErrorCodes.InvalidParams, "params must be an object");

    private static JsonNode? Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type);
}
