namespace LeakFinder.Check.Pipeline;

/// <summary>
/// The settings the CLI's GcBudget paces a check's garbage collection by, read from the environment (unset, empty or not a
/// number: the default):
/// - LEAKFINDER_GC_PERCENT=N: a full collection when the heap has grown N% over the live set (as GOGC=N; default
///   100). On std, 50 took ~20 MiB off the peak for ~5-10% more CPU (JIT build, live set ~85 MiB).
/// - LEAKFINDER_GC_YOUNG_MB=N: once the live set is over <see cref="YoungFloor"/>, a young (gen0) collection after
///   every N MiB allocated without one (default 32; 0 leaves it to the runtime). On a 1M-line file (live set ~1 GB)
///   32 took ~140 MiB off the peak; on std (live set ~85 MiB) it took ~20 MiB for ~20% more CPU, hence the floor.
/// - LEAKFINDER_GC_BUDGET_MB=N: no pacing; collection deferred until N MiB are allocated (the earlier policy, for
///   comparison: fastest while memory is plentiful); 0 leaves the runtime's own policy alone.
/// </summary>
public sealed record GcPacing(long Growth, long YoungBytes, long? DeferBytes)
{
    /// <summary>The smallest heap a full collection is paced at: below it collecting buys nothing.</summary>
    public const long Floor = 64L << 20;

    private const long DefaultYoungMiB = 32;

    /// <summary>The live set from which young collections are paced: below it the full collections come often enough.</summary>
    public const long YoungFloor = 256L << 20;

    // Holes in the large-object heap worth a compaction: both this much and a quarter of that heap.
    private const long LargeObjectHolesWorthCompacting = 32L << 20;

    public static GcPacing FromEnvironment(Func<string, string?> env)
    {
        long? Setting(string name, long min) => long.TryParse(env(name), out var v) && v >= min ? v : null;
        return new GcPacing(
            Growth: Setting("LEAKFINDER_GC_PERCENT", 1) ?? 100,
            YoungBytes: (Setting("LEAKFINDER_GC_YOUNG_MB", 0) ?? DefaultYoungMiB) << 20,
            DeferBytes: env("LEAKFINDER_GC_BUDGET_MB") is { Length: > 0 } ? (Setting("LEAKFINDER_GC_BUDGET_MB", 0) ?? 0) << 20 : null);
    }

    /// <summary>The heap size at which the next full collection is due, given what the last one left alive.</summary>
    public long FullTarget(long live) => Math.Max(Floor, live + live * Growth / 100);

    /// <summary>Whether young collections are paced, given what the last full collection left alive.</summary>
    public bool PacesYoung(long live) => YoungBytes > 0 && live >= YoungFloor;

    /// <summary>Whether the large-object heap has enough holes after a full collection to compact it in the next one.</summary>
    public bool CompactLargeObjects(long size, long holes) => holes >= LargeObjectHolesWorthCompacting && holes * 4 >= size;
}
