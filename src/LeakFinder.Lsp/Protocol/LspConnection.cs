using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeakFinder.Lsp.Protocol;

/// <summary>Answers one request: its params (absent when the message had none) to its result (JSON null when null).</summary>
public delegate Task<JsonNode?> RequestHandler(JsonElement? parameters, CancellationToken cancel);

public delegate Task NotificationHandler(JsonElement? parameters);

/// <summary>
/// JSON-RPC 2.0 over the LSP base protocol, with the LSP lifecycle: nothing but `initialize` is served before
/// it, nothing but `exit` after `shutdown`. Requests run concurrently and can be cancelled ($/cancelRequest);
/// notifications run one after another in arrival order, so document edits apply in the order they were made.
/// A message that is not JSON, not a request, names an unknown method or makes a handler throw gets an error
/// response; only framing that hides where the next message starts ends the connection.
/// </summary>
public sealed class LspConnection(Stream input, Stream output, TextWriter log)
{
    private readonly MessageReader _reader = new(input);
    private readonly MessageWriter _writer = new(output);
    private readonly Dictionary<string, RequestHandler> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotificationHandler> _notifications = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private bool _initialized, _shutDown;

    public void OnRequest(string method, RequestHandler handler) => _requests[method] = handler;

    public void OnNotification(string method, NotificationHandler handler) => _notifications[method] = handler;

    public Task NotifyAsync(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters != null) message["params"] = parameters;
        return SendAsync(message);
    }

    /// <summary>Serves until `exit` or the end of input; the process exit code LSP asks for (0 only after shutdown).</summary>
    public async Task<int> RunAsync()
    {
        while (true)
        {
            FramedMessage? framed;
            try
            {
                framed = await _reader.ReadAsync();
            }
            catch (FramingException e)
            {
                await log.WriteLineAsync($"leakfinder lsp: {e.Message}; no later message can be found, stopping");
                return 1;
            }
            if (framed == null) return _shutDown ? 0 : 1;
            if (framed.Body == null)
            {
                await SendErrorAsync(null, ErrorCodes.InvalidRequest, framed.SkippedBecause!);
                continue;
            }
            if (await HandleAsync(framed.Body)) return _shutDown ? 0 : 1;
        }
    }

    // True when the message was `exit`.
    private async Task<bool> HandleAsync(byte[] body)
    {
        JsonElement message;
        try
        {
            using var doc = JsonDocument.Parse(body);
            message = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            await SendErrorAsync(null, ErrorCodes.ParseError, "not JSON: " + e.Message);
            return false;
        }
        if (message.ValueKind != JsonValueKind.Object)
        {
            await SendErrorAsync(null, ErrorCodes.InvalidRequest, $"a message must be a JSON object, not {message.ValueKind}");
            return false;
        }
        JsonElement? id = message.TryGetProperty("id", out var idValue) && idValue.ValueKind is JsonValueKind.Number or JsonValueKind.String ? idValue : null;
        if (!message.TryGetProperty("method", out var methodValue))
        {
            // A response to a request of ours: this server sends none, so there is nothing to match it with.
            if (id != null && (message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _))) return false;
            await SendErrorAsync(id, ErrorCodes.InvalidRequest, "a request or notification needs a \"method\"");
            return false;
        }
        if (methodValue.ValueKind != JsonValueKind.String || !message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            await SendErrorAsync(id, ErrorCodes.InvalidRequest, "want \"jsonrpc\": \"2.0\" and a string \"method\"");
            return false;
        }
        var method = methodValue.GetString()!;
        JsonElement? parameters = message.TryGetProperty("params", out var p) ? p : null;
        if (message.TryGetProperty("id", out _)) await StartRequestAsync(id, method, parameters);
        else if (method == "exit") return true;
        else await NotifiedAsync(method, parameters);
        return false;
    }

    private async Task StartRequestAsync(JsonElement? id, string method, JsonElement? parameters)
    {
        if (id == null)
        {
            await SendErrorAsync(null, ErrorCodes.InvalidRequest, "a request id must be a number or a string");
            return;
        }
        if (_shutDown)
        {
            await SendErrorAsync(id, ErrorCodes.InvalidRequest, $"{method} after shutdown: only exit is accepted now");
            return;
        }
        if (!_initialized && method != "initialize")
        {
            await SendErrorAsync(id, ErrorCodes.ServerNotInitialized, $"{method} before initialize");
            return;
        }
        if (method == "initialize") _initialized = true;
        if (method == "shutdown") _shutDown = true;
        if (!_requests.TryGetValue(method, out var handler))
        {
            if (method == "shutdown") await SendResultAsync(id.Value, null);
            else await SendErrorAsync(id, ErrorCodes.MethodNotFound, $"unknown method {method}");
            return;
        }
        var key = id.Value.GetRawText();
        var cancel = new CancellationTokenSource();
        _running[key] = cancel;
        // Not awaited: a slow request must not hold up the edits and cancellations that follow it.
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await handler(parameters, cancel.Token);
                await SendResultAsync(id.Value, result);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                await SendErrorAsync(id, ErrorCodes.RequestCancelled, $"{method} was cancelled");
            }
            catch (Exception e)
            {
                await SendErrorAsync(id, ErrorOf(e, method), MessageOf(e, method));
            }
            finally
            {
                _running.TryRemove(key, out _);
                cancel.Dispose();
            }
        });
    }

    private async Task NotifiedAsync(string method, JsonElement? parameters)
    {
        if (method == "$/cancelRequest")
        {
            if (parameters is { ValueKind: JsonValueKind.Object } cp && cp.TryGetProperty("id", out var target) && _running.TryGetValue(target.GetRawText(), out var cts))
            {
                try
                {
                    cts.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The request finished while the cancellation was on its way.
                }
            }
            return;
        }
        if (!_initialized || _shutDown || !_notifications.TryGetValue(method, out var handler)) return; // notifications get no answer, errors included
        try
        {
            await handler(parameters);
        }
        catch (Exception e)
        {
            await log.WriteLineAsync($"leakfinder lsp: {MessageOf(e, method)}");
        }
    }

    private static int ErrorOf(Exception e, string method) => e switch
    {
        JsonRpcException rpc => rpc.Code,
        JsonException or InvalidOperationException or ArgumentException or NullReferenceException => ErrorCodes.InvalidParams,
        _ => ErrorCodes.InternalError,
    };

    private static string MessageOf(Exception e, string method) => e switch
    {
        JsonRpcException => e.Message,
        JsonException or InvalidOperationException or ArgumentException or NullReferenceException => $"{method}: invalid params: {e.Message}",
        _ => $"{method}: internal error: {e.GetType().Name}: {e.Message}",
    };

    private Task SendResultAsync(JsonElement id, JsonNode? result) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result });

    private Task SendErrorAsync(JsonElement? id, int code, string message) =>
        SendAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id == null ? null : JsonNode.Parse(id.Value.GetRawText()),
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });

    private async Task SendAsync(JsonObject message)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer)) message.WriteTo(writer);
        try
        {
            await _writer.WriteAsync(buffer.ToArray());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The client went away; the read loop sees the end of input and stops.
        }
    }
}
