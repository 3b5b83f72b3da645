using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes without decoding or allocating per line: a dump can be
/// hundreds of megabytes, and most of its lines are only looked at, never kept. Lines are handed out as
/// spans into one reusable buffer, valid until the next call.
/// </summary>
public sealed class LineScanner
{
    // Go never prints a line anywhere near this long; a longer one is garbage and is cut to this size.
    private const int MaxLineLength = 1 << 20;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineScanner(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(bufferSize, 4096)];
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed so far (for throughput figures).</summary>
    public long BytesRead { get; private set; }

    /// <summary>False when the last line returned was not terminated by a newline (the input was cut).</summary>
    public bool LastLineTerminated { get; private set; } = true;

    /// <summary>True when a line longer than the limit was cut; the caller may warn.</summary>
    public bool LastLineTooLong { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        LastLineTooLong = false;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                _start += newline + 1;
                LineNumber++;
                LastLineTerminated = true;
                return true;
            }
            if (_eof)
            {
                if (pending.IsEmpty) { line = default; return false; }
                line = TrimCarriageReturn(pending);
                _start = _end;
                LineNumber++;
                LastLineTerminated = false;
                return true;
            }
            if (pending.Length >= MaxLineLength)
            {
                // Hand out the first MaxLineLength bytes and drop the rest of the line.
                line = pending;
                SkipRestOfLine();
                LineNumber++;
                LastLineTooLong = true;
                LastLineTerminated = true;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineLength * 2));
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
        BytesRead += n;
    }

    private void SkipRestOfLine()
    {
        // The returned span points at the buffer start; keep it intact by skipping into a scratch read.
        _start = _end;
        var scratch = new byte[64 * 1024];
        if (_eof) return;
        while (true)
        {
            var n = _stream.Read(scratch, 0, scratch.Length);
            if (n == 0) { _eof = true; return; }
            BytesRead += n;
            var newline = scratch.AsSpan(0, n).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                // Keep what follows the newline for the next call: it goes after the returned line's bytes.
                var rest = n - newline - 1;
                EnsureTail(rest);
                Buffer.BlockCopy(scratch, newline + 1, _buffer, _end, rest);
                _start = _end;
                _end += rest;
                return;
            }
        }
    }

    private void EnsureTail(int extra)
    {
        if (_end + extra > _buffer.Length) Array.Resize(ref _buffer, _end + extra);
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
