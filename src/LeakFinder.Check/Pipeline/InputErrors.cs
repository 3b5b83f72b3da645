using LeakFinder.Analysis;
using System.Text.RegularExpressions;
using LeakFinder.Syntax;

namespace LeakFinder.Check.Pipeline;

/// <summary>Turns the loader's and parser's problems into <see cref="InputError"/>s with their positions.</summary>
internal static partial class InputErrors
{
    public static InputError FromSyntax(SyntaxError e) => new(e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg);

    /// <summary>"file:line:col: message", "file:line: message" or "file: message" as the loader words them.</summary>
    public static InputError FromText(string text)
    {
        var m = Positioned().Match(text);
        if (m.Success)
            return new InputError(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value),
                m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value) : 0, m.Groups["msg"].Value);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 ? new InputError(text[..colon], 0, 0, text[(colon + 2)..]) : new InputError("", 0, 0, text);
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>\d+)(:(?<col>\d+))?: (?<msg>.*)$", RegexOptions.Singleline)]
    private static partial Regex Positioned();
}
