using System.Globalization;
using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>UTF-8 decoding and character classes with Go's exact semantics (unicode/utf8, unicode, strconv).</summary>
internal static class Utf8
{
    public const int RuneSelf = 0x80;
    public const int RuneError = 0xFFFD;
    public const int MaxRune = 0x10FFFF;

    /// <summary>utf8.DecodeRune: an invalid or truncated sequence decodes as (RuneError, 1).</summary>
    public static int DecodeRune(ReadOnlySpan<byte> p, out int width)
    {
        var n = p.Length;
        if (n < 1) { width = 0; return RuneError; }
        int b0 = p[0];
        if (b0 < 0x80) { width = 1; return b0; }
        int size, lo = 0x80, hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) size = 2;
        else if (b0 >= 0xE0 && b0 <= 0xEF)
        {
            size = 3;
            if (b0 == 0xE0) lo = 0xA0;
            else if (b0 == 0xED) hi = 0x9F;
        }
        else if (b0 >= 0xF0 && b0 <= 0xF4)
        {
            size = 4;
            if (b0 == 0xF0) lo = 0x90;
            else if (b0 == 0xF4) hi = 0x8F;
        }
        else { width = 1; return RuneError; }
        if (n < size) { width = 1; return RuneError; }
        int b1 = p[1];
        if (b1 < lo || b1 > hi) { width = 1; return RuneError; }
        if (size == 2) { width = 2; return (b0 & 0x1F) << 6 | (b1 & 0x3F); }
        int b2 = p[2];
        if (b2 < 0x80 || b2 > 0xBF) { width = 1; return RuneError; }
        if (size == 3) { width = 3; return (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F); }
        int b3 = p[3];
        if (b3 < 0x80 || b3 > 0xBF) { width = 1; return RuneError; }
        width = 4;
        return (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F);
    }

    private static UnicodeCategory Category(int r) =>
        r is >= 0 and <= MaxRune and not (>= 0xD800 and <= 0xDFFF)
            ? Rune.GetUnicodeCategory(new Rune(r))
            : UnicodeCategory.OtherNotAssigned;

    /// <summary>unicode.IsLetter: categories Lu, Ll, Lt, Lm, Lo.</summary>
    public static bool IsLetter(int r) => Category(r) <= UnicodeCategory.OtherLetter;

    /// <summary>unicode.IsDigit: category Nd.</summary>
    public static bool IsDigit(int r) => Category(r) == UnicodeCategory.DecimalDigitNumber;

    /// <summary>strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int r)
    {
        if (r == ' ') return true;
        var c = Category(r);
        return c switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }

    /// <summary>unicode.IsGraphic: like IsPrint but also Zs spaces.</summary>
    public static bool IsGraphic(int r) => IsPrint(r) || Category(r) == UnicodeCategory.SpaceSeparator;

    /// <summary>unicode.IsSpace.</summary>
    public static bool IsSpace(int r) => r switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0 => true,
        < 0x80 => false,
        _ => Category(r) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator,
    };

    /// <summary>fmt's %#U: "U+0041 'A'" for printable runes, "U+0000" otherwise.</summary>
    public static string FormatU(int r)
    {
        var hex = "U+" + r.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(r) ? hex + " '" + RuneString(r) + "'" : hex;
    }

    /// <summary>string(rune) in Go: invalid code points become U+FFFD.</summary>
    public static string RuneString(int r) =>
        r is >= 0 and <= MaxRune and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(r) : "\uFFFD";

    /// <summary>Go's len(s) for a string that came from valid UTF-8 (or was built in C#).</summary>
    public static int ByteLength(string s)
    {
        foreach (var c in s)
            if (c >= 0x80) return Encoding.UTF8.GetByteCount(s);
        return s.Length;
    }
}
