using System.Text.Json.Nodes;
using LeakFinder.Lsp.Server;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Lsp.Tests;

/// <summary>The server end to end, in process over pipes, on a copy of examples/leaky-service.</summary>
public class LanguageServerTests
{
    private const string LockLeak = "LF5002";

    private static string CopyLeakyService(TempDir dir)
    {
        var target = System.IO.Path.Combine(dir.Path, "leaky-service");
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples", "leaky-service"), "*", SearchOption.AllDirectories))
        {
            var to = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(RepoPaths.Combine("examples", "leaky-service"), file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    private static Task<int> Serve(LspTestClient client) =>
        Task.Run(new LeakFinderLanguageServer(client.ServerInput, client.ServerOutput, client.Log).RunAsync);

    private static JsonObject Open(string path, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = DocumentUris.FromPath(path), ["languageId"] = "go", ["version"] = 1, ["text"] = text },
    };

    private static bool Names(JsonArray diagnostics, string code) => diagnostics.Any(d => (string?)d!["code"] == code);

    [Fact]
    public async Task Initialize_announces_incremental_sync_and_quickfixes()
    {
        await using var client = new LspTestClient();
        _ = Serve(client);
        var result = (await client.CallAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() }))["result"]!;
        Assert.Equal(2, (int)result["capabilities"]!["textDocumentSync"]!["change"]!);
        Assert.True((bool)result["capabilities"]!["textDocumentSync"]!["openClose"]!);
        Assert.Equal("quickfix", (string)result["capabilities"]!["codeActionProvider"]!["codeActionKinds"]![0]!);
        Assert.Equal("leakfinder", (string)result["serverInfo"]!["name"]!);
    }

    [Fact]
    public async Task Opening_a_leaky_file_publishes_its_findings_and_fixing_the_buffer_clears_them()
    {
        using var dir = new TempDir();
        var service = CopyLeakyService(dir);
        var limits = System.IO.Path.Combine(service, "limits.go");
        var onDisk = File.ReadAllText(limits);
        await using var client = new LspTestClient();
        var run = Serve(client);
        await client.InitializeAsync();

        await client.NotifyAsync("textDocument/didOpen", Open(limits, onDisk));
        var published = await client.DiagnosticsAsync("limits.go", d => Names(d, LockLeak), $"{LockLeak} on limits.go");
        var lockLeak = published["params"]!["diagnostics"]!.AsArray().First(d => (string?)d!["code"] == LockLeak)!;
        Assert.Equal(20, (int)lockLeak["range"]!["start"]!["line"]!); // q.mu.Lock() on line 21
        Assert.Equal(1, (int)lockLeak["range"]!["start"]!["character"]!);
        Assert.Equal("leakfinder", (string)lockLeak["source"]!);
        Assert.Equal(1, (int)lockLeak["severity"]!);
        Assert.EndsWith("docs/rules/LF5002.md", (string)lockLeak["codeDescription"]!["href"]!);
        Assert.Contains("returns with q.mu still locked", (string)lockLeak["relatedInformation"]![0]!["message"]!);

        // Unlock before the early return, typed into the buffer (an incremental change), never saved.
        var earlyReturn = onDisk.Split('\n').ToList().FindIndex(l => l.Contains("return errQuotaExceeded"));
        await client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = DocumentUris.FromPath(limits), ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject { ["start"] = new JsonObject { ["line"] = earlyReturn, ["character"] = 0 }, ["end"] = new JsonObject { ["line"] = earlyReturn, ["character"] = 0 } },
                ["text"] = "\t\tq.mu.Unlock()\n",
            }),
        });
        var fixedUp = await client.DiagnosticsAsync("limits.go", d => !Names(d, LockLeak), $"diagnostics without {LockLeak}");
        Assert.Equal(2, (int)fixedUp["params"]!["version"]!);
        Assert.True(Names(fixedUp["params"]!["diagnostics"]!.AsArray(), "LF6001"), "the map growth on the same file is still reported");
        Assert.Equal(onDisk, File.ReadAllText(limits)); // the buffer was analysed, the file left alone

        // Code actions answer with the fixes the findings carry (a quickfix per finding that has one).
        var actions = await client.CallAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = DocumentUris.FromPath(limits) },
            ["range"] = new JsonObject { ["start"] = new JsonObject { ["line"] = 0, ["character"] = 0 }, ["end"] = new JsonObject { ["line"] = 999, ["character"] = 0 } },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        foreach (var action in actions["result"]!.AsArray())
        {
            Assert.Equal("quickfix", (string)action!["kind"]!);
            Assert.NotEmpty(action["edit"]!["changes"]!.AsObject());
        }

        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = DocumentUris.FromPath(limits) } });
        await client.DiagnosticsAsync("limits.go", d => d.Count == 0, "the diagnostics cleared on close");

        Assert.True((await client.CallAsync("shutdown")).ContainsKey("result"));
        await client.NotifyAsync("exit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_workspace_configuration_decides_which_rules_run()
    {
        using var dir = new TempDir();
        var service = CopyLeakyService(dir);
        // Replaces the example's own configuration, the nearest one above limits.go.
        File.WriteAllText(System.IO.Path.Combine(service, ".leakfinder.yml"), "rules:\n  disable: [mutex-not-unlocked]\n");
        var limits = System.IO.Path.Combine(service, "limits.go");
        await using var client = new LspTestClient();
        _ = Serve(client);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", Open(limits, File.ReadAllText(limits)));
        var published = await client.DiagnosticsAsync("limits.go", _ => true, "diagnostics for limits.go");
        var codes = published["params"]!["diagnostics"]!.AsArray().Select(d => (string?)d!["code"]).ToList();
        Assert.Contains("LF6001", codes);
        Assert.DoesNotContain(LockLeak, codes);
    }

    [Fact]
    public async Task A_broken_configuration_is_shown_to_the_user_instead_of_crashing()
    {
        using var dir = new TempDir();
        var service = CopyLeakyService(dir);
        File.WriteAllText(System.IO.Path.Combine(service, ".leakfinder.yml"), "exclud: [x]\n");
        var limits = System.IO.Path.Combine(service, "limits.go");
        await using var client = new LspTestClient();
        _ = Serve(client);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", Open(limits, File.ReadAllText(limits)));
        var shown = await client.WaitForAsync(m => (string?)m["method"] == "window/showMessage", "a window/showMessage");
        Assert.Contains("unknown key \"exclud\"", (string)shown["params"]!["message"]!);
        Assert.Equal(1, (int)shown["params"]!["type"]!);
    }

    [Fact]
    public async Task A_new_unsaved_file_is_checked_with_its_package()
    {
        using var dir = new TempDir();
        var service = CopyLeakyService(dir);
        var fresh = System.IO.Path.Combine(service, "fresh.go");
        const string text = "package main\n\nimport \"sync\"\n\nvar freshMu sync.Mutex\n\nfunc freshCount(n int) int {\n\tfreshMu.Lock()\n\tif n > 0 {\n\t\treturn n\n\t}\n\tfreshMu.Unlock()\n\treturn 0\n}\n";
        await using var client = new LspTestClient();
        _ = Serve(client);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", Open(fresh, text));
        var published = await client.DiagnosticsAsync("fresh.go", d => Names(d, LockLeak), $"{LockLeak} on the unsaved fresh.go");
        Assert.Equal(7, (int)published["params"]!["diagnostics"]!.AsArray().First(d => (string?)d!["code"] == LockLeak)!["range"]!["start"]!["line"]!);
        Assert.False(File.Exists(fresh));
    }
}
