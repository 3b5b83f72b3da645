using System.IO.Compression;

namespace LeakFinder.Runtime.Input;

/// <summary>
/// An input opened for reading with its first bytes looked at: gzip is decoded (whatever the file is called:
/// Go gzips profiles, and some proxies gzip bodies), the decoded bytes are capped by
/// <see cref="InputLimits.MaxBytes"/>, and <see cref="Head"/> tells what the content is. Readers decide from
/// content, never from names.
/// </summary>
public sealed class SniffedInput : IDisposable
{
    public const int HeadBytes = 64 << 10;

    private SniffedInput(Stream stream, byte[] head, bool gzipped)
    {
        Stream = stream;
        Head = head;
        Gzipped = gzipped;
    }

    /// <summary>The whole content, decoded, from its first byte (the head is replayed).</summary>
    public Stream Stream { get; }

    /// <summary>Up to the first 64 KiB of the decoded content.</summary>
    public byte[] Head { get; }

    public bool Gzipped { get; }

    public static SniffedInput Open(Stream raw, string name, InputLimits limits)
    {
        var limited = new LimitedStream(raw, name, limits.MaxBytes);
        var head = ReadHead(limited, out var rest);
        if (!IsGzip(head)) return new SniffedInput(rest, head, gzipped: false);
        Stream decoded = new LimitedStream(new GZipStream(rest, CompressionMode.Decompress), name, limits.MaxBytes, decompressed: true);
        decoded = new GzipErrors(decoded, name);
        var decodedHead = ReadHead(decoded, out var decodedRest);
        return new SniffedInput(decodedRest, decodedHead, gzipped: true);
    }

    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    /// <summary>Go's execution trace (runtime/trace, /debug/pprof/trace) starts "go 1.N trace\0\0\0".</summary>
    public static bool IsExecutionTrace(ReadOnlySpan<byte> head) =>
        head.StartsWith("go 1."u8) && head[..Math.Min(head.Length, 16)].IndexOf(" trace\0"u8) > 0;

    /// <summary>
    /// Text as Go and log pipelines write it holds no NUL and almost no other C0 control bytes; protobuf,
    /// traces and compressed data are full of them.
    /// </summary>
    public static bool IsBinary(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0) return true;
        var controls = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\v' or 0x1b)) controls++;
        return controls > 0 && controls * 20 > head.Length; // more than 5%
    }

    // A read that fails inside the head (a dropped connection, a deadline) fails again after the head is
    // replayed, where the reader expects it, instead of before the reader exists.
    private static byte[] ReadHead(Stream stream, out Stream whole)
    {
        var buffer = new byte[HeadBytes];
        var filled = 0;
        IOException? failure = null;
        try
        {
            for (int n; filled < buffer.Length && (n = stream.Read(buffer, filled, buffer.Length - filled)) > 0;) filled += n;
        }
        catch (IOException e)
        {
            failure = e;
        }
        var head = buffer.AsSpan(0, filled).ToArray();
        whole = new ReplayStream(head, stream, failure);
        return head;
    }

    public void Dispose() => Stream.Dispose();

    /// <summary>The head already read, then the rest of the stream.</summary>
    private sealed class ReplayStream(byte[] head, Stream rest, IOException? failure) : ReadOnlyStream(rest)
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            if (_at < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _at);
                head.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }
            if (failure != null) throw new IOException(failure.Message, failure);
            return Inner!.Read(buffer);
        }
    }

    /// <summary>Corrupt gzip data is the input's fault: an <see cref="InputException"/>, not an internal error.</summary>
    private sealed class GzipErrors(Stream inner, string name) : ReadOnlyStream(inner)
    {

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner!.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InputException($"{name}: corrupt gzip data ({e.Message})", e);
            }
        }
    }
}
