namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Goroutines every healthy Go program has parked, which must never rank as leak suspects. Each rule
/// names what it recognises; the rules look at function names only, so they hold for every Go version.
/// </summary>
public static class BenignGoroutines
{
    /// <summary>Why a bucket is benign, or null when it may be a leak.</summary>
    public static string? Reason(WaitKind kind, IReadOnlyList<string> functions)
    {
        var hasUserFrame = false;
        var hasNonRuntimeFrame = false;
        foreach (var f in functions)
        {
            if (!GoNames.IsRuntime(f)) hasNonRuntimeFrame = true;
            if (!GoNames.IsStandardLibrary(f)) hasUserFrame = true;
        }

        // GC mark workers, bgsweep, bgscavenge, runfinq, forcegchelper, timerproc, ensureSigM...: no frame
        // outside the runtime, or a state only the runtime's own goroutines take.
        if (!hasNonRuntimeFrame || kind == WaitKind.RuntimeInternal) return "runtime worker";

        foreach (var f in functions)
        {
            // The goroutine that is writing this very dump (pprof.Lookup("goroutine").WriteTo, /debug/pprof).
            if (f.StartsWith("runtime/pprof.writeGoroutine", StringComparison.Ordinal) || f == "runtime/pprof.writeRuntimeProfile"
                || f.StartsWith("net/http/pprof.", StringComparison.Ordinal))
                return "goroutine writing the dump";
            if (f == "os/signal.signal_recv" || f == "os/signal.loop") return "signal handling";
            // One per listener: blocked in Accept, even when user code called ListenAndServe.
            if (f == "internal/poll.(*FD).Accept" || f.EndsWith("Listener).Accept", StringComparison.Ordinal) && f.StartsWith("net.", StringComparison.Ordinal))
                return "listener accept loop";
        }

        if (!hasUserFrame)
        {
            foreach (var f in functions)
            {
                // An idle keep-alive server connection waits for its next request in the server's own code;
                // a connection stuck in a handler has user frames and is not excused.
                if (f == "net/http.(*conn).serve" || f == "net/http.(*connReader).backgroundRead"
                    || f == "net/http.(*http2serverConn).serve" || f == "net/http.(*http2serverConn).readFrames")
                    return "idle HTTP server connection";
            }
        }

        // testing's own goroutines (the runner waiting in T.Run, the timeout alarm, synctest waiting for its
        // bubble) are parked in package testing itself; a test's goroutines are parked in the test's code.
        var firstNonRuntime = FirstNonRuntime(functions);
        if (firstNonRuntime != null && GoNames.PackageOf(firstNonRuntime) is "testing" or "testing/synctest") return "test framework";
        return null;
    }

    private static string? FirstNonRuntime(IReadOnlyList<string> functions)
    {
        foreach (var f in functions)
            if (!GoNames.IsRuntime(f)) return f;
        return null;
    }
}
