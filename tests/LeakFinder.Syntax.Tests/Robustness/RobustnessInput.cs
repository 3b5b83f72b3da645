namespace LeakFinder.Syntax.Tests.Robustness;

/// <summary>One generated input: the filename the parser is given (errors must name it) and the bytes.</summary>
internal sealed record RobustnessInput(string Name, byte[] Source);
