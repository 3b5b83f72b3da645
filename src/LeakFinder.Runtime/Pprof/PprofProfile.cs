namespace LeakFinder.Runtime.Pprof;

/// <summary>A value's meaning: `inuse_space`/`bytes`, `contentions`/`count`, `delay`/`nanoseconds`...</summary>
public sealed record ValueType(string Type, string Unit)
{
    public override string ToString() => $"{Type}/{Unit}";
}

/// <summary>A function as pprof names it: Go's full symbol (`main.(*T).run`), its file and first line.</summary>
public sealed record PprofFunction(ulong Id, string Name, string SystemName, string File, long StartLine);

/// <summary>One frame of a location: a function and a line. Inlined calls give a location several lines.</summary>
public readonly record struct PprofLine(PprofFunction? Function, long Line);

/// <summary>A mapped binary or library; Go profiles have one per executable and shared object.</summary>
public sealed record PprofMapping(ulong Id, ulong Start, ulong Limit, ulong Offset, string File, string BuildId,
    bool HasFunctions, bool HasFilenames, bool HasLineNumbers, bool HasInlineFrames);

/// <summary>
/// A program counter and what it symbolises to. <see cref="Lines"/>[0] is the innermost (inlined) frame and
/// the last one is the function the code was compiled into, as in profile.proto.
/// </summary>
public sealed class PprofLocation(ulong id, PprofMapping? mapping, ulong address, PprofLine[] lines, bool isFolded)
{
    public ulong Id { get; } = id;
    public PprofMapping? Mapping { get; } = mapping;
    public ulong Address { get; } = address;
    public PprofLine[] Lines { get; internal set; } = lines;
    public bool IsFolded { get; } = isFolded;
}

/// <summary>A numeric label of a sample (`bytes` = allocation size in heap profiles).</summary>
public readonly record struct NumLabel(string Key, long Value, string Unit);

/// <summary>
/// One stack and its values (one per sample type). <see cref="Locations"/>[0] is the leaf: the frame that
/// allocated, blocked or was running.
/// </summary>
public sealed class PprofSample(PprofLocation[] locations, long[] values, KeyValuePair<string, string>[] labels, NumLabel[] numLabels)
{
    public PprofLocation[] Locations { get; internal set; } = locations;
    public long[] Values { get; } = values;
    public KeyValuePair<string, string>[] Labels { get; } = labels;
    public NumLabel[] NumLabels { get; } = numLabels;
}

/// <summary>
/// A pprof profile resolved from its string-table indices into objects: samples × locations × functions with
/// value types, the one model every report (top, diff, suspects) is a view over.
/// </summary>
public sealed class PprofProfile
{
    public required IReadOnlyList<ValueType> SampleTypes { get; init; }
    public required List<PprofSample> Samples { get; init; }
    public required IReadOnlyList<PprofLocation> Locations { get; init; }
    public required IReadOnlyList<PprofFunction> Functions { get; init; }
    public required IReadOnlyList<PprofMapping> Mappings { get; init; }
    public ValueType? PeriodType { get; init; }
    public long Period { get; init; }
    public long TimeNanos { get; init; }
    public long DurationNanos { get; init; }
    public string DropFrames { get; init; } = "";
    public string KeepFrames { get; init; } = "";
    public string DefaultSampleType { get; init; } = "";
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>
    /// What kind of profile this is, from its sample types, as `go tool pprof` names the report:
    /// heap, goroutine, block/mutex (contentions+delay), cpu (samples+cpu) or the first sample type.
    /// </summary>
    public string Kind
    {
        get
        {
            bool Has(string t) => SampleTypes.Any(s => s.Type == t);
            if (Has("inuse_space") || Has("alloc_space")) return "heap";
            if (Has("goroutine") || Has("goroutines")) return "goroutine";
            if (Has("contentions") && Has("delay")) return "contention";
            if (Has("cpu")) return "cpu";
            return SampleTypes.Count > 0 ? SampleTypes[0].Type : "unknown";
        }
    }

    /// <summary>
    /// The index of a sample type by name or number, or the default as pprof picks it: the profile's
    /// default_sample_type when set, else the last sample type (inuse_space for Go heap profiles).
    /// </summary>
    public int SampleIndex(string? name)
    {
        if (SampleTypes.Count == 0) throw new PprofFormatException("the profile declares no sample types");
        if (string.IsNullOrEmpty(name))
        {
            if (DefaultSampleType != "")
                for (var i = 0; i < SampleTypes.Count; i++)
                    if (SampleTypes[i].Type == DefaultSampleType) return i;
            return SampleTypes.Count - 1;
        }
        if (int.TryParse(name, out var n) && n >= 0 && n < SampleTypes.Count) return n;
        for (var i = 0; i < SampleTypes.Count; i++)
            if (SampleTypes[i].Type == name) return i;
        // pprof's legacy names: "-sample_index=space" means inuse_space in heap profiles.
        for (var i = 0; i < SampleTypes.Count; i++)
            if (SampleTypes[i].Type == "inuse_" + name) return i;
        throw new PprofFormatException(
            $"sample index {name} not found; this profile has {string.Join(", ", SampleTypes.Select(s => s.Type))}");
    }
}
