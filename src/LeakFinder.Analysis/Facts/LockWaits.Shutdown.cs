using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

internal static partial class LockWaits
{
    /// <summary>
    /// `srv.Shutdown(ctx)` under a lock, ctx never done (<see cref="HttpServers"/>): Shutdown returns only once every
    /// handler in flight has returned. Unlike a channel, which any one unblocker can serve, the wait needs every
    /// handler: one handler of the server taking a held lock (on any path, directly or in a callee) is enough, since a
    /// request it is serving when Shutdown starts waits for that lock, and Shutdown for the request (a configuration
    /// reload restarting the listener under the lock its status handler reads the configuration with). Handlers are
    /// the ones the package shows the server running; a lock no handler takes, or a server whose handlers are not
    /// known, is no such wait.
    /// </summary>
    private static LockWait? ServerShutdown(IReadOnlyList<LockFlow> flows, LockBlocking b, IReadOnlySet<string> written, HttpServers servers)
    {
        if (servers.HandlersOf(b.Target) is not { Count: > 0 } handlers) return null;
        var serving = flows.Where(f => handlers.Contains(f.Function)).ToList();
        foreach (var held in b.Held)
        {
            if (LockPaths.OrderClass(held.Path) is not { } cls || LockPaths.IsOnceDo(held.LockedAt)) continue;
            var mode = Excluding(held.Mode, cls, written);
            var locking = serving.Select(f => (Flow: f, At: TakesAnywhere(f, cls, mode))).Where(x => x.At != null).ToList();
            if (locking.Count > 0)
                return new LockWait(b, held, locking[0].Flow.Name, locking[0].At!, locking.Count) { UnblockerFunction = locking[0].Flow.Function };
        }
        return null;
    }

    /// <summary>Where f takes a lock of the class (a read lock only against a held write lock), itself, in a callee or in a
    /// deferred call; null when it never does.</summary>
    private static Node? TakesAnywhere(LockFlow f, string cls, LockMode mode)
    {
        foreach (var (c, at, m) in f.Acquired)
            if (c == cls && !(mode == LockMode.Read && m == LockMode.Read)) return at;
        foreach (var (c, at, m) in f.DeferredAcquired)
            if (c == cls && !(mode == LockMode.Read && m == LockMode.Read)) return at;
        return null;
    }
}
