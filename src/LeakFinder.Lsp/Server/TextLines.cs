using System.Text;
using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Server;

/// <summary>
/// Line starts of a text, to translate between our positions (1-based lines, 1-based UTF-8 byte columns, as Go
/// tools print them) and LSP's (0-based lines, 0-based UTF-16 code units), and to apply ranged edits.
/// </summary>
public sealed class TextLines
{
    private readonly string _text;
    private readonly List<int> _starts = [0];

    public TextLines(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _starts.Add(i + 1);
            else if (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')) _starts.Add(i + 1);
        }
    }

    public int LineCount => _starts.Count;

    /// <summary>The LSP position of a 1-based line and 1-based byte column; clamped into the text.</summary>
    public Position FromByteColumn(int line, int byteColumn)
    {
        var l = Math.Clamp(line - 1, 0, _starts.Count - 1);
        var text = LineText(l);
        var bytesLeft = Math.Max(0, byteColumn - 1);
        var i = 0;
        while (i < text.Length && bytesLeft > 0)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            bytesLeft -= Encoding.UTF8.GetByteCount(text.Slice(i, width));
            i += width;
        }
        return new Position(l, i);
    }

    /// <summary>The 1-based line and 1-based byte column of an LSP position.</summary>
    public (int Line, int ByteColumn) ToByteColumn(Position p)
    {
        var l = Math.Clamp(p.Line, 0, _starts.Count - 1);
        var text = LineText(l);
        return (l + 1, Encoding.UTF8.GetByteCount(text[..Math.Clamp(p.Character, 0, text.Length)]) + 1);
    }

    /// <summary>The string index of an LSP position; past the end of a line means its end (as LSP says).</summary>
    public int OffsetOf(Position p)
    {
        if (p.Line < 0) return 0;
        if (p.Line >= _starts.Count) return _text.Length;
        return _starts[p.Line] + Math.Clamp(p.Character, 0, LineText(p.Line).Length);
    }

    /// <summary>The text with <paramref name="range"/> replaced.</summary>
    public string Replace(LspRange range, string newText)
    {
        var start = OffsetOf(range.Start);
        var end = Math.Max(start, OffsetOf(range.End));
        return string.Concat(_text.AsSpan(0, start), newText, _text.AsSpan(end));
    }

    private ReadOnlySpan<char> LineText(int line)
    {
        var start = _starts[line];
        var end = line + 1 < _starts.Count ? _starts[line + 1] : _text.Length;
        while (end > start && _text[end - 1] is '\n' or '\r') end--;
        return _text.AsSpan(start, end - start);
    }
}
