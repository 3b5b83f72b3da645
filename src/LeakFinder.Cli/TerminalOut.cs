using LeakFinder.Runtime.Output;

namespace LeakFinder.Cli;

/// <summary>Standard output for the text reports, with what the input could smuggle to the terminal escaped.</summary>
public static class TerminalOut
{
    private static readonly Lazy<TextWriter> Safe = new(() => new TerminalSafeWriter(Console.Out));

    public static TextWriter Writer => Safe.Value;
}
