namespace LeakFinder.Runtime.Races;

/// <summary>One side of a racing pair: the access site, what it did, and the go statements that started its goroutines.</summary>
public sealed class RaceSide
{
    public required RaceFrame? Site { get; init; }
    /// <summary>"write", "read", "atomic write"... with how many reports had each.</summary>
    public SortedDictionary<string, int> Operations { get; } = new(StringComparer.Ordinal);
    /// <summary>The creation sites of the goroutines that made this access ("main goroutine" for main), with counts; at most <see cref="MaxCreationSites"/>.</summary>
    public Dictionary<string, int> CreatedAt { get; } = new(StringComparer.Ordinal);

    public const string MainGoroutine = "main goroutine";
    public const string OtherSites = "other creation sites";
    /// <summary>Distinct creation sites kept per side; the rest are counted under <see cref="OtherSites"/> (garbage cannot grow a pair without bound).</summary>
    public const int MaxCreationSites = 100;
}

/// <summary>
/// Reports grouped by the unordered pair of racing sites: the same two lines racing in every test run, or
/// reached through different callers, are one bug. <see cref="A"/> is the site that sorts first.
/// </summary>
public sealed class RacePair
{
    public required RaceSide A { get; init; }
    public required RaceSide B { get; init; }
    public int Count { get; set; }
    /// <summary>Reports in which both accesses were writes (a lost update, a corrupted map), not a write and a read.</summary>
    public int WriteWriteCount { get; set; }
    /// <summary>Where the first 100 reports start in the input.</summary>
    public List<long> Lines { get; } = [];
    /// <summary>The tests that printed the reports (at most <see cref="MaxTests"/>).</summary>
    public SortedSet<string> Tests { get; } = new(StringComparer.Ordinal);
    public const int MaxTests = 100;

    internal void AddTest(string test)
    {
        if (Tests.Count < MaxTests) Tests.Add(test);
    }
    public bool WriteWrite => WriteWriteCount > 0;
    /// <summary>One site racing with itself (two goroutines running the same line).</summary>
    public bool SameSite => A.Site == B.Site;
}

/// <summary>The race log grouped and ranked: most reported pairs first, write/write before write/read.</summary>
public sealed class RaceReport
{
    public required RaceLog Log { get; init; }
    public required IReadOnlyList<RacePair> Pairs { get; init; }
    public int Reports => Log.Reports;
}

/// <summary>Groups data-race reports by their pair of racing sites and ranks the pairs.</summary>
public static class RaceAnalysis
{
    public static RaceReport Analyze(TextReader reader, string name, int maxPairs = Input.InputLimits.DefaultStacks)
    {
        var table = new PairTable(name, maxPairs);
        var log = RaceParser.Parse(reader, name, table.Add, table.NameTest);
        return new RaceReport { Log = log, Pairs = table.Ranked() };
    }

    /// <summary>Reads the file at <paramref name="path"/>, refusing more than <paramref name="maxBytes"/>.</summary>
    public static RaceReport Analyze(string path, long maxBytes = Input.InputLimits.DefaultStreamedBytes, int maxPairs = Input.InputLimits.DefaultStacks)
    {
        using var reader = new StreamReader(new Input.LimitedStream(File.OpenRead(path), path, maxBytes));
        return Analyze(reader, path, maxPairs);
    }

    public static RaceReport Analyze(Stream stream, string name, long maxBytes = Input.InputLimits.DefaultStreamedBytes, int maxPairs = Input.InputLimits.DefaultStacks)
    {
        using var reader = new StreamReader(new Input.LimitedStream(stream, name, maxBytes));
        return Analyze(reader, name, maxPairs);
    }

    /// <summary>Reports grouped as they are read: one entry per distinct pair of sites.</summary>
    private sealed class PairTable(string name, int maxPairs)
    {
        private readonly Dictionary<(string, string), RacePair> _pairs = [];
        private readonly HashSet<RacePair> _awaitingTest = [];

        public void Add(DataRace race)
        {
            var (first, second) = (race.Accesses[0], race.Accesses[1]);
            var (keyFirst, keySecond) = (Key(first.Site), Key(second.Site));
            if (string.CompareOrdinal(keyFirst, keySecond) > 0)
            {
                (first, second) = (second, first);
                (keyFirst, keySecond) = (keySecond, keyFirst);
            }
            if (!_pairs.TryGetValue((keyFirst, keySecond), out var pair))
            {
                if (_pairs.Count >= maxPairs)
                    throw new Input.InputLimitException($"{name}: more than {maxPairs} distinct racing pairs; raise --max-stacks to read it");
                pair = new RacePair { A = new RaceSide { Site = first.Site }, B = new RaceSide { Site = second.Site } };
                _pairs[(keyFirst, keySecond)] = pair;
            }
            pair.Count++;
            if (first.IsWrite && second.IsWrite) pair.WriteWriteCount++;
            if (pair.Lines.Count < 100) pair.Lines.Add(race.Line);
            if (race.Test is { } test) pair.AddTest(test);
            else _awaitingTest.Add(pair);
            Record(pair.A, first, race);
            Record(pair.B, second, race);
        }

        /// <summary>A "--- FAIL: TestX" line: the reports without a test since the last one were TestX's.</summary>
        public void NameTest(string test)
        {
            foreach (var pair in _awaitingTest) pair.AddTest(test);
            _awaitingTest.Clear();
        }

        public List<RacePair> Ranked() => _pairs.Values
            .OrderByDescending(p => p.Count)
            .ThenByDescending(p => p.WriteWrite)
            .ThenBy(p => Key(p.A.Site), StringComparer.Ordinal)
            .ThenBy(p => Key(p.B.Site), StringComparer.Ordinal)
            .ToList();
    }

    private static void Record(RaceSide side, RaceAccess access, DataRace race)
    {
        side.Operations[access.Operation] = side.Operations.GetValueOrDefault(access.Operation) + 1;
        var created = access.Goroutine is null ? RaceSide.MainGoroutine
            : race.CreatorOf(access.Goroutine)?.Site is { } site ? site.ToString() : "unknown (no creation stack)";
        if (!side.CreatedAt.ContainsKey(created) && side.CreatedAt.Count >= RaceSide.MaxCreationSites) created = RaceSide.OtherSites;
        side.CreatedAt[created] = side.CreatedAt.GetValueOrDefault(created) + 1;
    }

    private static string Key(RaceFrame? site) => site?.ToString() ?? "";
}
