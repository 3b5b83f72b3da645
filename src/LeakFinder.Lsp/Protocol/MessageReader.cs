using System.Text;

namespace LeakFinder.Lsp.Protocol;

/// <summary>The stream broke the base protocol's framing so badly that no later message can be found in it.</summary>
public sealed class FramingException(string message) : Exception(message);

/// <summary>One framed message: its body, or why the body was skipped (too large) while the stream stays usable.</summary>
public sealed record FramedMessage(byte[]? Body, string? SkippedBecause);

/// <summary>
/// Reads the LSP base protocol: header lines ("Content-Length: N", optionally "Content-Type: ...") ending in an
/// empty line, then N bytes of JSON. Reads are buffered and tolerate a stream that hands out one byte at a time.
/// A body over <see cref="MaxBodyBytes"/> is read past and reported, not held in memory; headers we cannot make
/// sense of leave no way to find the next message, so they throw <see cref="FramingException"/>.
/// </summary>
public sealed class MessageReader(Stream input, int maxBodyBytes = MessageReader.DefaultMaxBodyBytes)
{
    /// <summary>64 MiB: far above any Go file an editor sends, far below what would hurt the machine.</summary>
    public const int DefaultMaxBodyBytes = 64 << 20;
    private const int MaxHeaderBytes = 8192;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public int MaxBodyBytes => maxBodyBytes;

    /// <summary>The next message, or null at the end of the stream between messages.</summary>
    public async Task<FramedMessage?> ReadAsync(CancellationToken cancel = default)
    {
        var headers = await ReadHeadersAsync(cancel);
        if (headers == null) return null;
        var length = ContentLength(headers);
        if (length > maxBodyBytes)
        {
            await SkipAsync(length, cancel);
            return new FramedMessage(null, $"message of {length} bytes is over the limit of {maxBodyBytes}");
        }
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && !await FillAsync(cancel))
                throw new FramingException($"the stream ended {length - filled} bytes short of a {length}-byte message");
            var n = Math.Min(length - filled, _end - _start);
            Array.Copy(_buffer, _start, body, filled, n);
            _start += n;
            filled += n;
        }
        return new FramedMessage(body, null);
    }

    private static int ContentLength(List<string> headers)
    {
        int? length = null;
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':');
            if (colon <= 0) throw new FramingException($"malformed header line \"{Printable(header)}\" (want \"Name: value\")");
            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                throw new FramingException($"Content-Length \"{Printable(value)}\" is not a non-negative whole number that fits in 32 bits");
            length = n;
        }
        return length ?? throw new FramingException("a message header has no Content-Length");
    }

    // Header lines up to the empty line; null when the stream ends before any byte of a new message.
    private async Task<List<string>?> ReadHeadersAsync(CancellationToken cancel)
    {
        var lines = new List<string>();
        var consumed = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline < 0)
            {
                if (_end - _start + consumed > MaxHeaderBytes) throw new FramingException($"message headers longer than {MaxHeaderBytes} bytes");
                if (!await FillAsync(cancel))
                {
                    if (lines.Count == 0 && _start == _end) return null;
                    throw new FramingException("the stream ended inside message headers");
                }
                continue;
            }
            var lineEnd = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
            var line = Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start);
            consumed += newline + 1 - _start;
            _start = newline + 1;
            if (line.Length == 0)
            {
                if (lines.Count == 0) continue; // a stray blank line between messages
                return lines;
            }
            lines.Add(line);
        }
    }

    private async Task SkipAsync(int length, CancellationToken cancel)
    {
        var left = length;
        while (left > 0)
        {
            if (_start == _end && !await FillAsync(cancel)) throw new FramingException($"the stream ended inside a {length}-byte message");
            var n = Math.Min(left, _end - _start);
            _start += n;
            left -= n;
        }
    }

    // Moves what is unread to the front of the buffer and reads more after it; false at the end of the stream.
    private async Task<bool> FillAsync(CancellationToken cancel)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new FramingException($"message headers longer than {MaxHeaderBytes} bytes");
        var n = await input.ReadAsync(_buffer.AsMemory(_end), cancel);
        _end += n;
        return n > 0;
    }

    private static string Printable(string s)
    {
        var cut = s.Length > 60 ? s[..60] + "..." : s;
        return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
