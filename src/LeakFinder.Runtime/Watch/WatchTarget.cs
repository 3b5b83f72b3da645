namespace LeakFinder.Runtime.Watch;

public enum TargetKind
{
    /// <summary>The base URL of net/http/pprof (…/debug/pprof): goroutine profile and heap profile.</summary>
    Pprof,
    /// <summary>expvar's /debug/vars: memstats.</summary>
    Expvar,
    /// <summary>A local process read from /proc: RSS, descriptors, threads.</summary>
    Process,
}

/// <summary>One thing `watch` polls, as the user named it (that name is its key in the database).</summary>
public sealed record WatchTarget(string Name, TargetKind Kind, string? BaseUrl, int Pid)
{
    /// <summary>
    /// `http://host:6060/debug/pprof` (or any URL not ending in /debug/vars) is a pprof base, `…/debug/vars`
    /// expvar, `pid:N` a local process. Anything else is an InputException that says what is accepted.
    /// </summary>
    public static WatchTarget Parse(string text)
    {
        if (text.StartsWith("pid:", StringComparison.Ordinal))
        {
            if (int.TryParse(text.AsSpan(4), System.Globalization.NumberStyles.None, null, out var pid) && pid > 0)
                return new WatchTarget(text, TargetKind.Process, null, pid);
            throw new Input.InputException($"{text}: expected pid:N with N a process id");
        }
        if (Input.HttpInput.IsUrl(text) && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            var path = uri.AbsolutePath.TrimEnd('/');
            var baseUrl = text.TrimEnd('/');
            if (path.EndsWith("/debug/vars", StringComparison.Ordinal)) return new WatchTarget(text, TargetKind.Expvar, baseUrl, 0);
            // A bare host means the default mux's pprof path.
            if (path.Length == 0) baseUrl += "/debug/pprof";
            return new WatchTarget(text, TargetKind.Pprof, baseUrl, 0);
        }
        throw new Input.InputException($"{text}: not a target: give a /debug/pprof base URL, a /debug/vars URL or pid:N");
    }

    public string GoroutineUrl(int debug) => $"{BaseUrl}/goroutine?debug={debug}";
    public string HeapUrl => $"{BaseUrl}/heap";
}
