using System.CommandLine;
using LeakFinder.Cli;
using LeakFinder.Cli.Commands;

// Wiring only: each command lives in Commands/ and calls into the libraries, where the logic is.
if (VetToolEntry.Handles(args)) return VetToolEntry.Run(args); // go vet -vettool: cmd/go's protocol, not our command line
var root = new RootCommand("LeakFinder finds memory, goroutine and resource leaks in Go programs.\n" + ExitCodes.Summary);
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(RulesCommand.Create());
root.Subcommands.Add(DebugCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(ProfileCommand.Create());
root.Subcommands.Add(GcTraceCommand.Create());
root.Subcommands.Add(ProcCommand.Create());
root.Subcommands.Add(RaceCommand.Create());
root.Subcommands.Add(TestCommand.Create());
root.Subcommands.Add(LspCommand.Create());
root.Subcommands.Add(WatchCommand.Create());
var debug = new Option<bool>("--debug") { Description = "On an internal error, print its stack trace (also LEAKFINDER_DEBUG=1)", Recursive = true };
root.Options.Add(debug);
foreach (var command in root.Subcommands) command.Description += "\n" + ExitCodes.Summary;

// "@file" arguments are plain names here (a dump may well be called @x), never response files to expand.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
var unknownFlags = UnknownFlags.Find(parse);
if (parse.Errors.Count > 0 || unknownFlags.Count > 0)
{
    // Bad usage is exit code 2 for every command, never 1: a CI gate reads 1 as "findings" (or, for gctrace, "growing").
    foreach (var flag in unknownFlags) Console.Error.WriteLine("leakfinder: " + UnknownFlags.Message(parse, flag));
    foreach (var error in parse.Errors)
        if (!unknownFlags.Any(f => error.Message.Contains($"'{f}'", StringComparison.Ordinal)))
            Console.Error.WriteLine($"leakfinder: {LeakFinder.Runtime.Output.TerminalText.Escape(error.Message)}");
    Console.Error.WriteLine("Run 'leakfinder --help' or 'leakfinder COMMAND --help' for usage.");
    return ExitCodes.BadInput;
}
var debugging = parse.GetValue(debug) || ExitPolicy.DebugFromEnvironment;
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    var command = UnknownFlags.CommandPath(parse.CommandResult);
    return ExitPolicy.Report(e, command == "leakfinder" ? "" : command["leakfinder ".Length..], debugging, Console.Error);
}
