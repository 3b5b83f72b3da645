using System.Text;

namespace LeakFinder.Runtime.Input;

/// <summary>
/// Lines of a text reader, each cut at <see cref="MaxLineChars"/>: TextReader.ReadLine keeps a whole line
/// however long, so one 100 MB line of garbage took 669 MB. The rest of a cut line is read and dropped, and
/// the line is reported cut so the caller can warn. "\n", "\r\n" and "\r" end lines, as for ReadLine.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxLineChars = BoundedLineReader.MaxLineChars)
{
    /// <summary>No line of a gctrace log or a dump is near this long; one that is, is garbage.</summary>
    public const int MaxLineChars = 1 << 20;

    private readonly char[] _buffer = new char[64 << 10];
    private readonly StringBuilder _line = new();
    private int _at;
    private int _filled;

    /// <summary>The next line, or null at the end; <paramref name="cut"/> tells it was longer than the limit.</summary>
    public string? ReadLine(out bool cut)
    {
        _line.Clear();
        cut = false;
        var any = false;
        while (true)
        {
            if (_at == _filled)
            {
                _filled = reader.Read(_buffer, 0, _buffer.Length);
                _at = 0;
                if (_filled == 0) return any ? _line.ToString() : null;
            }
            any = true;
            var span = _buffer.AsSpan(_at, _filled - _at);
            var end = span.IndexOfAny('\n', '\r');
            var part = end < 0 ? span : span[..end];
            var room = maxLineChars - _line.Length;
            if (part.Length > room) cut = true;
            _line.Append(part[..Math.Min(part.Length, room)]);
            if (end < 0)
            {
                _at = _filled;
                continue;
            }
            _at += end + 1;
            if (span[end] == '\r') SkipNewlineAfterCarriageReturn();
            return _line.ToString();
        }
    }

    private void SkipNewlineAfterCarriageReturn()
    {
        if (_at == _filled)
        {
            _filled = reader.Read(_buffer, 0, _buffer.Length);
            _at = 0;
        }
        if (_at < _filled && _buffer[_at] == '\n') _at++;
    }
}
