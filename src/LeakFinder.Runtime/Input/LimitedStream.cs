namespace LeakFinder.Runtime.Input;

/// <summary>
/// Passes reads through until <see cref="InputLimits.MaxBytes"/> bytes, then throws
/// <see cref="InputLimitException"/>: an endless body or a gzip bomb stops at the limit instead of at the
/// machine's memory or the heat death of the universe.
/// </summary>
public sealed class LimitedStream(Stream inner, string name, long maxBytes, bool decompressed = false) : ReadOnlyStream(inner)
{
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        // Ask for one byte past the limit at most: reaching it exactly is allowed, going over is not.
        var allowed = (int)Math.Min(buffer.Length, maxBytes - _read + 1);
        var n = Inner!.Read(buffer[..allowed]);
        _read += n;
        if (_read > maxBytes)
            throw new InputLimitException($"{name}: more than {InputLimits.Megabytes(maxBytes)}{(decompressed ? " once decompressed" : "")}; " +
                                          "--max-input-mb raises the limit");
        return n;
    }
}
