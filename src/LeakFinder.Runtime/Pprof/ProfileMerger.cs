using System.Text;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// Merges profiles the way pprof's profile.Merge does, so `--base` gives the numbers `go tool pprof -base`
/// gives: locations are the same when their mapping (size, offset, build id or file), address relative to
/// the mapping, lines and functions agree; samples are the same when their stacks and labels agree; values
/// of equal samples add up and all-zero samples are dropped. A base profile enters with its values negated.
/// </summary>
public static class ProfileMerger
{
    /// <summary>The growth from <paramref name="baseProfile"/> to <paramref name="newProfile"/>: new − base per sample.</summary>
    public static PprofProfile Subtract(PprofProfile newProfile, PprofProfile baseProfile)
    {
        CheckCompatible(newProfile, baseProfile);
        return Merge([(newProfile, 1), (baseProfile, -1)]);
    }

    /// <summary>One profile with equal samples merged (what pprof does to every profile it reads).</summary>
    public static PprofProfile Normalize(PprofProfile profile) => Merge([(profile, 1)]);

    private static void CheckCompatible(PprofProfile a, PprofProfile b)
    {
        if (a.SampleTypes.Count != b.SampleTypes.Count)
            throw new PprofFormatException($"incompatible profiles: {a.SampleTypes.Count} sample types ({string.Join(", ", a.SampleTypes)}) against {b.SampleTypes.Count} ({string.Join(", ", b.SampleTypes)})");
        for (var i = 0; i < a.SampleTypes.Count; i++)
            if (a.SampleTypes[i].Type.TrimEnd('s') != b.SampleTypes[i].Type.TrimEnd('s') || a.SampleTypes[i].Unit != b.SampleTypes[i].Unit)
                throw new PprofFormatException($"incompatible profiles: sample type {a.SampleTypes[i]} against {b.SampleTypes[i]}");
    }

    private static PprofProfile Merge((PprofProfile Profile, long Factor)[] sources)
    {
        var first = sources[0].Profile;
        var locationsByKey = new Dictionary<string, PprofLocation>();
        var samplesByKey = new Dictionary<string, PprofSample>();
        var samples = new List<PprofSample>();
        var locations = new List<PprofLocation>();
        var key = new StringBuilder();

        foreach (var (profile, factor) in sources)
        {
            var mapped = new Dictionary<PprofLocation, PprofLocation>(profile.Locations.Count);
            foreach (var sample in profile.Samples)
            {
                if (IsZero(sample.Values)) continue;
                var stack = new PprofLocation[sample.Locations.Length];
                key.Clear();
                for (var i = 0; i < stack.Length; i++)
                {
                    var source = sample.Locations[i];
                    if (!mapped.TryGetValue(source, out var target))
                    {
                        var locationKey = LocationKey(source);
                        if (!locationsByKey.TryGetValue(locationKey, out target))
                        {
                            target = new PprofLocation((ulong)locations.Count + 1, source.Mapping, source.Address, (PprofLine[])source.Lines.Clone(), source.IsFolded);
                            locationsByKey.Add(locationKey, target);
                            locations.Add(target);
                        }
                        mapped.Add(source, target);
                    }
                    stack[i] = target;
                    key.Append(target.Id.ToString("x")).Append('|');
                }
                AppendLabelKey(key, sample);
                var sampleKey = key.ToString();
                if (samplesByKey.TryGetValue(sampleKey, out var existing))
                {
                    for (var v = 0; v < existing.Values.Length; v++) existing.Values[v] += factor * sample.Values[v];
                    continue;
                }
                var values = new long[sample.Values.Length];
                for (var v = 0; v < values.Length; v++) values[v] = factor * sample.Values[v];
                var merged = new PprofSample(stack, values, sample.Labels, sample.NumLabels);
                samplesByKey.Add(sampleKey, merged);
                samples.Add(merged);
            }
        }
        samples.RemoveAll(s => IsZero(s.Values));

        return new PprofProfile
        {
            SampleTypes = first.SampleTypes,
            Samples = samples,
            Locations = locations,
            Functions = first.Functions,
            Mappings = first.Mappings,
            PeriodType = first.PeriodType,
            Period = first.Period,
            TimeNanos = first.TimeNanos,
            DurationNanos = first.DurationNanos,
            DropFrames = first.DropFrames,
            KeepFrames = first.KeepFrames,
            DefaultSampleType = first.DefaultSampleType,
            Comments = first.Comments,
        };
    }

    private static bool IsZero(long[] values)
    {
        foreach (var v in values) if (v != 0) return false;
        return true;
    }

    // pprof's locationKey: the address relative to its mapping (address space randomisation moves
    // mappings between runs), the mapping's identity, and each line's function identity and number.
    private static string LocationKey(PprofLocation l)
    {
        var key = new StringBuilder();
        var address = l.Address;
        if (l.Mapping is { } m)
        {
            address -= m.Start;
            const ulong rounding = 0x1000;
            var size = m.Limit - m.Start + rounding - 1;
            size -= size % rounding;
            key.Append(size).Append('/').Append(m.Offset).Append('/').Append(m.BuildId != "" ? m.BuildId : m.File);
        }
        key.Append('@').Append(address.ToString("x")).Append(l.IsFolded ? "F" : "");
        foreach (var line in l.Lines)
        {
            if (line.Function is { } f)
                key.Append('|').Append(f.StartLine).Append('\0').Append(f.Name).Append('\0').Append(f.SystemName).Append('\0').Append(f.File);
            else
                key.Append("|-");
            key.Append(':').Append(line.Line);
        }
        return key.ToString();
    }

    private static void AppendLabelKey(StringBuilder key, PprofSample sample)
    {
        if (sample.Labels.Length > 0)
            foreach (var group in sample.Labels.GroupBy(l => l.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                key.Append("\0L").Append(group.Key);
                foreach (var l in group) key.Append('\0').Append(l.Value);
            }
        if (sample.NumLabels.Length > 0)
            foreach (var group in sample.NumLabels.GroupBy(l => l.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                key.Append("\0N").Append(group.Key);
                foreach (var l in group) key.Append('\0').Append(l.Value).Append('/').Append(l.Unit);
            }
    }
}
