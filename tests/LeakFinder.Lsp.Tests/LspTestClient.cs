using System.IO.Pipes;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Tests;

/// <summary>
/// The client end of an in-process connection: two OS pipes, one each way, so the server reads and writes real
/// streams. Every message the server sends is queued; tests wait for the one they expect.
/// </summary>
public sealed class LspTestClient : IAsyncDisposable
{
    private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out);
    private readonly AnonymousPipeServerStream _fromServer = new(PipeDirection.In);
    private readonly Channel<JsonObject> _received = Channel.CreateUnbounded<JsonObject>();
    private readonly List<JsonObject> _seen = [];
    private readonly Task _readLoop;
    private int _nextId;

    public Stream ServerInput { get; }
    public Stream ServerOutput { get; }
    public StringWriter Log { get; } = new();

    public LspTestClient()
    {
        ServerInput = new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle);
        ServerOutput = new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle);
        _readLoop = Task.Run(async () =>
        {
            var reader = new MessageReader(_fromServer);
            while (await reader.ReadAsync() is { Body: { } body })
                await _received.Writer.WriteAsync(JsonNode.Parse(body)!.AsObject());
            _received.Writer.Complete();
        });
    }

    public Task SendRawAsync(string body) => SendBytesAsync(Encoding.UTF8.GetBytes($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _toServer.WriteAsync(bytes);
        await _toServer.FlushAsync();
    }

    /// <summary>Sends a request; returns its id.</summary>
    public async Task<int> RequestAsync(string method, JsonNode? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters != null) message["params"] = parameters;
        await SendRawAsync(message.ToJsonString());
        return id;
    }

    public Task NotifyAsync(string method, JsonNode? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters != null) message["params"] = parameters;
        return SendRawAsync(message.ToJsonString());
    }

    public Task<JsonObject> ResponseAsync(int id) => WaitForAsync(m => m["id"] is JsonValue v && v.TryGetValue<int>(out var n) && n == id && m["method"] == null, $"the response to request {id}");

    public async Task<JsonObject> CallAsync(string method, JsonNode? parameters = null) => await ResponseAsync(await RequestAsync(method, parameters));

    public async Task InitializeAsync()
    {
        var response = await CallAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
        Assert.NotNull(response["result"]);
        await NotifyAsync("initialized", new JsonObject());
    }

    /// <summary>The first message (already received or still to come) that matches, skipping others; fails after the timeout.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, string what, TimeSpan? timeout = null)
    {
        var found = _seen.FirstOrDefault(match);
        if (found != null)
        {
            _seen.Remove(found);
            return found;
        }
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(limit.Token);
                if (match(message)) return message;
                _seen.Add(message);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no {what} within the timeout; received meanwhile:\n{string.Join("\n", _seen.Select(m => m.ToJsonString()))}\nserver log:\n{Log}");
            throw;
        }
        catch (ChannelClosedException)
        {
            Assert.Fail($"the server closed its output before {what}; received:\n{string.Join("\n", _seen.Select(m => m.ToJsonString()))}\nserver log:\n{Log}");
            throw;
        }
    }

    /// <summary>The next publishDiagnostics for a file whose path ends in <paramref name="fileSuffix"/> that satisfies <paramref name="match"/>.</summary>
    public Task<JsonObject> DiagnosticsAsync(string fileSuffix, Func<JsonArray, bool> match, string what) =>
        WaitForAsync(m => (string?)m["method"] == "textDocument/publishDiagnostics"
                          && ((string?)m["params"]!["uri"])!.EndsWith(fileSuffix, StringComparison.Ordinal)
                          && match(m["params"]!["diagnostics"]!.AsArray()), what);

    /// <summary>Closes the server's input (the client went away).</summary>
    public void CloseInput() => _toServer.Dispose();

    public async ValueTask DisposeAsync()
    {
        _toServer.Dispose();
        ServerInput.Dispose();
        ServerOutput.Dispose();
        _fromServer.Dispose();
        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // The pipes are gone; whatever the read loop ended with no longer matters.
        }
    }
}
