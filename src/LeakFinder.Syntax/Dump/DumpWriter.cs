using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LeakFinder.Syntax.Dump;

/// <summary>Where a dump's bytes go, a chunk at a time: a stream (stdout, memory) or a hash.</summary>
internal interface IDumpSink
{
    void Write(ReadOnlySpan<byte> chunk);
}

internal sealed class StreamSink(Stream stream) : IDumpSink
{
    public void Write(ReadOnlySpan<byte> chunk) => stream.Write(chunk);
}

/// <summary>SHA-256 of everything written, as tools/astdump -hash prints it (lowercase hex).</summary>
internal sealed class Sha256Sink : IDumpSink, IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Write(ReadOnlySpan<byte> chunk) => _hash.AppendData(chunk);

    public string HexDigest() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}

/// <summary>
/// The byte-level half of the canonical AST dump (docs/ast-dump.md): the format's primitives
/// (indentation, line:col positions, quoting) written as UTF-8 through a small buffer into a sink. The
/// dump is streamed because its size is quadratic in the nesting depth (indentation): a 54 KB file of
/// 3,000 nested interface types dumps to 2 GB. Positions are resolved unadjusted against one
/// <see cref="TokenFile"/>, with a one-line cache because a dump visits positions mostly in source
/// order, so the line table's binary search is rarely needed.
/// </summary>
internal sealed class DumpWriter : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly IDumpSink _sink;
    private byte[] _buf;
    private int _len;
    private readonly TokenFile? _file; // null: a tree without a file prints every position as "-"
    private int _line = -1; // cached line (1-based) and its [start, end) offsets
    private int _lineStart, _lineEnd;

    public DumpWriter(TokenFile? file, IDumpSink sink)
    {
        _file = file;
        _sink = sink;
        _buf = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    }

    /// <summary>Hands what is buffered to the sink; call once at the end.</summary>
    public void Flush()
    {
        if (_len > 0) _sink.Write(_buf.AsSpan(0, _len));
        _len = 0;
    }

    public void Dispose()
    {
        var buf = _buf;
        _buf = [];
        if (buf.Length > 0) ArrayPool<byte>.Shared.Return(buf);
    }

    private Span<byte> Reserve(int n)
    {
        if (_len + n > _buf.Length)
        {
            Flush();
            if (n > _buf.Length)
            {
                // One item longer than the buffer (deep indentation, a huge literal).
                ArrayPool<byte>.Shared.Return(_buf);
                _buf = ArrayPool<byte>.Shared.Rent(n);
            }
        }
        return _buf.AsSpan(_len, n);
    }

    public void Byte(byte b)
    {
        if (_len == _buf.Length) Flush();
        _buf[_len++] = b;
    }

    public void Ascii(string s)
    {
        var dst = Reserve(s.Length);
        for (var i = 0; i < s.Length; i++) dst[i] = (byte)s[i];
        _len += s.Length;
    }

    public void Utf8(ReadOnlySpan<byte> s)
    {
        s.CopyTo(Reserve(s.Length));
        _len += s.Length;
    }

    public void NewLine() => Byte((byte)'\n');

    public void Indent(int depth)
    {
        var dst = Reserve(2 * depth);
        dst.Fill((byte)' ');
        _len += 2 * depth;
    }

    public void Int(int v)
    {
        var dst = Reserve(11);
        v.TryFormat(dst, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        _len += n;
    }

    /// <summary>line:col of the unadjusted position, or "-" for NoPos or a position outside the file.</summary>
    public void Pos(Pos p)
    {
        if (_file is null || !p.IsValid || !_file.Contains(p))
        {
            Byte((byte)'-');
            return;
        }
        var offset = p.Value - _file.Base;
        if (offset < _lineStart || offset >= _lineEnd) FindLine(offset);
        Int(_line);
        Byte((byte)':');
        Int(offset - _lineStart + 1);
    }

    private void FindLine(int offset)
    {
        var file = _file!;
        _line = file.RawLine(offset);
        _lineStart = file.LineStart(_line).Value - file.Base;
        _lineEnd = _line < file.LineCount ? file.LineStart(_line + 1).Value - file.Base : int.MaxValue;
    }

    /// <summary>The node range "pos..end".</summary>
    public void Range(Pos pos, Pos end)
    {
        Pos(pos);
        Byte((byte)'.');
        Byte((byte)'.');
        Pos(end);
    }

    /// <summary>
    /// s in double quotes with the format's escapes: \\ \" \n \r \t, other C0 controls and DEL as \xNN,
    /// U+0085 U+2028 U+2029 as \uNNNN, everything else as UTF-8. A lone surrogate (which valid UTF-8
    /// source cannot produce) is written as U+FFFD.
    /// </summary>
    public void Quoted(string s)
    {
        Byte((byte)'"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"': Byte((byte)'\\'); Byte((byte)'"'); break;
                    case '\\': Byte((byte)'\\'); Byte((byte)'\\'); break;
                    case '\n': Byte((byte)'\\'); Byte((byte)'n'); break;
                    case '\r': Byte((byte)'\\'); Byte((byte)'r'); break;
                    case '\t': Byte((byte)'\\'); Byte((byte)'t'); break;
                    default:
                        if (c < 0x20 || c == 0x7f) HexByte(c);
                        else Byte((byte)c);
                        break;
                }
                continue;
            }
            int rune = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                rune = char.ConvertToUtf32(c, s[++i]);
            else if (char.IsSurrogate(c))
                rune = 0xFFFD;
            if (rune == 0x85 || rune == 0x2028 || rune == 0x2029)
            {
                Ascii("\\u");
                Ascii(rune.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            var dst = Reserve(4);
            _len += new Rune(rune).EncodeToUtf8(dst);
        }
        Byte((byte)'"');
    }

    private void HexByte(int b)
    {
        const string hex = "0123456789abcdef";
        Byte((byte)'\\');
        Byte((byte)'x');
        Byte((byte)hex[b >> 4]);
        Byte((byte)hex[b & 0xf]);
    }
}
