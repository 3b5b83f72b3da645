using LeakFinder.Check.VetTool;

namespace LeakFinder.Cli;

/// <summary>
/// `go vet -vettool=$(command -v leakfinder)`: cmd/go's command lines (-flags, -V=full, a vet.cfg) are not
/// LeakFinder's, so they are recognised before System.CommandLine sees them and handed to the library's
/// <see cref="VetToolMain"/>; only the exit policy for an escaped exception is the CLI's.
/// </summary>
public static class VetToolEntry
{
    public static bool Handles(string[] args) => VetArguments.IsVetToolCall(args);

    public static int Run(string[] args)
    {
        try
        {
            return VetToolMain.Run(args, Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            return ExitPolicy.Report(e, "", ExitPolicy.DebugFromEnvironment, Console.Error);
        }
    }
}
