using System.Net;
using System.Net.Sockets;

namespace LeakFinder.Runtime.Tests.Input;

/// <summary>
/// An HttpListener on a free loopback port answering every request with one handler, for the URL inputs of
/// `dump` and `profile`. Requests are served until the server is disposed.
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<string> _paths = [];

    public LocalHttpServer(Func<HttpListenerContext, Task> handler)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                lock (_paths) _paths.Add(context.Request.Url!.PathAndQuery);
                // Each request on its own task: a handler that stalls must not block the next request.
                _ = Task.Run(async () =>
                {
                    try { await handler(context); }
                    catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
                });
            }
        });
    }

    /// <summary>A server that sends its headers and <paramref name="prefix"/> of a body, then stalls until
    /// <paramref name="release"/> completes: a live endpoint dying in the middle of a response.</summary>
    public static LocalHttpServer StallingAfter(byte[] prefix, Task release) => new(async context =>
    {
        context.Response.SendChunked = true;
        await context.Response.OutputStream.WriteAsync(prefix);
        await context.Response.OutputStream.FlushAsync();
        await release;
        context.Response.Close();
    });

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>The path and query of every request so far.</summary>
    public IReadOnlyList<string> Requests { get { lock (_paths) return [.. _paths]; } }

    /// <summary>A handler that sends a file's bytes with status 200.</summary>
    public static Func<HttpListenerContext, Task> ServeFile(string path) => async context =>
    {
        await using (var body = File.OpenRead(path)) await body.CopyToAsync(context.Response.OutputStream);
        context.Response.Close();
    };

    /// <summary>A port nothing listens on (free when asked; nothing else in the test binds it).</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        // Close after Stop looks the endpoint up again, and .NET's managed HttpListener binds a fresh socket to do
        // it: when a parallel test has taken the freed port meanwhile, that bind fails. The server is down either way.
        try { _listener.Close(); }
        catch (HttpListenerException) { }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
