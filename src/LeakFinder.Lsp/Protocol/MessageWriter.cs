using System.Text;

namespace LeakFinder.Lsp.Protocol;

/// <summary>Writes framed messages; safe to call from several threads (diagnostics are published from analysis tasks).</summary>
public sealed class MessageWriter(Stream output)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task WriteAsync(byte[] body, CancellationToken cancel = default)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _lock.WaitAsync(cancel);
        try
        {
            await output.WriteAsync(header, cancel);
            await output.WriteAsync(body, cancel);
            await output.FlushAsync(cancel);
        }
        finally
        {
            _lock.Release();
        }
    }
}
