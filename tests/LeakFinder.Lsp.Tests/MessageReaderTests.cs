using System.Text;
using LeakFinder.Lsp.Protocol;

namespace LeakFinder.Lsp.Tests;

public class MessageReaderTests
{
    private static byte[] Frame(string json) => Encoding.UTF8.GetBytes($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

    private static async Task<List<string>> ReadAll(Stream stream, int limit = MessageReader.DefaultMaxBodyBytes)
    {
        var reader = new MessageReader(stream, limit);
        var bodies = new List<string>();
        while (await reader.ReadAsync() is { } m) bodies.Add(m.Body != null ? Encoding.UTF8.GetString(m.Body) : "skipped: " + m.SkippedBecause);
        return bodies;
    }

    [Fact]
    public async Task Reads_messages_handed_out_one_byte_at_a_time()
    {
        var bytes = Frame("{\"a\":\"é\"}").Concat(Frame("{\"b\":2}")).ToArray();
        Assert.Equal(["{\"a\":\"é\"}", "{\"b\":2}"], await ReadAll(new TrickleStream(bytes, chunk: 1)));
    }

    [Fact]
    public async Task Reads_several_messages_delivered_in_one_buffer()
    {
        var bytes = Frame("{\"n\":1}").Concat(Frame("{\"n\":2}")).Concat(Frame("{\"n\":3}")).ToArray();
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], await ReadAll(new MemoryStream(bytes)));
    }

    [Fact]
    public async Task Accepts_a_content_type_header_and_any_case_of_content_length()
    {
        var bytes = Encoding.UTF8.GetBytes("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
        Assert.Equal(["{}"], await ReadAll(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("Content-Type: x\r\n\r\n{}", "no Content-Length")]
    [InlineData("Content-Length: abc\r\n\r\n{}", "not a non-negative whole number")]
    [InlineData("Content-Length: -5\r\n\r\n{}", "not a non-negative whole number")]
    [InlineData("Content-Length: 99999999999\r\n\r\n{}", "fits in 32 bits")]
    [InlineData("garbage without colon\r\n\r\n{}", "malformed header line")]
    [InlineData("Content-Length: 10\r\n\r\n{}", "ended 8 bytes short")]
    [InlineData("Content-Length: 2\r\n", "ended inside message headers")]
    public async Task Rejects_headers_that_hide_where_the_next_message_starts(string input, string why)
    {
        var e = await Assert.ThrowsAsync<FramingException>(() => ReadAll(new MemoryStream(Encoding.ASCII.GetBytes(input))));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public async Task Rejects_endless_headers_instead_of_buffering_them()
    {
        var input = Encoding.ASCII.GetBytes("X-Padding: " + new string('x', 100_000));
        var e = await Assert.ThrowsAsync<FramingException>(() => ReadAll(new MemoryStream(input)));
        Assert.Contains("headers longer than", e.Message);
    }

    [Fact]
    public async Task Skips_a_body_over_the_limit_and_goes_on_with_the_next_message()
    {
        var big = "{\"x\":\"" + new string('y', 5000) + "\"}";
        var bytes = Frame(big).Concat(Frame("{\"ok\":true}")).ToArray();
        var bodies = await ReadAll(new TrickleStream(bytes, chunk: 333), limit: 1000);
        Assert.Equal(2, bodies.Count);
        Assert.StartsWith("skipped: message of 5008 bytes is over the limit of 1000", bodies[0]);
        Assert.Equal("{\"ok\":true}", bodies[1]);
    }

    [Fact]
    public async Task An_empty_stream_is_a_clean_end()
    {
        Assert.Empty(await ReadAll(new MemoryStream()));
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as a pipe may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(chunk, count), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
