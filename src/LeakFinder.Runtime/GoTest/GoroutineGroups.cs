using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.GoTest;

/// <summary>Reads the goroutine dumps found in test output with `leakfinder dump`'s reader and ranking.</summary>
public static class GoroutineGroups
{
    /// <summary>
    /// In a test one goroutine left behind is already a leak: no threshold of parked goroutines (dump's
    /// default of 32 is for long-running servers), running goroutines included.
    /// </summary>
    public static readonly DumpScoringOptions TestScoring = new() { MinParked = 1, RunningFactor = 1 };

    /// <summary>
    /// The dump's goroutines grouped by where they are stuck, ranked as `dump` ranks its suspects.
    /// <paramref name="keepBenign"/> keeps the goroutines `dump` would excuse (an idle HTTP connection, say)
    /// after the ranked ones: leakcheck already filtered what it reports, so each of its goroutines counts;
    /// in a timeout dump the testing framework's own goroutines are excused.
    /// </summary>
    public static List<GoroutineGroup> Read(string dump, string source, bool keepBenign, out long total)
    {
        var analysis = DumpAnalyzer.AnalyzeText(dump, source, TestScoring);
        total = analysis.TotalGoroutines;
        var groups = new List<GoroutineGroup>();
        var covered = new HashSet<int>();
        foreach (var s in analysis.Suspects)
        {
            var first = analysis.Buckets[s.Buckets[0]];
            covered.UnionWith(s.Buckets);
            groups.Add(new GoroutineGroup(s.Goroutines, s.Kind, first.State, s.Suspect.Site, first.CreatedBy, first.Stack));
        }
        if (keepBenign)
        {
            for (var i = 0; i < analysis.Buckets.Count; i++)
            {
                if (covered.Contains(i)) continue;
                var b = analysis.Buckets[i];
                groups.Add(new GoroutineGroup(b.Count, b.Kind, b.State, b.Site ?? StackBucketer.StuckSite(b.Stack), b.CreatedBy, b.Stack));
            }
        }
        return groups;
    }
}
