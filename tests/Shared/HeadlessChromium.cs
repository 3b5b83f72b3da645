using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeakFinder.Tests.Shared;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages): enough to load a
/// page, evaluate script in it, collect what it logs as errors (console.error, uncaught exceptions, failed
/// loads) and take a screenshot. Tests call <see cref="Require"/>: without chromium they skip, but fail under
/// LEAKFINDER_REQUIRE_GO=1 (CI installs it through test.sh), as <see cref="GoToolchain"/> does for Go.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Task _receiving;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    /// <summary>Everything the page reported as an error so far, one line each.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    private HeadlessChromium(Process process, string profile, Uri page)
    {
        _process = process;
        _profile = profile;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.ConnectAsync(page, CancellationToken.None).GetAwaiter().GetResult();
        _receiving = Task.Run(Receive);
    }

    public static string? Find() =>
        new[] { "chromium", "chromium-browser" }.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The chromium executable; skips (or fails under LEAKFINDER_REQUIRE_GO=1) when absent.</summary>
    public static string Require()
    {
        if (Find() is { } path) return path;
        const string why = "headless Chromium is not installed (apt-get install chromium)";
        if (GoToolchain.Required) Assert.Fail("LEAKFINDER_REQUIRE_GO=1 but " + why);
        Assert.Skip(why);
        return "";
    }

    /// <summary>Starts chromium with a throwaway profile and connects to its first page (about:blank).</summary>
    public static async Task<HeadlessChromium> LaunchAsync(int width, int height, CancellationToken cancel)
    {
        var exe = Require();
        var profile = Directory.CreateTempSubdirectory("lf-chromium-").FullName;
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start; the page is our own.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                     "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank" })
            psi.ArgumentList.Add(arg);
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { }; // D-Bus complaints of a machine without a session bus: not the page's errors
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            // Chromium writes the port it chose into DevToolsActivePort once it listens.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(portFile) || File.ReadAllText(portFile).Split('\n')[0].Length == 0)
            {
                if (process.HasExited) throw new InvalidOperationException($"chromium exited with {process.ExitCode} before listening");
                if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("chromium did not open its DevTools port within 20 s");
                await Task.Delay(50, cancel);
            }
            var port = int.Parse(File.ReadAllText(portFile).Split('\n')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cancel))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            var browser = new HeadlessChromium(process, profile, new Uri(page));
            await browser.SendAsync("Runtime.enable", null, cancel);
            await browser.SendAsync("Log.enable", null, cancel);
            await browser.SendAsync("Page.enable", null, cancel);
            return browser;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel);
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(20), cancel);
    }

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(string url, CancellationToken cancel)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cancel);
        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(20), cancel);
    }

    /// <summary>The value of a script expression (awaited when it is a promise), as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancel)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, cancel);
        if (result.TryGetProperty("exceptionDetails", out var failed)) throw new InvalidOperationException($"script failed: {failed}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    public async Task<byte[]> ScreenshotAsync(CancellationToken cancel)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, cancel);
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    private async Task Receive()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                using (var doc = JsonDocument.Parse(message.ToArray())) Dispatch(doc.RootElement);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("chromium closed the connection"));
    }

    private void Dispatch(JsonElement m)
    {
        if (m.TryGetProperty("id", out var id))
        {
            if (!_pending.TryRemove(id.GetInt32(), out var reply)) return;
            if (m.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException($"DevTools: {error}"));
            else reply.TrySetResult(m.GetProperty("result").Clone());
            return;
        }
        var p = m.TryGetProperty("params", out var ps) ? ps : default;
        switch (m.GetProperty("method").GetString())
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                _errors.Enqueue("console." + p.GetProperty("type").GetString() + ": " + string.Join(" ", p.GetProperty("args").EnumerateArray().Select(a => a.ToString())));
                break;
            case "Runtime.exceptionThrown":
                _errors.Enqueue("exception: " + p.GetProperty("exceptionDetails").ToString());
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = p.GetProperty("entry");
                _errors.Enqueue($"log: {entry.GetProperty("text").GetString()} {(entry.TryGetProperty("url", out var url) ? url.GetString() : "")}");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _receiving.WaitAsync(TimeSpan.FromSeconds(2)); }
        catch (TimeoutException) { }
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { } // a child still writing its last files: the temp dir is cleaned by the system
        _stop.Dispose();
    }
}
