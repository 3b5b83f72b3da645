namespace LeakFinder.Runtime.Pprof;

/// <summary>What a top report shows; the defaults are `go tool pprof -top` with no trimming by fraction.</summary>
public sealed record TopOptions
{
    /// <summary>Sample type name (inuse_space, alloc_objects, delay...) or index; null = the profile's default.</summary>
    public string? SampleIndex { get; init; }
    public Granularity Granularity { get; init; } = Granularity.Functions;
    /// <summary>Order by cumulative value (`-cum`) instead of flat.</summary>
    public bool CumSort { get; init; }
    /// <summary>Rows to keep (`-nodecount`); 0 keeps all.</summary>
    public int NodeCount { get; init; } = 20;
    /// <summary>Nodes whose |cum| is below this fraction of the total are dropped first (`-nodefraction`).</summary>
    public double NodeFraction { get; init; }
    /// <summary>Unit values print in: "minimum" picks one as pprof does, or B, kB, MB, ns, ms, s...</summary>
    public string Unit { get; init; } = "minimum";
}

/// <summary>One row of a top report.</summary>
public sealed record TopRow(string Name, string InlineLabel, long Flat, long Cum, NodeKey Key);

/// <summary>
/// pprof's top report (report.TextItems over newTrimmedGraph): the call graph of one sample type,
/// optionally cut to nodes above a fraction of the total, sorted by |flat| (or |cum|), then name, and cut
/// to the first N; the trimmed graph is rebuilt so inline labels reflect only the nodes kept.
/// </summary>
public sealed class TopReport
{
    public required ValueType SampleType { get; init; }
    public required TopOptions Options { get; init; }
    /// <summary>Sum of |value| over all samples: what percentages are relative to.</summary>
    public required long Total { get; init; }
    public required IReadOnlyList<TopRow> Rows { get; init; }
    /// <summary>Nodes after the fraction cut and before the count cut ("Showing top N nodes out of M").</summary>
    public required int NodesBeforeCount { get; init; }
    public required int DroppedByFraction { get; init; }
    /// <summary>The unit values print in, resolved from <see cref="TopOptions.Unit"/>.</summary>
    public required string OutputUnit { get; init; }

    public long FlatSum => Rows.Sum(r => r.Flat);

    public static TopReport Build(PprofProfile profile, TopOptions options)
    {
        var index = profile.SampleIndex(options.SampleIndex);
        long total = 0;
        foreach (var sample in profile.Samples) total += Math.Abs(sample.Values[index]);

        var nodes = CallGraph.Build(profile, index, options.Granularity);
        var dropped = 0;
        var cutoff = Math.Abs((long)(total * options.NodeFraction));
        if (cutoff > 0)
        {
            var kept = new HashSet<NodeKey>();
            foreach (var n in nodes) if (Math.Abs(n.Cum) >= cutoff) kept.Add(n.Key);
            if (kept.Count != nodes.Count)
            {
                dropped = nodes.Count - kept.Count;
                nodes = CallGraph.Build(profile, index, options.Granularity, kept);
            }
        }
        var before = nodes.Count;
        Sort(nodes, options.CumSort);
        if (options.NodeCount > 0 && nodes.Count > options.NodeCount)
        {
            var kept = new HashSet<NodeKey>();
            for (var i = 0; i < options.NodeCount; i++) kept.Add(nodes[i].Key);
            nodes = CallGraph.Build(profile, index, options.Granularity, kept);
            Sort(nodes, options.CumSort);
        }

        var sampleType = profile.SampleTypes[index];
        var unit = options.Unit == "minimum"
            ? Measurement.SelectOutputUnit(nodes.Select(n => (n.Flat, n.Cum)), total, sampleType.Unit)
            : options.Unit;
        return new TopReport
        {
            SampleType = sampleType,
            Options = options,
            Total = total,
            Rows = nodes.Select(n => new TopRow(n.Key.PrintableName, n.InlineLabel, n.Flat, n.Cum, n.Key)).ToArray(),
            NodesBeforeCount = before,
            DroppedByFraction = dropped,
            OutputUnit = unit,
        };
    }

    /// <summary>pprof's FlatNameOrder / CumNameOrder.</summary>
    private static void Sort(List<GraphNode> nodes, bool cum)
    {
        // Names are computed once: PrintableName builds a string and sorting compares O(n log n) times.
        var names = new Dictionary<GraphNode, string>(nodes.Count);
        foreach (var n in nodes) names[n] = n.Key.PrintableName;
        nodes.Sort((l, r) =>
        {
            long lv = Math.Abs(cum ? l.Cum : l.Flat), rv = Math.Abs(cum ? r.Cum : r.Flat);
            if (lv != rv) return rv.CompareTo(lv);
            var byName = string.CompareOrdinal(names[l], names[r]);
            if (byName != 0) return byName;
            lv = Math.Abs(cum ? l.Flat : l.Cum);
            rv = Math.Abs(cum ? r.Flat : r.Cum);
            if (lv != rv) return rv.CompareTo(lv);
            return CompareKeys(l.Key, r.Key);
        });
    }

    private static int CompareKeys(NodeKey a, NodeKey b)
    {
        var c = string.CompareOrdinal(a.File, b.File);
        if (c != 0) return c;
        c = a.Line.CompareTo(b.Line);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Objfile, b.Objfile);
        return c != 0 ? c : a.StartLine.CompareTo(b.StartLine);
    }

    /// <summary>A value as the text report prints it, in <see cref="OutputUnit"/>.</summary>
    public string Format(long value) => Measurement.Label(value, SampleType.Unit, OutputUnit);
}
