namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Reads a text/template text for the fields and methods its actions evaluate on the data it is executed with: the first
/// name of each chain starting at dot (`.Title`, `.Param "author"`, `.Site.Name` gives Site) while dot is the data, and of
/// each chain starting at `$` (`$.Title`), which is the data everywhere. Dot is the data at the top, in the branches of an
/// if, and in the else branches of with and range (which run with dot unchanged); it is something else in the bodies of
/// with, range, define and block. A chain on a variable (`$p.Title`) or on a parenthesised value is not the data's.
/// Null when the text is malformed (an action never closed, an end with no block).
/// </summary>
internal static class TemplateActions
{
    private sealed record Block(bool OuterIsData);

    public static List<string>? DataNames(string text)
    {
        var names = new List<string>();
        var blocks = new Stack<Block>();
        var dotIsData = true;
        var i = 0;
        while (text.IndexOf("{{", i, StringComparison.Ordinal) is var open and >= 0)
        {
            var close = ActionEnd(text, open + 2);
            if (close < 0) return null;
            i = close + 2;
            var body = text[(open + 2)..close];
            if (body.StartsWith("- ", StringComparison.Ordinal)) body = body[1..];
            if (body.EndsWith(" -", StringComparison.Ordinal)) body = body[..^1];
            body = body.Trim();
            if (body.StartsWith("/*", StringComparison.Ordinal)) continue;
            var keyword = LeadingWord(body);
            var rest = body[keyword.Length..];
            switch (keyword)
            {
                case "end":
                    if (blocks.Count == 0) return null;
                    dotIsData = blocks.Pop().OuterIsData;
                    break;
                case "else":
                {
                    if (blocks.Count == 0) return null;
                    var outer = blocks.Peek().OuterIsData;
                    var chained = LeadingWord(rest.TrimStart());
                    Scan(rest.TrimStart()[chained.Length..], outer, names);
                    // `else with x` runs with dot x; a plain else, and `else if`, with the dot of the block's start.
                    dotIsData = chained is "with" or "range" ? false : outer;
                    break;
                }
                case "if":
                    Scan(rest, dotIsData, names);
                    blocks.Push(new Block(dotIsData));
                    break;
                case "with" or "range" or "block":
                    Scan(rest, dotIsData, names);
                    blocks.Push(new Block(dotIsData));
                    dotIsData = false;
                    break;
                case "define":
                    blocks.Push(new Block(dotIsData));
                    dotIsData = false;
                    break;
                case "template":
                    Scan(rest, dotIsData, names);
                    break;
                case "break" or "continue":
                    break;
                default:
                    Scan(body, dotIsData, names);
                    break;
            }
        }
        return blocks.Count == 0 ? names : null;
    }

    /// <summary>The index of the `}}` closing the action whose text starts at <paramref name="from"/>, past its quoted
    /// strings; -1 when there is none.</summary>
    private static int ActionEnd(string text, int from)
    {
        for (var k = from; k < text.Length; k++)
        {
            var c = text[k];
            if (c is '"' or '`' or '\'')
            {
                k = QuoteEnd(text, k);
                if (k < 0) return -1;
            }
            else if (c == '}' && k + 1 < text.Length && text[k + 1] == '}') return k;
        }
        return -1;
    }

    /// <summary>The index of the quote closing the one at <paramref name="at"/> (a backslash escapes in "" and ''); -1 if none.</summary>
    private static int QuoteEnd(string text, int at)
    {
        var quote = text[at];
        for (var k = at + 1; k < text.Length; k++)
        {
            if (quote != '`' && text[k] == '\\') k++;
            else if (text[k] == quote) return k;
        }
        return -1;
    }

    private static string LeadingWord(string s)
    {
        var n = 0;
        while (n < s.Length && (char.IsLetterOrDigit(s[n]) || s[n] == '_')) n++;
        return s[..n];
    }

    /// <summary>Adds the data names a pipeline's chains start with.</summary>
    private static void Scan(string pipeline, bool dotIsData, List<string> names)
    {
        for (var k = 0; k < pipeline.Length; k++)
        {
            var c = pipeline[k];
            if (c is '"' or '`' or '\'')
            {
                k = QuoteEnd(pipeline, k);
                if (k < 0) return;
                continue;
            }
            if (c != '.' || k + 1 >= pipeline.Length || !(char.IsLetter(pipeline[k + 1]) || pipeline[k + 1] == '_')) continue;
            var prev = k > 0 ? pipeline[k - 1] : ' ';
            // `$.Name`: the data, whatever dot is; `$v.Name`, `.A.B`'s B, `(x).B`, `1.5`: not a chain on the data.
            var rootVariable = prev == '$' && (k < 2 || !(char.IsLetterOrDigit(pipeline[k - 2]) || pipeline[k - 2] == '_'));
            var chainStart = !(char.IsLetterOrDigit(prev) || prev is '_' or '.' or ')' or ']' or '$');
            var end = k + 1;
            while (end < pipeline.Length && (char.IsLetterOrDigit(pipeline[end]) || pipeline[end] == '_')) end++;
            if (rootVariable || chainStart && dotIsData)
            {
                var name = pipeline[(k + 1)..end];
                if (!names.Contains(name)) names.Add(name);
            }
            k = end - 1;
        }
    }
}
