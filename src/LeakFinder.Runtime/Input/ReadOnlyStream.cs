namespace LeakFinder.Runtime.Input;

/// <summary>
/// A forward-only, read-only stream: subclasses implement <see cref="Read(Span{byte})"/> and nothing else.
/// The readers wrap their inputs in several such layers (limits, replayed sniffed heads, gzip error mapping,
/// file ranges); this is the one place that says "no seeking, no writing" for all of them. An inner stream
/// given here is disposed with the wrapper.
/// </summary>
public abstract class ReadOnlyStream(Stream? inner = null) : Stream
{
    protected Stream? Inner { get; } = inner;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Inner?.Dispose();
        base.Dispose(disposing);
    }
}
