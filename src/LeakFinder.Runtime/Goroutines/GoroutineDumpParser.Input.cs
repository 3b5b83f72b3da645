using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// How text reaches the parser: whole blocks of lines, from a stream read in 1 MiB pieces or from text
/// already in memory, cut into lines with <see cref="NewlineMask"/> without decoding or allocating per line.
/// </summary>
public sealed partial class GoroutineDumpParser
{
    /// <summary>
    /// Lines this long or longer are cut to this size, with a warning: Go never prints a stack line anywhere
    /// near it, so such a line is garbage. It is also the stream buffer's size: a full buffer without a
    /// newline holds such a line.
    /// </summary>
    public const int MaxLineLength = 1 << 20;

    private long _lineNumber;
    private bool _lastLineCutInGoroutine;

    /// <summary>Reads the whole stream, handing each goroutine to the sink as soon as it is complete.</summary>
    public DumpInfo Parse(Stream input)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLineLength);
        var filled = 0;
        var readFailed = false;
        try
        {
            while (true)
            {
                var n = input.Read(buffer, filled, MaxLineLength - filled);
                if (n == 0) break;
                _info.Bytes += n;
                filled = ReadCompleteLines(input, buffer, filled + n);
            }
        }
        catch (IOException e)
        {
            // A live endpoint that drops the connection: keep what arrived, as for a truncated file.
            Warn(_lineNumber, "read failed, dump treated as truncated: " + e.Message);
            readFailed = true;
        }
        if (filled > 0) ReadLastLine(buffer.AsSpan(0, filled));
        ArrayPool<byte>.Shared.Return(buffer);
        return Finish(readFailed);
    }

    /// <summary>Reads text held whole in memory.</summary>
    public DumpInfo Parse(ReadOnlySpan<byte> text)
    {
        _info.Bytes += text.Length;
        var consumed = ReadLines(text);
        if (consumed < text.Length) ReadLastLine(text[consumed..]);
        return Finish(readFailed: false);
    }

    // Reads the lines complete in buffer[..filled], keeps the unfinished rest at the start of the buffer and
    // returns its length. A buffer full of one unfinished line is cut and the rest of that line skipped.
    private int ReadCompleteLines(Stream input, byte[] buffer, int filled)
    {
        while (true)
        {
            var consumed = ReadLines(buffer.AsSpan(0, filled));
            if (consumed > 0 || filled < MaxLineLength)
            {
                if (consumed > 0) buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                return filled - consumed;
            }
            ReadLine(buffer, 0, MaxLineLength);
            filled = SkipRestOfLine(input, buffer);
        }
    }

    // Drops input up to the next newline; what follows it is put at the buffer's start, its length returned.
    private int SkipRestOfLine(Stream input, byte[] buffer)
    {
        while (true)
        {
            var n = input.Read(buffer, 0, MaxLineLength);
            if (n == 0) return 0;
            _info.Bytes += n;
            var newline = buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (newline < 0) continue;
            buffer.AsSpan(newline + 1, n - newline - 1).CopyTo(buffer);
            return n - newline - 1;
        }
    }

    /// <summary>Reads every newline-terminated line of <paramref name="block"/>; returns the bytes they span.</summary>
    // Written as one loop over locals (not an enumerator struct) so the line bounds stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: the loop over every line of a dump
    private int ReadLines(ReadOnlySpan<byte> block)
    {
        var start = 0;
        var chunk = 0;
        for (; chunk <= block.Length - NewlineMask.Width; chunk += NewlineMask.Width)
        {
            for (var newlines = NewlineMask.At(block, chunk); newlines != 0; newlines &= newlines - 1)
            {
                var end = chunk + BitOperations.TrailingZeroCount(newlines);
                ReadLine(block, start, end);
                start = end + 1;
            }
        }
        // The last bytes, fewer than a mask's width.
        while (true)
        {
            var from = Math.Max(start, chunk);
            var newline = block[from..].IndexOf((byte)'\n');
            if (newline < 0) return start;
            ReadLine(block, start, from + newline);
            start = from + newline + 1;
        }
    }

    // The input's last line had no newline: the dump was cut, possibly inside a goroutine (which the line
    // may even have ended: "main.run(" no longer reads as a call).
    private void ReadLastLine(ReadOnlySpan<byte> line)
    {
        _lastLineCutInGoroutine = _open;
        ReadLine(line, 0, line.Length);
    }

    /// <summary>Reads block[start..end], a line without its '\n'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReadLine(ReadOnlySpan<byte> block, int start, int end)
    {
        _lineNumber++;
        if (end - start >= MaxLineLength)
        {
            Warn(_lineNumber, "line longer than 1 MiB, cut");
            end = start + MaxLineLength;
        }
        else if (end > start && block[end - 1] == (byte)'\r')
        {
            end--;
        }
        if (_logged) ReadLogged(block[start..end], _lineNumber);
        else Dispatch(block[start..end], _lineNumber);
    }

    private DumpInfo Finish(bool readFailed)
    {
        while (_candidate != null) DropCandidate(); // the input ended before a candidate form was decided
        if (_form != null) FinishLogged();
        // A cut shows as a goroutine still expecting a line, or as a last line without its newline.
        var cutInGoroutine = _open && (readFailed || _state is State.AfterHeader or State.AfterCall or State.AfterCreatedBy)
            || _lastLineCutInGoroutine;
        if (cutInGoroutine)
        {
            _info.Truncated = true;
            var what = _record.Aggregated ? "a stack record" : $"goroutine {_record.Id}";
            Warn(_lineNumber, $"input ends inside {what}: the dump is truncated; read up to the cut");
        }
        if (readFailed) _info.Truncated = true;
        Flush(_lineNumber);
        _info.Lines = _lineNumber;
        if (_info.DeclaredTotal >= 0 && !_info.Truncated)
            CheckDeclaredTotal(_lineNumber);
        return _info;
    }
}
