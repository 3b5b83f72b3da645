namespace LeakFinder.Runtime.Goroutines;

/// <summary>Input that cannot be read at all (missing file, refused connection, HTTP error).</summary>
public sealed class DumpInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Opens what the user named: a file, "-" for standard input, or an http(s) URL of a live
/// /debug/pprof/goroutine endpoint (asked for ?debug=2, the full form, when the URL names no debug level).
/// The stream is read as it arrives; nothing is buffered whole.
/// </summary>
public static class DumpInput
{
    public static Stream Open(string source, TimeSpan? timeout = null)
    {
        if (source == "-") return Console.OpenStandardInput();
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return OpenUrl(WithDebugLevel(source), timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            return new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DumpInputException($"{source}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>The name warnings use for the source ("&lt;stdin&gt;" for "-").</summary>
    public static string DisplayName(string source) => source == "-" ? "<stdin>" : source;

    public static string WithDebugLevel(string url)
    {
        var uri = new Uri(url);
        var query = uri.Query.TrimStart('?');
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            if (part.StartsWith("debug=", StringComparison.Ordinal)) return url;
        var builder = new UriBuilder(uri) { Query = query.Length == 0 ? "debug=2" : query + "&debug=2" };
        return builder.Uri.ToString();
    }

    private static Stream OpenUrl(string url, TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        try
        {
            var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw new DumpInputException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return new OwningStream(response.Content.ReadAsStream(), response, client);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            client.Dispose();
            throw new DumpInputException($"{url}: cannot fetch: {e.Message}", e);
        }
    }

    /// <summary>Keeps the response and client alive as long as their body stream is read.</summary>
    private sealed class OwningStream(Stream inner, IDisposable response, IDisposable client) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { inner.Dispose(); response.Dispose(); client.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
