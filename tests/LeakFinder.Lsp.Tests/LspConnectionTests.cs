using System.Text.Json.Nodes;
using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Tests;

/// <summary>JSON-RPC dispatch and the LSP lifecycle, over real pipes, with handlers the tests define.</summary>
public class LspConnectionTests
{
    private static (LspConnection Connection, Task<int> Run) Serve(LspTestClient client, Action<LspConnection>? setup = null)
    {
        var connection = new LspConnection(client.ServerInput, client.ServerOutput, client.Log);
        connection.OnRequest("initialize", (_, _) => Task.FromResult<JsonNode?>(new JsonObject { ["capabilities"] = new JsonObject() }));
        setup?.Invoke(connection);
        return (connection, Task.Run(connection.RunAsync));
    }

    private static int ErrorCode(JsonObject response) => (int)response["error"]!["code"]!;

    [Fact]
    public async Task Requests_before_initialize_get_ServerNotInitialized()
    {
        await using var client = new LspTestClient();
        Serve(client, c => c.OnRequest("echo", (p, _) => Task.FromResult<JsonNode?>(JsonNode.Parse(p!.Value.GetRawText()))));
        Assert.Equal(ErrorCodes.ServerNotInitialized, ErrorCode(await client.CallAsync("echo", new JsonObject())));
        await client.InitializeAsync();
        var echoed = await client.CallAsync("echo", new JsonObject { ["x"] = 1 });
        Assert.Equal(1, (int)echoed["result"]!["x"]!);
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound_and_unknown_notifications_nothing()
    {
        await using var client = new LspTestClient();
        _ = Serve(client);
        await client.InitializeAsync();
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject());
        var response = await client.CallAsync("textDocument/hover", new JsonObject());
        Assert.Equal(ErrorCodes.MethodNotFound, ErrorCode(response));
        Assert.Contains("textDocument/hover", (string)response["error"]!["message"]!);
    }

    [Fact]
    public async Task Malformed_messages_get_error_responses_and_the_server_keeps_serving()
    {
        await using var client = new LspTestClient();
        var (_, run) = Serve(client);
        await client.SendRawAsync("{not json");
        Assert.Equal(ErrorCodes.ParseError, ErrorCode(await client.WaitForAsync(m => m["error"] != null, "a parse error")));
        await client.SendRawAsync("[1,2]");
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(await client.WaitForAsync(m => m["error"] != null, "an invalid-request error")));
        await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":7}");
        var noMethod = await client.WaitForAsync(m => m["error"] != null, "an error for a request without method");
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(noMethod));
        Assert.Equal(7, (int)noMethod["id"]!);
        await client.SendRawAsync("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"initialize\"}");
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(await client.ResponseAsync(8)));
        await client.InitializeAsync();
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_answered_and_skipped()
    {
        await using var client = new LspTestClient();
        _ = Serve(client);
        // Over MessageReader's default limit; the reader discards the body as it streams in.
        var size = MessageReader.DefaultMaxBodyBytes + 10;
        await client.SendBytesAsync(System.Text.Encoding.ASCII.GetBytes($"Content-Length: {size}\r\n\r\n"));
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)' ');
        for (var left = size; left > 0; left -= chunk.Length) await client.SendBytesAsync(chunk[..Math.Min(chunk.Length, left)]);
        var error = await client.WaitForAsync(m => m["error"] != null, "the too-large error");
        Assert.Contains("over the limit", (string)error["error"]!["message"]!);
        await client.InitializeAsync();
    }

    [Fact]
    public async Task A_throwing_handler_gives_InternalError_and_bad_params_InvalidParams()
    {
        await using var client = new LspTestClient();
        Serve(client, c =>
        {
            c.OnRequest("boom", (_, _) => throw new IOException("disk on fire"));
            c.OnRequest("strict", (_, _) => throw new JsonRpcException(ErrorCodes.InvalidParams, "want a uri"));
        });
        await client.InitializeAsync();
        var boom = await client.CallAsync("boom");
        Assert.Equal(ErrorCodes.InternalError, ErrorCode(boom));
        Assert.Contains("disk on fire", (string)boom["error"]!["message"]!);
        Assert.Equal(ErrorCodes.InvalidParams, ErrorCode(await client.CallAsync("strict")));
    }

    [Fact]
    public async Task CancelRequest_cancels_a_running_request()
    {
        await using var client = new LspTestClient();
        var started = new TaskCompletionSource();
        Serve(client, c => c.OnRequest("slow", async (_, cancel) =>
        {
            started.SetResult();
            await Task.Delay(TimeSpan.FromMinutes(5), cancel);
            return null;
        }));
        await client.InitializeAsync();
        var id = await client.RequestAsync("slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
        Assert.Equal(ErrorCodes.RequestCancelled, ErrorCode(await client.ResponseAsync(id)));
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_code_0_and_refuses_requests_in_between()
    {
        await using var client = new LspTestClient();
        var (_, run) = Serve(client);
        await client.InitializeAsync();
        var shutdown = await client.CallAsync("shutdown");
        Assert.True(shutdown.ContainsKey("result"));
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(await client.CallAsync("initialize", new JsonObject())));
        await client.NotifyAsync("exit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Exit_without_shutdown_or_a_closed_input_ends_with_code_1()
    {
        await using (var client = new LspTestClient())
        {
            var (_, run) = Serve(client);
            await client.InitializeAsync();
            await client.NotifyAsync("exit");
            Assert.Equal(1, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
        await using (var client = new LspTestClient())
        {
            var (_, run) = Serve(client);
            await client.InitializeAsync();
            client.CloseInput();
            Assert.Equal(1, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Bad_framing_stops_the_server_with_a_message_instead_of_a_crash()
    {
        await using var client = new LspTestClient();
        var (_, run) = Serve(client);
        await client.SendBytesAsync("Content-Length: lots\r\n\r\n"u8.ToArray());
        Assert.Equal(1, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Contains("Content-Length \"lots\"", client.Log.ToString());
    }
}
