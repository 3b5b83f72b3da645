using LeakFinder.Analysis.Pipeline;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Cli;

/// <summary>
/// Turns an exception that escaped a command into its exit code and one line on standard error: input the
/// command refused (<see cref="InputException"/> and its kinds, a file it cannot read) is exit 2 with the
/// reader's message; anything else is a bug, exit 3, with the stack trace only under --debug or
/// LEAKFINDER_DEBUG=1 (a trace is for us, not for the user's CI log).
/// </summary>
public static class ExitPolicy
{
    public const string DebugEnvironmentVariable = "LEAKFINDER_DEBUG";

    public static bool DebugFromEnvironment => Environment.GetEnvironmentVariable(DebugEnvironmentVariable) is "1" or "true";

    public static int Report(Exception exception, string command, bool debug, TextWriter error)
    {
        var e = Unwrap(exception);
        var prefix = command.Length > 0 ? $"leakfinder {command}: " : "leakfinder: ";
        if (IsBadInput(e))
        {
            error.WriteLine(prefix + OneLine(e.Message));
            if (debug) error.WriteLine(exception.ToString());
            return ExitCodes.BadInput;
        }
        error.WriteLine($"{prefix}internal error: {e.GetType().Name}: {OneLine(e.Message)}; please report it " +
                        (debug ? "with the trace below" : "(run with --debug for the trace)"));
        if (debug) error.WriteLine(exception.ToString());
        return ExitCodes.InternalError;
    }

    private static bool IsBadInput(Exception e) =>
        e is InputException or CheckUsageException or IOException or UnauthorizedAccessException;

    // Parallel loops and tasks wrap the exception that matters.
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: > 0 } a) e = a.InnerExceptions[0];
            else if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
            else return e;
        }
    }

    // A message may quote input (a path, a line of a dump): it must stay one line and not drive the terminal.
    private static string OneLine(string message) => TerminalText.Escape(message);
}
