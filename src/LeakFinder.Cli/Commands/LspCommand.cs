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
        var verbose = new Option<bool>("--verbose") { Description = "Log each analysis (package, findings, time per phase) to standard error" };
        var command = new Command("lsp", "Run a Language Server over stdio: diagnostics for open Go files as you type, and quick fixes.") { stdio, verbose };
        command.SetAction(parse =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            var server = new LeakFinderLanguageServer(input, output, Console.Error)
            {
                Analysed = parse.GetValue(verbose) ? (dir, result, elapsed) => Console.Error.WriteLine(
                    $"leakfinder lsp: checked {dir} in {elapsed.TotalMilliseconds:F0} ms ({result.Findings.Count} findings; "
                    + string.Join(", ", result.Stats.Phases.Select(p => $"{p.Phase} {p.Elapsed.TotalMilliseconds:F0} ms")) + ")") : null,
            };
            return server.RunAsync().GetAwaiter().GetResult();
        });
        return command;
    }
}
