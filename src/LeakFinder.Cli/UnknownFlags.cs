using System.CommandLine;
using System.CommandLine.Parsing;

namespace LeakFinder.Cli;

/// <summary>
/// Flags the parser did not recognise, each with the nearest flag of the command as a suggestion. A command
/// whose positional argument takes any number of values (`check PATTERN...`) would otherwise take
/// `--no-such-flag` as a pattern and answer a different question. A value starting with '-' is a flag unless
/// it is "-" (standard input), a number (`--top -1` is the option's value, not ours), or follows "--".
/// </summary>
public static class UnknownFlags
{
    public static List<string> Find(ParseResult parse)
    {
        var afterDoubleDash = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var seenDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) seenDoubleDash = true;
            else if (seenDoubleDash) afterDoubleDash.Add(token);
        }
        var positional = parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(a => a.Tokens).Where(t => !afterDoubleDash.Contains(t)).Select(t => t.Value);
        var unknown = new List<string>();
        // A command that passes what it does not know on to another tool (`test`: go test's flags) has no unknown flags.
        var unmatched = parse.CommandResult.Command.TreatUnmatchedTokensAsErrors ? parse.UnmatchedTokens : [];
        foreach (var value in positional.Concat(unmatched))
            if (LooksLikeFlag(value) && !unknown.Contains(value)) unknown.Add(value);
        return unknown;
    }

    public static string Message(ParseResult parse, string flag)
    {
        var name = flag.Split('=', 2)[0];
        var nearest = Nearest(name, FlagsOf(parse.CommandResult));
        var command = CommandPath(parse.CommandResult);
        return nearest != null
            ? $"unknown flag {Runtime.Output.TerminalText.Escape(name)} for '{command}' (did you mean {nearest}?)"
            : $"unknown flag {Runtime.Output.TerminalText.Escape(name)} for '{command}' (see '{command} --help')";
    }

    public static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r != null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Parent == null ? "leakfinder" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static bool LooksLikeFlag(string value) =>
        value.Length > 1 && value[0] == '-' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);

    // The command's own options and the recursive ones of its parents (--help, --debug).
    private static IEnumerable<string> FlagsOf(CommandResult result)
    {
        foreach (var o in result.Command.Options)
            foreach (var n in o.Aliases.Prepend(o.Name)) yield return n;
        for (var p = result.Parent as CommandResult; p != null; p = p.Parent as CommandResult)
            foreach (var o in p.Command.Options.Where(o => o.Recursive))
                foreach (var n in o.Aliases.Prepend(o.Name)) yield return n;
    }

    private static string? Nearest(string flag, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates.Where(c => c.StartsWith("--", StringComparison.Ordinal)))
        {
            var d = Distance(flag.TrimStart('-'), c.TrimStart('-'));
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        // A suggestion must be close: a third of the flag's letters, at least two edits.
        return best != null && bestDistance <= Math.Max(2, flag.TrimStart('-').Length / 3) ? best : null;
    }

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
