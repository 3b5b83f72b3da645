namespace LeakFinder.Runtime.Input;

/// <summary>
/// Fetches an http(s) URL of a live endpoint (/debug/pprof/goroutine, /debug/pprof/heap, ...) as a stream read
/// as it arrives. Shared by `dump` and `profile` so both report the same errors: <c>url: message</c>.
/// </summary>
public static class HttpInput
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// GETs <paramref name="url"/>; the stream owns the response. <paramref name="timeout"/> is one deadline for
    /// the whole fetch, headers and body: a per-read timeout lets a server dripping a byte a second hold the
    /// command forever, and HttpClient's own timeout ends with the headers.
    /// </summary>
    public static Stream Open(string url, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var deadline = new CancellationTokenSource(limit);
        try
        {
            var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                response.Dispose();
                throw new InputException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            return new OwningStream(response.Content.ReadAsStream(deadline.Token), response, client, deadline, limit);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            client.Dispose();
            deadline.Dispose();
            var why = e is TaskCanceledException ? $"no response within {limit.TotalSeconds:0.###} s" : e.Message;
            throw new InputException($"{url}: cannot fetch: {why}", e);
        }
        catch (InputException)
        {
            client.Dispose();
            deadline.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Keeps the response and client alive as long as their body stream is read; a read still waiting when the
    /// deadline passes fails as an IOException, which readers treat as a dropped connection (a dump keeps what
    /// arrived, a profile is refused).
    /// </summary>
    private sealed class OwningStream(Stream inner, IDisposable response, IDisposable client, CancellationTokenSource deadline, TimeSpan limit) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => ReadWithin(buffer.AsMemory(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                var n = ReadWithin(rented.AsMemory(0, buffer.Length));
                rented.AsSpan(0, n).CopyTo(buffer);
                return n;
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private int ReadWithin(Memory<byte> buffer)
        {
            try
            {
                return inner.ReadAsync(buffer, deadline.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException e)
            {
                throw new IOException($"no complete response within {limit.TotalSeconds:0.###} s (--timeout raises the limit)", e);
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { inner.Dispose(); response.Dispose(); client.Dispose(); deadline.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
