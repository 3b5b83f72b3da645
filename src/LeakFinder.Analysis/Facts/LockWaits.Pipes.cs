namespace LeakFinder.Analysis.Facts;

internal static partial class LockWaits
{
    /// <summary>
    /// A write into an io.Pipe (<see cref="PipeClasses"/>) under a lock. The pipe's reader may stop reading at any time
    /// (a client that goes away), so what ends the write for good is a close of either end. When every other function
    /// of the package closing the pipe takes the held lock's class before its first close (a Detach that removes the
    /// writer from the broadcaster's list, under the broadcaster's lock, before it closes the pipe), a reader that stops
    /// and closes waits for the lock, and the writer for the reader. A close before the lock (the fix: close the read end,
    /// then remove) ends the write, and nothing is reported.
    /// </summary>
    private static LockWait? PipeWrite(IReadOnlyList<LockFlow> flows, LockFlow writer, LockBlocking b, IReadOnlySet<string> written)
    {
        if (b.Target.Class is not { } pipe) return null;
        // The one a message names first: a closer of this pipe alone (a Detach) rather than one closing every writer of a list in a loop.
        var closers = flows.Where(f => !ReferenceEquals(f.Function, writer.Function) && f.Signals.Exists(s => s.Class == pipe))
            .OrderBy(f => f.Signals.Exists(s => s.Class == pipe && s.Loop == null) ? 0 : 1).ToList();
        if (closers.Count == 0) return null;
        return FirstHeldAllTake(b, closers, written, (f, cls, mode) => LockedBeforeEveryClose(f, pipe, cls, mode) is { } at ? (at, null) : null) is var (held, first, _)
            ? new LockWait(b, held, closers[0].Name, first, closers.Count) { UnblockerFunction = closers[0].Function }
            : null;
    }

    /// <summary>Where f takes a lock of the class (excluding a reader of a read lock) before every close of the pipe it
    /// makes (a deferred close runs at the return, after it); null when one close may come first.</summary>
    private static Syntax.Ast.Node? LockedBeforeEveryClose(LockFlow f, string pipe, string cls, LockMode mode)
    {
        foreach (var (c, at, m) in f.Acquired)
        {
            if (c != cls || mode == LockMode.Read && m == LockMode.Read) continue;
            var pos = at.Pos().Value;
            if (f.Signals.TrueForAll(s => s.Class != pipe || s.Deferred || pos < s.End)) return at;
        }
        return null;
    }
}
