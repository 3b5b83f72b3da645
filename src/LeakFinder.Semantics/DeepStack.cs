using System.Runtime.ExceptionServices;

namespace LeakFinder.Semantics;

/// <summary>
/// Parallel loops on threads with large stacks. Real code has expressions thousands of levels deep (std's
/// time/tzdata/zipdata.go concatenates 7,098 string constants) and the checker and rules walk them
/// recursively: a thread-pool thread's 1.5 MB stack overflows, and a stack overflow kills the process.
/// </summary>
public static class DeepStack
{
    /// <summary>Reserved, not committed: untouched pages cost nothing.</summary>
    public const int StackBytes = 512 << 20;

    /// <summary>Runs one piece of work on a thread with a large stack and returns its result.</summary>
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ForEach([work], w => result = w());
        return result;
    }

    public static void ForEach<T>(IReadOnlyList<T> items, Action<T> body, CancellationToken cancel = default)
    {
        if (items.Count == 0) return;
        var next = -1;
        Exception? failure = null;
        var threads = new Thread[Math.Min(Environment.ProcessorCount, items.Count)];
        for (var t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                while (Volatile.Read(ref failure) == null)
                {
                    var k = Interlocked.Increment(ref next);
                    if (k >= items.Count) return;
                    try
                    {
                        cancel.ThrowIfCancellationRequested();
                        body(items[k]);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                    }
                }
            }, StackBytes) { IsBackground = true, Name = "leakfinder-deep-stack" };
            threads[t].Start();
        }
        foreach (var thread in threads) thread.Join();
        if (failure != null) ExceptionDispatchInfo.Throw(failure);
    }
}
