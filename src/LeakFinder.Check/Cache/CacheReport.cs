namespace LeakFinder.Check.Cache;

/// <summary>Which root packages a run took from the cache and which it analysed (import paths, in load order).</summary>
public sealed record CacheReport(IReadOnlyList<string> Hits, IReadOnlyList<string> Analysed)
{
    /// <summary>The run used no cache.</summary>
    public static CacheReport Off { get; } = new([], []);

    public bool Enabled => !ReferenceEquals(this, Off);

    /// <summary>--verbose's lines: the counts, then each package analysed when some were not (on a cold run
    /// the list would be every package).</summary>
    public IEnumerable<string> Describe(CacheOptions? options)
    {
        if (!Enabled || options == null) yield break;
        yield return $"cache: {Hits.Count} hit{(Hits.Count == 1 ? "" : "s")}, {Analysed.Count} analysed ({options.Directory})";
        if (Hits.Count == 0) yield break;
        foreach (var p in Analysed) yield return $"cache: analysed {p}";
    }

    public CacheReport Union(CacheReport other) =>
        !Enabled ? other : !other.Enabled ? this : new([.. Hits, .. other.Hits], [.. Analysed, .. other.Analysed]);
}
