namespace LeakFinder.Reporting;

/// <summary>
/// When the text format may use colour: only on a terminal, and never when NO_COLOR is set to anything
/// non-empty (no-color.org) or TERM is "dumb". The CLI asks this; renderers only obey ReportOptions.Color.
/// </summary>
public static class ColorPolicy
{
    public static bool ShouldColor(bool outputIsTerminal, string? noColor, string? term) =>
        outputIsTerminal && string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>The decision for this process's standard output, from the console and the environment.</summary>
    public static bool ForStandardOutput() =>
        ShouldColor(!Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));
}
