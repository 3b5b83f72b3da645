using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>Thresholds of the dump scoring; the defaults are documented in docs/json-output.md.</summary>
public sealed record DumpScoringOptions
{
    /// <summary>
    /// Goroutines parked at one site before it can be a suspect. Healthy programs park a worker pool there
    /// (usually GOMAXPROCS or a configured size, well under 32) and one goroutine per listener; a leak grows
    /// without bound. Operations on a nil channel are exempt: they block forever by construction.
    /// </summary>
    public int MinParked { get; init; } = 32;

    /// <summary>Running/runnable goroutines at one site need this many times MinParked (a spinning leak).</summary>
    public int RunningFactor { get; init; } = 4;

    /// <summary>Waits this long (minutes) in a blocking state add to the score.</summary>
    public int LongWaitMinutes { get; init; } = 10;

    public int VeryLongWaitMinutes { get; init; } = 60;
}

/// <summary>One suspect site of a dump with the evidence behind its score.</summary>
public sealed record DumpSuspect(LeakSuspect Suspect, long Goroutines, WaitKind Kind, int MaxWaitMinutes, Call? CreatedBy, IReadOnlyList<int> Buckets);

/// <summary>
/// Ranks the non-benign buckets of a dump, grouped by the site where their goroutines are stuck.
///
/// score = min(0.99, weight × (count part + bonuses)), where
///   count part = 0.5 + 0.25 × log10(count / MinParked), kept within [0.5, 0.9] (32 → 0.5, 320 → 0.75);
///   bonuses    = +0.05 when the wait is at least LongWaitMinutes, +0.1 at VeryLongWaitMinutes (blocking
///                states only), +0.05 when every goroutine there was created by one site outside the
///                standard library, +0.05 when the
///                site holds at least half of the dump's non-benign goroutines;
///   weight     = 1 for blocking waits (chan, select, mutex, WaitGroup, Cond, semaphore, IO) and for the
///                aggregated form (whose user frame is the wait site), 0.8 for sleep and other waits,
///                0.5 for running goroutines.
/// A site is a suspect only with count ≥ MinParked (≥ MinParked × RunningFactor when running), except
/// nil-channel waits, which are suspects from one goroutine on (count part 0.45 below MinParked).
/// </summary>
public static class SuspectScoring
{
    public const string Kind = "goroutine-leak";

    /// <summary>Count part of a nil-channel site below MinParked: certain, but small, so a larger leak still ranks first.</summary>
    private const double NilChanBase = 0.45;

    public static List<DumpSuspect> Rank(IReadOnlyList<StackBucket> buckets, DumpScoringOptions options)
    {
        var groups = new Dictionary<SourceSite, List<int>>();
        long nonBenign = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            if (b.BenignReason != null || b.Site == null) continue;
            nonBenign += b.Count;
            if (!groups.TryGetValue(b.Site, out var list)) groups[b.Site] = list = [];
            list.Add(i);
        }

        var suspects = new List<DumpSuspect>();
        foreach (var (site, indexes) in groups)
        {
            long count = 0;
            var maxWait = 0;
            var dominant = buckets[indexes[0]];
            Call? creator = dominant.CreatedBy;
            var oneCreator = creator != null;
            foreach (var i in indexes)
            {
                var b = buckets[i];
                count += b.Count;
                maxWait = Math.Max(maxWait, b.MaxWaitMinutes);
                if (b.Count > dominant.Count) dominant = b;
                if (b.CreatedBy == null || creator == null || !SameSite(b.CreatedBy, creator)) oneCreator = false;
            }
            // net/http creates every connection goroutine: one std creator says nothing about a leak.
            if (creator != null && GoNames.IsStandardLibrary(creator.Function)) oneCreator = false;
            var kind = dominant.Kind;
            var blocking = WaitKinds.IsBlocking(kind);
            var threshold = kind == WaitKind.Running ? (long)options.MinParked * options.RunningFactor : options.MinParked;
            if (kind != WaitKind.NilChan && count < threshold) continue;

            var countPart = Math.Clamp(0.5 + 0.25 * Math.Log10((double)count / threshold), 0.5, 0.9);
            if (kind == WaitKind.NilChan && count < threshold) countPart = NilChanBase;
            var bonus = 0.0;
            if (blocking && maxWait >= options.VeryLongWaitMinutes) bonus += 0.1;
            else if (blocking && maxWait >= options.LongWaitMinutes) bonus += 0.05;
            if (oneCreator) bonus += 0.05;
            if (nonBenign > 0 && count * 2 >= nonBenign) bonus += 0.05;
            var weight = blocking || kind == WaitKind.Unknown ? 1.0 : kind == WaitKind.Running ? 0.5 : 0.8;
            var score = Math.Round(Math.Min(0.99, weight * (countPart + bonus)), 3);

            var reason = Reason(count, kind, site, maxWait, oneCreator ? creator : null, dominant.Aggregated);
            suspects.Add(new DumpSuspect(new LeakSuspect(site, score, reason, Kind, EvidenceKind.GoroutineDump),
                count, kind, maxWait, oneCreator ? creator : null, indexes));
        }
        suspects.Sort((a, b) => a.Suspect.Score != b.Suspect.Score ? b.Suspect.Score.CompareTo(a.Suspect.Score) : b.Goroutines.CompareTo(a.Goroutines));
        return suspects;
    }

    private static bool SameSite(Call a, Call b) => a.Function == b.Function && a.File == b.File && a.Line == b.Line;

    private static string Reason(long count, WaitKind kind, SourceSite site, int maxWait, Call? creator, bool aggregated)
    {
        var what = kind switch
        {
            WaitKind.Unknown when aggregated => "parked",
            WaitKind.Running => "running",
            _ => "blocked in " + WaitKinds.Describe(kind),
        };
        var text = $"{count} goroutine{(count == 1 ? "" : "s")} {what} at {site.Function} ({Path.GetFileName(site.File)}:{site.Line})";
        if (maxWait > 0) text += $" for up to {maxWait} minute{(maxWait == 1 ? "" : "s")}";
        if (creator != null) text += $", all created by {creator.Function} ({Path.GetFileName(creator.File)}:{creator.Line})";
        return text;
    }
}
