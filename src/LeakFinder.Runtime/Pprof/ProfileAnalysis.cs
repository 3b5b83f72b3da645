using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Pprof;

/// <summary>The growth between two profiles: the merged difference, its top reports and ranked suspects.</summary>
public sealed class ProfileDiff
{
    public required PprofProfile Growth { get; init; }
    public required ValueType SampleType { get; init; }
    public required IReadOnlyList<SiteGrowth> Sites { get; init; }
    public required IReadOnlyList<LeakSuspect> Suspects { get; init; }
}

/// <summary>
/// The entry points for pprof evidence: read profiles, report their top functions or sites, and rank the
/// sites whose values grew between two profiles (`--base`) as leak suspects.
/// </summary>
public static class ProfileAnalysis
{
    public static PprofProfile Load(string path, long maxBytes = InputLimits.DefaultWholeBytes) => PprofReader.Load(path, maxBytes);

    public static PprofProfile Read(Stream stream, string name, long maxBytes = InputLimits.DefaultWholeBytes) => PprofReader.Read(stream, name, maxBytes);

    /// <summary>
    /// Reads what the user named: a file, "-" for standard input, or an http(s) URL of a live endpoint
    /// (/debug/pprof/heap, ...), fetched as `dump` fetches its URLs. A URL that cannot be fetched, or stalls
    /// for <paramref name="timeout"/>, throws <see cref="InputException"/>; a body that is not a profile
    /// throws <see cref="PprofFormatException"/>, both naming the source.
    /// </summary>
    public static PprofProfile LoadSource(string source, TimeSpan? timeout = null, long maxBytes = InputLimits.DefaultWholeBytes)
    {
        if (source == "-")
        {
            using var stdin = Console.OpenStandardInput();
            return Read(stdin, "<stdin>", maxBytes);
        }
        if (!HttpInput.IsUrl(source)) return Load(source, maxBytes);
        using var body = HttpInput.Open(source, timeout);
        try
        {
            return Read(body, source, maxBytes);
        }
        catch (IOException e)
        {
            // Unlike a dump, a cut profile is worthless: gzip and protobuf need every byte.
            throw new InputException($"{source}: read failed: {e.Message}", e);
        }
    }

    /// <summary>pprof's preparation of every profile: equal samples merged, drop_frames applied.</summary>
    public static PprofProfile Prepare(PprofProfile profile)
    {
        var normalized = ProfileMerger.Normalize(profile);
        FramePruner.RemoveUninteresting(normalized);
        return normalized;
    }

    public static TopReport Top(PprofProfile profile, TopOptions options) => TopReport.Build(Prepare(profile), options);

    /// <summary>`go tool pprof -base OLD NEW`: NEW minus OLD, sample by sample, then pprof's preparation.</summary>
    public static PprofProfile Subtract(PprofProfile newProfile, PprofProfile baseProfile)
    {
        var growth = ProfileMerger.Subtract(newProfile, baseProfile);
        FramePruner.RemoveUninteresting(growth);
        return growth;
    }

    /// <summary>The growth from <paramref name="baseProfile"/> to <paramref name="newProfile"/>, attributed to sites and ranked.</summary>
    public static ProfileDiff Diff(PprofProfile baseProfile, PprofProfile newProfile, string? sampleIndex = null)
    {
        var growth = Subtract(newProfile, baseProfile);
        var index = growth.SampleIndex(sampleIndex);
        var sites = GrowthSuspects.Attribute(growth, index);
        return new ProfileDiff
        {
            Growth = growth,
            SampleType = growth.SampleTypes[index],
            Sites = sites,
            Suspects = GrowthSuspects.Rank(growth, index, sites),
        };
    }

    /// <summary>Reads two profiles (gzipped or not) and ranks the sites that grew from the first to the second.</summary>
    public static ProfileDiff Diff(Stream baseStream, Stream newStream, string? sampleIndex = null) =>
        Diff(Read(baseStream, "base profile"), Read(newStream, "profile"), sampleIndex);
}
