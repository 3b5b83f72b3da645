using System.Runtime;
using LeakFinder.Check.Pipeline;

namespace LeakFinder.Cli;

/// <summary>
/// How a check paces garbage collection: as Go's GOGC=100, a full collection whenever the heap has grown to
/// twice what the last full collection left alive (at least <see cref="GcPacing.Floor"/>). A check releases each
/// package's syntax trees and type information once its rules ran, so its live set stays a fraction of what it
/// allocates; but those trees live long enough to be promoted, and the runtime's own policy lets the old
/// generation fill with them for a long time before collecting it (peak RSS ~4x the live set on std). Pacing by
/// the live set keeps the peak near twice it, for a few full collections of a small heap.
/// Two more bounds matter when the live set is large (one package of a million lines: ~1 GB live, so the full
/// target is never reached): a young collection after every <see cref="GcPacing.YoungBytes"/> allocated, where
/// the runtime's own gen0 budget under server GC is ~127 MiB (all of it on top of the live set at the peak), once
/// the live set is large enough for that to matter (<see cref="GcPacing.YoungFloor"/>); and a
/// compaction of the large-object heap when holes (the arrays a growing dictionary left behind) are a large part
/// of it, since that heap is otherwise never compacted. The settings are in <see cref="GcPacing"/>.
/// </summary>
public static class GcBudget
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    public static void Defer()
    {
        var pacing = GcPacing.FromEnvironment(Environment.GetEnvironmentVariable);
        if (pacing.DeferBytes is { } budget)
        {
            if (budget > 0) DeferUpTo(budget);
            return;
        }
        new Thread(() => Pace(pacing)) { IsBackground = true, Name = "leakfinder-gc-pacer" }.Start();
    }

    private static void Pace(GcPacing pacing)
    {
        var target = GcPacing.Floor;
        long live = 0;
        var fullCollections = GC.CollectionCount(2);
        var collections = GC.CollectionCount(0);
        var allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
        while (true)
        {
            Thread.Sleep(Interval);
            if (GC.CollectionCount(2) != fullCollections)
            {
                // The runtime collected on its own: pace from what that one left.
                fullCollections = GC.CollectionCount(2);
                (live, target) = AfterFullCollection(pacing);
            }
            if (GC.CollectionCount(0) != collections)
            {
                collections = GC.CollectionCount(0);
                allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
            }
            if (GC.GetTotalMemory(forceFullCollection: false) >= target)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                fullCollections = GC.CollectionCount(2);
                (live, target) = AfterFullCollection(pacing);
            }
            else if (pacing.PacesYoung(live) && GC.GetTotalAllocatedBytes() - allocatedAtLastCollection >= pacing.YoungBytes)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            }
            else continue;
            collections = GC.CollectionCount(0);
            allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
        }
    }

    private static (long Live, long Target) AfterFullCollection(GcPacing pacing)
    {
        // The last full blocking collection's survivors: a younger collection's heap size counts the old
        // generation's garbage too.
        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var largeObjects = last.GenerationInfo[3];
        if (pacing.CompactLargeObjects(largeObjects.SizeAfterBytes, largeObjects.FragmentationAfterBytes))
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        var live = last.HeapSizeBytes - last.FragmentedBytes;
        return (live, pacing.FullTarget(live));
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
