using System.Globalization;
using System.Text;

namespace LeakFinder.Runtime.Output;

/// <summary>
/// Text from the input (file names, dump lines, function names) made safe to echo on a terminal: control and
/// format characters (ESC, newlines, bidi overrides, C1 controls) and lone surrogates are written as Go's %q
/// writes them (\n, \x1b, \u202e), so a hostile dump cannot move the cursor, recolour the screen or forge
/// lines. Text without such characters is returned as it is (no quotes added), so ordinary output is unchanged.
/// JSON and SARIF writers escape on their own and do not need this.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var i = 0;
        while (i < text.Length && !NeedsEscape(text, i)) i += char.IsSurrogatePair(text, i) ? 2 : 1;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                var cp = char.ConvertToUtf32(text, i);
                if (IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(cp))) sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                else sb.Append(text, i, 2);
                i++;
                continue;
            }
            var c = text[i];
            if (!NeedsEscape(text, i)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < (char)0x80 => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    /// <summary>
    /// Go's %q (strconv.Quote) of <paramref name="text"/>: in double quotes, with `"` and `\` escaped besides what
    /// <see cref="Escape"/> escapes. For text that must stay one token whatever it holds (a label value).
    /// </summary>
    public static string Quote(string? text)
    {
        var escaped = Escape(text);
        if (escaped.AsSpan().IndexOfAny('"', '\\') < 0) return "\"" + escaped + "\"";
        // Escape's own backslashes start escapes; only the text's own '\' and '"' need one more.
        var sb = new System.Text.StringBuilder(escaped.Length + 8).Append('"');
        var source = text ?? "";
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (char.IsSurrogatePair(source, i)) { sb.Append(Escape(source.Substring(i, 2))); i++; }
            else sb.Append(Escape(c.ToString()));
        }
        return sb.Append('"').ToString();
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (c >= ' ' && c < 0x7f) return false;
        if (char.IsSurrogatePair(text, i)) return IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text, i)));
        if (char.IsSurrogate(c)) return true;
        return IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    // What unicode.IsPrint rejects that a terminal may act on: controls, format characters (bidi overrides,
    // zero-width joiners), line and paragraph separators.
    private static bool IsUnsafe(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
