using System.CommandLine;
using LeakFinder.Lsp.Server;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder lsp`: the Language Server on standard input and output (the logic is in LeakFinder.Lsp).</summary>
public static class LspCommand
{
    public static Command Create()
    {
        // Editors' generic LSP clients often pass --stdio; it is the only transport, so it is accepted and changes nothing.
        var stdio = new Option<bool>("--stdio") { Description = "Talk over standard input and output (the default and only transport)" };
        var command = new Command("lsp", "Run a Language Server over stdio: diagnostics for open Go files as you type, and quick fixes.") { stdio };
        command.SetAction(_ =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            var server = new LeakFinderLanguageServer(input, output, Console.Error);
            return server.RunAsync().GetAwaiter().GetResult();
        });
        return command;
    }
}
