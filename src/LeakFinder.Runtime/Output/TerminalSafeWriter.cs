using System.Text;

namespace LeakFinder.Runtime.Output;

/// <summary>
/// The text reports' writer: everything passes except the characters a terminal acts on (ESC, BEL, CR,
/// backspace, C1 controls, bidi overrides), which are written escaped as <see cref="TerminalText"/> escapes
/// them. Newlines and tabs are the reports' own layout and pass. A dump line, a function name or a file
/// name from hostile input thus cannot recolour the screen, move the cursor or rewrite earlier lines.
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value is '\n' or '\t' || !NeedsEscape(value)) inner.Write(value);
        else inner.Write(TerminalText.Escape(value.ToString()));
    }

    public override void Write(string? value)
    {
        if (value == null) return;
        foreach (var c in value)
            if (c is not ('\n' or '\t') && NeedsEscape(c))
            {
                foreach (var ch in value) Write(ch);
                return;
            }
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    private static bool NeedsEscape(char c) => c < ' ' || c == 0x7f || (c >= 0x80 && TerminalText.Escape(c.ToString()).Length > 1);
}
