using System.CommandLine;

namespace LeakFinder.Cli.Commands;

/// <summary>
/// `leakfinder debug crash`: fails with an internal error on purpose, to see what a CI gate gets when
/// LeakFinder itself breaks (exit 3 and one line on stderr; the trace with --debug), and to test that path.
/// </summary>
public static class DebugCrashCommand
{
    public static Command Create()
    {
        var command = new Command("crash", "Fail with an internal error on purpose (exit code 3), to test how a pipeline reacts.");
        command.SetAction(_ => (int)Explode());
        return command;
    }

    private static int Explode() => throw new InvalidOperationException("crash requested by `leakfinder debug crash`");
}
