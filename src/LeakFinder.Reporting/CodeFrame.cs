using System.Globalization;
using System.Text;
using LeakFinder.Analysis;
using LeakFinder.Check.Baseline;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Reporting;

/// <summary>
/// The source line of a span with a caret underline, as rustc and ruff print it:
/// <code>
///   12 |     resp, err := http.Get(url)
///      |                  ^^^^^^^^^^^^^
/// </code>
/// Tabs are shown as four spaces (Go code is tab-indented and terminals disagree on tab width). A span that
/// runs over several lines is underlined to the end of its first line. Nothing is printed when the file or
/// the line cannot be read.
/// </summary>
internal static class CodeFrame
{
    private const int TabWidth = 4;

    public static void Write(TextWriter output, SourceSpan span, SourceFiles sources, Ansi ansi, Severity severity)
    {
        var text = sources.LineText(span.File, span.Line);
        if (text == null) return;
        var start = SourceFile.CharIndexOfByteColumn(text, span.Column);
        var end = span.EndLine == span.Line && span.EndColumn > span.Column
            ? SourceFile.CharIndexOfByteColumn(text, span.EndColumn)
            : span.EndLine > span.Line ? text.Length : start;
        var shown = Expand(text, text.Length, out _);
        Expand(text, start, out var caretStart);
        Expand(text, end, out var caretEnd);
        var width = Math.Max(1, caretEnd - caretStart);

        var number = span.Line.ToString(CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        output.Write("  ");
        output.Write(ansi.Blue(number + " |"));
        output.Write(' ');
        output.Write(shown.TrimEnd());
        output.Write('\n');
        output.Write("  ");
        output.Write(ansi.Blue(gutter + " |"));
        output.Write(' ');
        output.Write(new string(' ', caretStart));
        output.Write(ansi.ForSeverity(severity, new string('^', width)));
        output.Write('\n');
    }

    /// <summary>
    /// The first <paramref name="count"/> chars with tabs expanded and control and format characters escaped;
    /// <paramref name="width"/> is their width on a terminal (East Asian wide characters and emoji take two).
    /// </summary>
    private static string Expand(string text, int count, out int width)
    {
        var sb = new StringBuilder(count + 8);
        width = 0;
        var end = Math.Min(count, text.Length);
        for (var i = 0; i < end;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i, end - i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                rune = Rune.ReplacementChar;
            i += Math.Max(1, used);
            if (rune.Value == '\t')
            {
                sb.Append(' ', TabWidth);
                width += TabWidth;
            }
            else if (TerminalText.Escape(rune.ToString()) is var escaped && escaped.Length > rune.Utf16SequenceLength)
            {
                // ESC, CR, bidi overrides ("Trojan Source"): shown as Go's %q shows them, never acted on.
                sb.Append(escaped);
                width += escaped.Length;
            }
            else
            {
                sb.Append(rune.ToString());
                width += IsWide(rune.Value) ? 2 : 1;
            }
        }
        return sb.ToString();
    }

    /// <summary>The ranges terminals draw two cells wide (Unicode East Asian Wide/Fullwidth, the common emoji blocks).</summary>
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
}
