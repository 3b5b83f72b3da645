using System.Net;
using System.Text;

namespace LeakFinder.Runtime.Watch;

/// <summary>Serves GET /metrics (Prometheus text format) on ADDR (host:port, or :port for every interface) while the watch runs.</summary>
public sealed class MetricsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string> _render;
    private readonly Thread _thread;

    public string Prefix { get; }

    public MetricsServer(string address, Func<string> render)
    {
        _render = render;
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
                if (context.Request.Url?.AbsolutePath != "/metrics")
                {
                    response.StatusCode = 404;
                    response.Close();
                    continue;
                }
                var body = Encoding.UTF8.GetBytes(_render());
                response.ContentType = PrometheusExposition.ContentType;
                response.ContentLength64 = body.Length;
                response.OutputStream.Write(body);
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
