using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>How one stack signature changed between two dumps. Bucket is its largest bucket in the newer dump (or the older when gone).</summary>
public sealed record BucketGrowth(string Signature, long OldCount, long NewCount, StackBucket Bucket)
{
    public long Growth => NewCount - OldCount;
}

public sealed record DumpDiffResult(DumpAnalysis Old, DumpAnalysis New, IReadOnlyList<BucketGrowth> Changes, IReadOnlyList<DumpSuspect> Suspects);

/// <summary>
/// `leakfinder dump --diff OLD NEW`: matches buckets of two dumps by stack signature and ranks those that grew.
/// The signature is the frames' functions and file:line with leading runtime frames and runtime.goexit
/// left out, and without state or creator: the aggregated ?debug=1 form hides leading runtime frames and
/// prints no state, and a goroutine that moves between chan receive and select at one site is still the
/// same leak. So a ?debug=1 dump diffs against a ?debug=2 or SIGQUIT dump of the same binary.
/// </summary>
public static class DumpDiff
{
    /// <summary>A site must have grown by at least this many goroutines to be a diff suspect.</summary>
    public const int MinGrowth = 10;

    public static DumpDiffResult Compare(DumpAnalysis older, DumpAnalysis newer)
    {
        var oldCounts = Totals(older.Buckets);
        var newCounts = Totals(newer.Buckets);
        var changes = new List<BucketGrowth>();
        foreach (var (signature, (count, bucket)) in newCounts)
        {
            var before = oldCounts.TryGetValue(signature, out var o) ? o.Count : 0;
            if (count != before) changes.Add(new BucketGrowth(signature, before, count, bucket));
        }
        foreach (var (signature, (count, bucket)) in oldCounts)
            if (!newCounts.ContainsKey(signature)) changes.Add(new BucketGrowth(signature, count, 0, bucket));
        changes.Sort((a, b) => a.Growth != b.Growth ? b.Growth.CompareTo(a.Growth) : b.NewCount.CompareTo(a.NewCount));
        return new DumpDiffResult(older, newer, changes, Suspects(changes));
    }

    public static string Signature(IReadOnlyList<Call> stack)
    {
        var sb = new System.Text.StringBuilder();
        var leading = true;
        foreach (var call in stack)
        {
            if (call.Function == "runtime.goexit") continue;
            if (leading && GoNames.IsRuntime(call.Function)) continue;
            leading = false;
            sb.Append(call.Function).Append(' ').Append(call.File).Append(':').Append(call.Line).Append('\n');
        }
        return sb.ToString();
    }

    private static Dictionary<string, (long Count, StackBucket Bucket)> Totals(IReadOnlyList<StackBucket> buckets)
    {
        var totals = new Dictionary<string, (long Count, StackBucket Bucket)>();
        foreach (var b in buckets)
        {
            var signature = Signature(b.Stack);
            totals[signature] = totals.TryGetValue(signature, out var t)
                ? (t.Count + b.Count, t.Bucket.Count >= b.Count ? t.Bucket : b)
                : (b.Count, b);
        }
        return totals;
    }

    // Growth per stuck site, benign buckets excluded: score 0.5 at MinGrowth, +0.25 per tenfold growth,
    // +0.1 when the site at least doubled; capped at 0.99.
    private static List<DumpSuspect> Suspects(List<BucketGrowth> changes)
    {
        var bySite = new Dictionary<SourceSite, (long Old, long New, StackBucket Bucket)>();
        foreach (var c in changes)
        {
            if (c.Bucket.BenignReason != null || c.Bucket.Site is not { } site) continue;
            bySite[site] = bySite.TryGetValue(site, out var s) ? (s.Old + c.OldCount, s.New + c.NewCount, s.Bucket) : (c.OldCount, c.NewCount, c.Bucket);
        }
        var suspects = new List<DumpSuspect>();
        foreach (var (site, (before, after, bucket)) in bySite)
        {
            var growth = after - before;
            if (growth < MinGrowth) continue;
            var score = Math.Clamp(0.5 + 0.25 * Math.Log10((double)growth / MinGrowth), 0.5, 0.89);
            if (after >= 2 * Math.Max(before, 1)) score += 0.1;
            score = Math.Round(Math.Min(0.99, score), 3);
            var reason = $"goroutines at {site.Function} ({Path.GetFileName(site.File)}:{site.Line}) grew by {growth}, from {before} to {after}"
                + (bucket.Kind is WaitKind.Unknown ? "" : $", {WaitKinds.Describe(bucket.Kind)}");
            suspects.Add(new DumpSuspect(new LeakSuspect(site, score, reason, SuspectScoring.Kind, EvidenceKind.GoroutineDumpDiff),
                growth, bucket.Kind, bucket.MaxWaitMinutes, bucket.CreatedBy, []));
        }
        suspects.Sort((a, b) => a.Suspect.Score != b.Suspect.Score ? b.Suspect.Score.CompareTo(a.Suspect.Score) : b.Goroutines.CompareTo(a.Goroutines));
        return suspects;
    }
}
