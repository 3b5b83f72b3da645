namespace LeakFinder.Cli;

/// <summary>Exit codes a CI gate can rely on.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
}
