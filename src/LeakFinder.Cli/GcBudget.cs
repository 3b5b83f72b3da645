namespace LeakFinder.Cli;

/// <summary>
/// Defers garbage collection during a check, up to a memory budget, as GOGC=off with a GOMEMLIMIT would.
/// A check only accumulates (syntax trees, types, CFGs and facts live until the report), so collecting
/// early frees nothing and copies everything: on std, collections were a third of the run's CPU. Past the
/// budget the runtime ends the region with a collection and manages memory as usual from there.
/// The budget: LEAKFINDER_GC_BUDGET_MB when set (0 turns deferral off), else a quarter of the memory the
/// process may use (cgroup limits included), at most 4 GiB.
/// </summary>
public static class GcBudget
{
    private const long MaxBudget = 4L << 30;

    public static void Defer()
    {
        var budget = Budget();
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

    private static long Budget()
    {
        if (Environment.GetEnvironmentVariable("LEAKFINDER_GC_BUDGET_MB") is { Length: > 0 } text)
            return long.TryParse(text, out var mb) && mb > 0 ? mb << 20 : 0;
        return Math.Min(MaxBudget, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
    }
}
