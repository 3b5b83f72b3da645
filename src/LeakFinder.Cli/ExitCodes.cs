namespace LeakFinder.Cli;

/// <summary>
/// The exit codes of every command, which a CI gate can rely on. <see cref="ExitPolicy"/> is the one place
/// that turns an exception into one of them; commands return the first two themselves.
/// </summary>
public static class ExitCodes
{
    /// <summary>Nothing found: no findings, no leak suspects, live heap not growing.</summary>
    public const int Clean = 0;
    /// <summary>Findings or leak suspects (for gctrace: live heap growing).</summary>
    public const int Findings = 1;
    /// <summary>Bad usage (unknown flag, bad value) or input that cannot be read or is not what the command reads.</summary>
    public const int BadInput = 2;
    /// <summary>A bug in LeakFinder: never 1, so a CI gate cannot read a crash as findings.</summary>
    public const int InternalError = 3;

    /// <summary>The policy as `--help` and the README state it.</summary>
    public const string Summary =
        "Exit codes: 0 clean, 1 findings or leak suspects, 2 bad usage or unreadable input, 3 internal error.";
}
