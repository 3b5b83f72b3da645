using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Watch;

/// <summary>A goroutine dump and heap profile of a pprof target at one moment, raw (for the database) and parsed.</summary>
public sealed record Evidence(DateTimeOffset At, byte[] Dump, DumpAnalysis DumpAnalysis, byte[]? Heap, PprofProfile? HeapProfile);

/// <summary>
/// The evidence behind an alert: a goroutine dump and a heap profile taken when the watch starts (the baseline)
/// and again on a trip, diffed with the very functions `dump --diff` and `profile --base` use, so the alert
/// names the stack group and allocation site that grew.
/// </summary>
public static class EvidenceCapture
{
    public static Evidence Capture(WatchTarget target, PollLimits limits)
    {
        var url = target.GoroutineUrl(1);
        var dump = TargetReader.Fetch(url, limits);
        var analysis = TargetReader.AnalyzeDump(dump, url, limits);
        byte[]? heap = null;
        PprofProfile? profile = null;
        try
        {
            heap = TargetReader.Fetch(target.HeapUrl, limits);
            profile = ProfileAnalysis.Read(new MemoryStream(heap), target.HeapUrl, limits.MaxBytes);
        }
        catch (Exception e) when (e is InputException or PprofFormatException)
        {
            // The goroutine diff still names a site without the heap profile.
            heap = null;
        }
        return new Evidence(DateTimeOffset.UtcNow, dump, analysis, heap, profile);
    }

    /// <summary>What grew from <paramref name="baseline"/> to <paramref name="now"/>: the top stack group and the top allocation site, as far as known.</summary>
    public static IReadOnlyList<string> Growing(Evidence baseline, Evidence now)
    {
        var found = new List<string>();
        var dumps = DumpDiff.Compare(baseline.DumpAnalysis, now.DumpAnalysis);
        if (dumps.Suspects.Count > 0) found.Add(dumps.Suspects[0].Suspect.Reason);
        else if (dumps.Changes.FirstOrDefault(c => c.Growth > 0) is { } top)
            found.Add($"goroutines at {TargetReader.GroupLabel(top.Bucket)} grew by {top.Growth}, from {top.OldCount} to {top.NewCount}");
        if (baseline.HeapProfile != null && now.HeapProfile != null)
        {
            try
            {
                var heap = ProfileAnalysis.Diff(baseline.HeapProfile, now.HeapProfile);
                if (heap.Suspects.Count > 0 && heap.Suspects[0] is var top)
                    found.Add(top.Site is { } site ? $"{top.Reason} ({Path.GetFileName(site.File)}:{site.Line})" : top.Reason);
            }
            catch (PprofFormatException)
            {
                // Profiles of different shapes (the target restarted into another binary): no heap verdict.
            }
        }
        return found;
    }
}
