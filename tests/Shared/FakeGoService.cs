using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LeakFinder.Tests.Shared;

/// <summary>
/// An in-process stand-in for a Go service's net/http/pprof and expvar endpoints on 127.0.0.1, serving a real
/// ?debug=1 goroutine dump (testdata/dumps/go1.19.8-debug1.txt) whose main.leakySend group holds 40 goroutines
/// plus <see cref="LeakPerSecond"/> more every second, a real heap profile, and /debug/vars memstats whose NumGC
/// climbs. <see cref="GoDown"/> closes the port (connections refused) until <see cref="ComeBack"/>;
/// <see cref="Restart"/> starts the counters over like a restarted process.
/// </summary>
public sealed class FakeGoService : IDisposable
{
    private static readonly string DumpTemplate = File.ReadAllText(RepoPaths.Combine("testdata", "dumps", "go1.19.8-debug1.txt"));
    private static readonly byte[] Heap = File.ReadAllBytes(RepoPaths.Combine("testdata", "profiles", "heap1.pb.gz"));

    private readonly object _gate = new();
    private HttpListener _listener;
    private DateTime _startedAt = DateTime.UtcNow;
    private long _gcs;
    private readonly Thread _thread;
    private volatile bool _disposed;

    public double LeakPerSecond { get; set; }
    public int Port { get; }
    public string PprofUrl => $"http://127.0.0.1:{Port}/debug/pprof";
    public string VarsUrl => $"http://127.0.0.1:{Port}/debug/vars";
    public int Requests;

    public FakeGoService(double leakPerSecond)
    {
        LeakPerSecond = leakPerSecond;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener = Listen();
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public int Leaked => (int)((DateTime.UtcNow - _startedAt).TotalSeconds * LeakPerSecond);

    private HttpListener Listen()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        return listener;
    }

    public void GoDown()
    {
        lock (_gate) _listener.Close();
    }

    public void ComeBack()
    {
        lock (_gate) _listener = Listen();
    }

    public void Restart()
    {
        lock (_gate)
        {
            _startedAt = DateTime.UtcNow;
            _gcs = 0;
        }
    }

    private void Serve()
    {
        while (!_disposed)
        {
            HttpListener listener;
            lock (_gate) listener = _listener;
            HttpListenerContext context;
            try
            {
                context = listener.GetContext();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                Thread.Sleep(20); // closed: down, or being disposed
                continue;
            }
            Interlocked.Increment(ref Requests);
            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client hung up; the next request is served as usual.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        byte[] body;
        if (path == "/debug/pprof/goroutine") body = Encoding.UTF8.GetBytes(Dump());
        else if (path == "/debug/pprof/heap") body = Heap;
        else if (path == "/debug/vars") body = Encoding.UTF8.GetBytes(Vars());
        else
        {
            context.Response.StatusCode = 404;
            context.Response.Close();
            return;
        }
        context.Response.ContentLength64 = body.Length;
        context.Response.OutputStream.Write(body);
        context.Response.Close();
    }

    private string Dump()
    {
        var leaking = 40 + Leaked;
        return DumpTemplate.Replace("goroutine profile: total 55", $"goroutine profile: total {55 - 40 + leaking}", StringComparison.Ordinal)
            .Replace("\n40 @ ", $"\n{leaking} @ ", StringComparison.Ordinal);
    }

    private string Vars()
    {
        long gcs;
        lock (_gate) gcs = ++_gcs;
        var heap = 50_000_000 + Leaked * 1_000_000L;
        return $"{{\"cmdline\":[\"fake\"],\"memstats\":{{\"HeapInuse\":{heap},\"HeapAlloc\":{heap - 1_000_000},\"NumGC\":{gcs},\"PauseTotalNs\":{gcs * 50_000},\"Sys\":{heap * 2},\"HeapReleased\":0}}}}";
    }

    public void Dispose()
    {
        _disposed = true;
        lock (_gate) _listener.Close();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
