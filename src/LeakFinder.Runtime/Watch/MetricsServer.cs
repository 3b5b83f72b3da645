using System.Collections.Specialized;
using System.Net;

namespace LeakFinder.Runtime.Watch;

/// <summary>
/// The one HTTP server of `watch --listen ADDR` (host:port, or :port for every interface): /metrics for
/// Prometheus and the dashboard, both answered by the handler (see <see cref="Dashboard"/>), one request at a time.
/// </summary>
public sealed class MetricsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, NameValueCollection, HttpReply> _handle;
    private readonly Thread _thread;

    public string Prefix { get; }

    public MetricsServer(string address, Func<string, NameValueCollection, HttpReply> handle)
    {
        _handle = handle;
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
            throw new Input.InputException($"--listen: '{address}' is not HOST:PORT or :PORT");
        var host = address[..colon];
        Prefix = $"http://{(host.Length == 0 ? "+" : host)}:{port}/";
        _listener.Prefixes.Add(Prefix);
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new Input.InputException($"--listen {address}: cannot listen: {e.Message}", e);
        }
        _thread = new Thread(Serve) { IsBackground = true, Name = "metrics" };
        _thread.Start();
    }

    private void Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = _listener.GetContext(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try
            {
                var response = context.Response;
                var reply = _handle(context.Request.Url?.AbsolutePath ?? "/", context.Request.QueryString);
                response.StatusCode = reply.Status;
                response.ContentType = reply.ContentType;
                if (reply.FileName != null) response.AddHeader("Content-Disposition", $"attachment; filename=\"{reply.FileName}\"");
                response.ContentLength64 = reply.Body.Length;
                response.OutputStream.Write(reply.Body);
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The scraper hung up; serve the next one.
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
