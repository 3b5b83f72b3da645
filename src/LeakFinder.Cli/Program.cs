using System.CommandLine;
using LeakFinder.Cli;
using LeakFinder.Cli.Commands;

// Wiring only: each command lives in Commands/ and calls into the libraries, where the logic is.
var root = new RootCommand("LeakFinder finds memory, goroutine and resource leaks in Go programs.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(DebugCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(ProfileCommand.Create());
root.Subcommands.Add(GcTraceCommand.Create());
root.Subcommands.Add(ProcCommand.Create());
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad usage is exit code 2 for every command, never 1: a CI gate reads 1 as "findings" (or, for gctrace, "growing").
    foreach (var error in parse.Errors) Console.Error.WriteLine($"leakfinder: {error.Message}");
    Console.Error.WriteLine("Run 'leakfinder --help' or 'leakfinder COMMAND --help' for usage.");
    return ExitCodes.BadInput;
}
return parse.Invoke();
