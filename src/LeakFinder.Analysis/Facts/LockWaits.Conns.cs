namespace LeakFinder.Analysis.Facts;

internal static partial class LockWaits
{
    /// <summary>
    /// A read from a conn the package keeps in a field (<see cref="ConnClasses"/>) under a lock, by a function that never
    /// writes to that conn itself (a read loop), when every function writing to it (a Call sending its request) takes the
    /// lock first, itself or in every caller. The peer of a request/response protocol answers only what it was sent, so
    /// the read waits for a request that waits for the lock: a client whose read loop locks before decoding the next
    /// response, while Call locks to encode the request. A function that writes its request and then reads the answer
    /// under one lock (a synchronous exchange) is not such a wait.
    /// </summary>
    private static LockWait? ConnRead(IReadOnlyList<LockFlow> flows, LockFlow reader, LockBlocking b, CallSites callSites, IReadOnlySet<string> written)
    {
        if (b.Target.Class is not { } conn || reader.Signals.Exists(s => s.Class == conn)) return null;
        var writers = flows.Where(f => !ReferenceEquals(f.Function, reader.Function) && f.Signals.Exists(s => s.Class == conn)).ToList();
        if (writers.Count == 0) return null;
        return HeldLockAllTake(b, writers, BlockingKind.ChannelReceive, conn, callSites, written, takenBefore: new HashSet<Syntax.Ast.Node>(ReferenceEqualityComparer.Instance))
            is var (held, at, via)
            ? new LockWait(b, held, writers[0].Name, at, writers.Count) { UnblockerFunction = writers[0].Function, CalledUnder = via }
            : null;
    }
}
