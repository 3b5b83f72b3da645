using System.CommandLine;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder debug ...`: dumps of LeakFinder's internal views, for tests and bug reports.</summary>
public static class DebugCommand
{
    public static Command Create()
    {
        var debug = new Command("debug", "Print LeakFinder's internal views of Go source (AST, types, CFG).");
        debug.Subcommands.Add(DebugAstCommand.Create());
        debug.Subcommands.Add(DebugCfgCommand.Create());
        debug.Subcommands.Add(DebugTypesCommand.Create());
        debug.Subcommands.Add(DebugCrashCommand.Create());
        return debug;
    }
}
