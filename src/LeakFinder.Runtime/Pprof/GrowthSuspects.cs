using System.Globalization;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Pprof;

/// <summary>How much one source site's value changed between two profiles.</summary>
public sealed record SiteGrowth(SourceSite Site, long Growth, long ObjectGrowth, string Kind);

/// <summary>
/// Attributes the growth of a difference profile to the code responsible: each sample's change is charged
/// to its first frame from the leaf that is not the standard library or runtime (the user code that called
/// make, append, fmt.Sprintf or go), so the answer is `main.go:42 cacheResponse`, not runtime.mallocgc.
/// Samples whose stack is runtime only are charged to the leaf; runtime.malg (new goroutine stacks, whose
/// creating stack the runtime does not record) is reported as goroutine-stack growth.
/// </summary>
public static class GrowthSuspects
{
    public const int MaxSuspects = 10;

    public static IReadOnlyList<SiteGrowth> Attribute(PprofProfile growth, int index)
    {
        var objectsIndex = ObjectsIndexFor(growth, index);
        var bySite = new Dictionary<SourceSite, (long Value, long Objects, string Kind)>();
        foreach (var sample in growth.Samples)
        {
            var value = sample.Values[index];
            if (value == 0) continue;
            var (site, kind) = Blame(sample, growth.Kind);
            if (site is null) continue;
            bySite.TryGetValue(site, out var sum);
            bySite[site] = (sum.Value + value, sum.Objects + (objectsIndex >= 0 ? sample.Values[objectsIndex] : 0), kind);
        }
        return bySite.Select(p => new SiteGrowth(p.Key, p.Value.Value, p.Value.Objects, p.Value.Kind))
            .OrderByDescending(s => s.Growth).ThenBy(s => s.Site.ToString(), StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// One suspect per function that grew, ranked by growth: a function's sites (make at one line, the map
    /// insert at the next) are one leak, reported at its largest site with the others named in the reason.
    /// Score = share of all growth × a magnitude weight, so sampling noise of a few kB never ranks high.
    /// </summary>
    public static IReadOnlyList<LeakSuspect> Rank(PprofProfile growth, int index, IReadOnlyList<SiteGrowth> sites)
    {
        long positive = 0;
        foreach (var s in sites) if (s.Growth > 0) positive += s.Growth;
        if (positive == 0) return [];
        var type = growth.SampleTypes[index];
        var objectsType = ObjectsIndexFor(growth, index) is var oi and >= 0 ? growth.SampleTypes[oi] : null;
        var noise = NoiseScale(type.Unit, growth);

        var byFunction = sites.Where(s => s.Growth > 0)
            .GroupBy(s => (s.Site.Function, s.Kind))
            .Select(g => (Sites: g.OrderByDescending(s => s.Growth).ToArray(), Growth: g.Sum(s => s.Growth), Objects: g.Sum(s => s.ObjectGrowth)))
            .OrderByDescending(g => g.Growth).ThenBy(g => g.Sites[0].Site.ToString(), StringComparer.Ordinal);

        var allocated = AllocatedByFunction(growth, index);
        var suspects = new List<LeakSuspect>();
        foreach (var (functionSites, total, objects) in byFunction)
        {
            if (suspects.Count == MaxSuspects) break;
            var share = (double)total / positive;
            // Below the noise scale a "growth" is what heap sampling alone produces (a churning, bounded
            // cache shows a few sampled objects more or less each time), so it is no suspect at all.
            if (total <= noise) continue;
            // A function that keeps almost nothing of what it allocated is churning: its small in-use growth
            // is garbage caught in flight by the profile's last GC (a leak keeps most of what it allocates).
            if (allocated.TryGetValue(functionSites[0].Site.Function, out var alloc) && alloc > 0
                && total < ChurnRetention * alloc && total < ChurnCeiling * noise) continue;
            // One more object retained is a moment, not a trend: space growth must come with object growth.
            if (objectsType != null && objects < 2) continue;
            var magnitude = (double)total / (total + noise);
            var score = Math.Round(share * magnitude, 3);
            if (score < 0.01) continue;
            var top = functionSites[0];
            var objectText = objectsType != null && objects != 0
                ? $", {objects.ToString("+#;-#;0", CultureInfo.InvariantCulture)} {objectsType.Type}"
                : "";
            var others = functionSites.Length > 1
                ? $" (also lines {string.Join(", ", functionSites.Skip(1).Take(5).Select(s => s.Site.Line))})"
                : "";
            var reason = $"{type.Type} grew by {Measurement.Label(total, type.Unit, "auto")} " +
                         $"({Math.Round(share * 100).ToString(CultureInfo.InvariantCulture)}% of all growth){objectText} " +
                         $"in {top.Site.Function}{others}";
            suspects.Add(new LeakSuspect(top.Site, score, reason, top.Kind, EvidenceKind.ProfileDiff));
        }
        return suspects;
    }

    // Retained / allocated below this is churn (a serving loop's buffers: 0.17% in the healthy test program;
    // the leaking programs keep 100%), unless the growth is large in itself.
    private const double ChurnRetention = 0.01;
    private const double ChurnCeiling = 16;

    /// <summary>For an inuse_space diff of a heap profile: each function's alloc_space growth over the same window.</summary>
    private static Dictionary<string, long> AllocatedByFunction(PprofProfile growth, int index)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (growth.SampleTypes[index].Type != "inuse_space") return result;
        var allocIndex = -1;
        for (var i = 0; i < growth.SampleTypes.Count; i++)
            if (growth.SampleTypes[i].Type == "alloc_space") allocIndex = i;
        if (allocIndex < 0) return result;
        foreach (var site in Attribute(growth, allocIndex))
            result[site.Site.Function] = result.GetValueOrDefault(site.Site.Function) + site.Growth;
        return result;
    }

    /// <summary>
    /// The growth below which a change is noise: for sampled heap bytes two sampling periods (each sample
    /// stands for about one period of allocation, 512 KiB by default), at least 64 KiB; 10 ms of delay; 8 of
    /// a count (goroutines, objects, contentions).
    /// </summary>
    public static double NoiseScale(string unit, PprofProfile profile) => unit switch
    {
        "bytes" => Math.Max(64 * 1024, profile.PeriodType?.Unit == "bytes" ? 2.0 * profile.Period : 0),
        "nanoseconds" => 10e6,
        _ => 8,
    };

    private static (SourceSite? Site, string Kind) Blame(PprofSample sample, string profileKind)
    {
        string kind = profileKind switch
        {
            "heap" => "heap-growth",
            "goroutine" => "goroutine-growth",
            "contention" => "contention-growth",
            "cpu" => "cpu-growth",
            _ => profileKind + "-growth",
        };
        PprofLine? leaf = null;
        foreach (var location in sample.Locations)
            foreach (var line in location.Lines)
            {
                if (line.Function is not { } f) continue;
                leaf ??= line;
                if (!GoNames.IsStandardLibrary(f.Name)) return (SiteOf(line), kind);
            }
        if (leaf is not { Function: { } leafFunction } l) return (null, kind);
        if (leafFunction.Name == "runtime.malg") kind = "goroutine-stack-growth"; // new goroutine stacks
        return (SiteOf(l), kind);
    }

    private static SourceSite SiteOf(PprofLine line) => new(line.Function!.Name, line.Function.File, (int)line.Line);

    // In heap profiles the object count that goes with a space sample type (inuse_space → inuse_objects).
    private static int ObjectsIndexFor(PprofProfile profile, int index)
    {
        var type = profile.SampleTypes[index].Type;
        if (!type.EndsWith("_space")) return -1;
        var objects = type[..^"_space".Length] + "_objects";
        for (var i = 0; i < profile.SampleTypes.Count; i++)
            if (profile.SampleTypes[i].Type == objects) return i;
        return -1;
    }
}
