namespace LeakFinder.Cli;

/// <summary>
/// How a check paces garbage collection: as Go's GOGC=100, a full collection whenever the heap has grown to
/// twice what the last full collection left alive (at least <see cref="Floor"/>). A check releases each
/// package's syntax trees and type information once its rules ran, so its live set stays a fraction of what it
/// allocates; but those trees live long enough to be promoted, and the runtime's own policy lets the old
/// generation fill with them for a long time before collecting it (peak RSS ~4x the live set on std). Pacing by
/// the live set keeps the peak near twice it, for a few full collections of a small heap.
/// LEAKFINDER_GC_PERCENT=N lets the heap grow N% over the live set instead of 100% (as GOGC=N): on std, 50 took
/// ~60 MiB off the peak for ~7% more CPU, 25 ~125 MiB for ~11% (JIT build, live set ~190 MiB).
/// LEAKFINDER_GC_BUDGET_MB=N instead defers collection until N MiB are allocated (the earlier policy, for
/// comparison: fastest while memory is plentiful); 0 leaves the runtime's own policy alone.
/// </summary>
public static class GcBudget
{
    private const long Floor = 64L << 20;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly long Growth = long.TryParse(Environment.GetEnvironmentVariable("LEAKFINDER_GC_PERCENT"), out var g) && g > 0 ? g : 100;

    public static void Defer()
    {
        if (Environment.GetEnvironmentVariable("LEAKFINDER_GC_BUDGET_MB") is { Length: > 0 } text)
        {
            if (long.TryParse(text, out var mb) && mb > 0) DeferUpTo(mb << 20);
            return;
        }
        new Thread(Pace) { IsBackground = true, Name = "leakfinder-gc-pacer" }.Start();
    }

    private static void Pace()
    {
        var target = Floor;
        var fullCollections = GC.CollectionCount(2);
        while (true)
        {
            Thread.Sleep(Interval);
            if (GC.CollectionCount(2) != fullCollections)
            {
                // The runtime collected on its own: pace from what that one left.
                fullCollections = GC.CollectionCount(2);
                target = NextTarget();
            }
            if (GC.GetTotalMemory(forceFullCollection: false) < target) continue;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            fullCollections = GC.CollectionCount(2);
            target = NextTarget();
        }
    }

    private static long NextTarget()
    {
        // The last full blocking collection's survivors: a younger collection's heap size counts the old
        // generation's garbage too.
        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var live = last.HeapSizeBytes - last.FragmentedBytes;
        return Math.Max(Floor, live + live * Growth / 100);
    }

    private static void DeferUpTo(long budget)
    {
        // The runtime caps the region's size; ask for less until it agrees.
        for (; budget >= 64L << 20; budget /= 2)
        {
            try
            {
                if (GC.TryStartNoGCRegion(budget)) return;
            }
            catch (ArgumentOutOfRangeException)
            {
                continue;
            }
            catch (InvalidOperationException)
            {
                return; // already in a region
            }
        }
    }
}
