using System.CommandLine;
using LeakFinder.Cli.Commands;

// Wiring only: each command lives in Commands/ and calls into the libraries, where the logic is.
var root = new RootCommand("LeakFinder finds memory, goroutine and resource leaks in Go programs.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(DebugCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(ProfileCommand.Create());
root.Subcommands.Add(GcTraceCommand.Create());
root.Subcommands.Add(ProcCommand.Create());
return root.Parse(args).Invoke();
