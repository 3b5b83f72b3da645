using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder lsp` as shipped: the executable over stdio, and Neovim's own LSP client driving it.</summary>
public class LspCommandTests
{
    private static string Copy(TempDir dir) => dir.CopyFromRepo("examples/leaky-service");

    [Fact]
    public async Task Lsp_over_stdio_publishes_findings_and_exits_0_after_shutdown()
    {
        var exe = LeakFinderExe.Require();
        using var dir = new TempDir();
        var limits = Path.Combine(Copy(dir), "limits.go");
        var psi = exe.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { exe } } : new ProcessStartInfo(exe);
        psi.ArgumentList.Add("lsp");
        psi.ArgumentList.Add("--stdio");
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var input = p.StandardInput.BaseStream;
        var output = p.StandardOutput.BaseStream;
        try
        {
            await Send(input, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize", ["params"] = new JsonObject { ["capabilities"] = new JsonObject() } });
            Assert.NotNull((await ReadUntil(output, m => (int?)m["id"] == 1))["result"]!["capabilities"]);
            await Send(input, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "initialized", ["params"] = new JsonObject() });
            await Send(input, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "no/such/method" });
            Assert.Equal(-32601, (int)(await ReadUntil(output, m => (int?)m["id"] == 2))["error"]!["code"]!);
            await Send(input, new JsonObject
            {
                ["jsonrpc"] = "2.0", ["method"] = "textDocument/didOpen",
                ["params"] = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = new Uri(limits).AbsoluteUri, ["languageId"] = "go", ["version"] = 1, ["text"] = await File.ReadAllTextAsync(limits, TestContext.Current.CancellationToken) } },
            });
            var published = await ReadUntil(output, m => (string?)m["method"] == "textDocument/publishDiagnostics");
            var codes = published["params"]!["diagnostics"]!.AsArray().Select(d => (string?)d!["code"]).ToList();
            Assert.Contains("LF5002", codes);
            Assert.Contains("LF6001", codes);
            await Send(input, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 3, ["method"] = "shutdown" });
            await ReadUntil(output, m => (int?)m["id"] == 3);
            await Send(input, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "exit" });
            Assert.True(p.WaitForExit(30_000), "lsp did not exit after exit");
            Assert.Equal(0, p.ExitCode);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        Assert.Equal("", await stderr);
    }

    [Fact]
    public async Task Neovim_client_shows_findings_and_clears_them_after_the_fix()
    {
        var exe = LeakFinderExe.Require();
        var nvim = FindOnPath("nvim");
        if (nvim == null)
        {
            const string why = "Neovim is not installed (apt-get install neovim)";
            if (GoToolchain.Required) Assert.Fail("LEAKFINDER_REQUIRE_GO=1 but " + why);
            Assert.Skip(why);
        }
        using var dir = new TempDir();
        var limits = Path.Combine(Copy(dir), "limits.go");
        var report = dir.Combine("report.txt");
        var script = RepoPaths.Combine("tests", "LeakFinder.Cli.Tests", "Lsp", "neovim-client.lua");
        var psi = new ProcessStartInfo(nvim!) { ArgumentList = { "--headless", "-u", script, "-i", "NONE", "-n" }, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = dir.Path };
        psi.Environment["LF_BIN"] = exe;
        psi.Environment["LF_FILE"] = limits;
        psi.Environment["LF_OUT"] = report;
        psi.Environment["XDG_STATE_HOME"] = psi.Environment["XDG_CACHE_HOME"] = psi.Environment["XDG_DATA_HOME"] = dir.Path; // no lsp.log or shada in $HOME
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!p.WaitForExit(240_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("nvim did not finish; report so far:\n" + (File.Exists(report) ? File.ReadAllText(report) : "(none)"));
        }
        var lines = File.Exists(report) ? File.ReadAllLines(report) : [];
        var all = string.Join("\n", lines) + "\n--- nvim stderr ---\n" + await stderr + await stdout;
        var before = Assert.Single(lines, l => l.StartsWith("before ", StringComparison.Ordinal));
        Assert.Contains("LF5002@21", before); // q.mu.Lock() on limits.go:21
        Assert.Contains(lines, l => l.StartsWith("applied quickfix", StringComparison.Ordinal) || l.StartsWith("edited line ", StringComparison.Ordinal));
        var after = lines.SingleOrDefault(l => l.StartsWith("after ", StringComparison.Ordinal));
        Assert.True(after != null, all);
        Assert.DoesNotContain("LF5002", after);
        Assert.Contains("LF6001", after);
        Assert.Contains("exit 0", lines);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task Send(Stream input, JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        await input.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        await input.WriteAsync(body);
        await input.FlushAsync();
    }

    // Reads framed messages (one byte at a time for the headers: simple, and a test's messages are few) until one matches.
    private static async Task<JsonObject> ReadUntil(Stream output, Func<JsonObject, bool> match)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var seen = new List<string>();
        while (true)
        {
            var header = new StringBuilder();
            var one = new byte[1];
            while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await output.ReadAsync(one, limit.Token) == 0) Assert.Fail("lsp closed its output; received:\n" + string.Join("\n", seen));
                header.Append((char)one[0]);
            }
            var length = int.Parse(header.ToString().Split("\r\n").First(h => h.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..].Trim());
            var body = new byte[length];
            await output.ReadExactlyAsync(body, limit.Token);
            var message = JsonNode.Parse(body)!.AsObject();
            if (match(message)) return message;
            seen.Add(message.ToJsonString());
        }
    }
}
