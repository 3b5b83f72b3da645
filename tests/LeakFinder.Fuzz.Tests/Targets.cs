using System.IO.Compression;
using System.Text;
using LeakFinder.Check.Pipeline;
using LeakFinder.Runtime.GcTrace;
using LeakFinder.Runtime.GoTest;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Proc;
using LeakFinder.Runtime.Races;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Fuzz.Tests;

/// <summary>
/// The readers under fuzzing, each from the real inputs in testdata: what `check`, `dump`, `profile`,
/// `gctrace` and `proc` do with a file, short of printing. Refusals are the documented input errors.
/// </summary>
public static class Targets
{
    private static string Data(params string[] parts) => RepoPaths.Combine(["testdata", .. parts]);

    private static bool IsInputError(Exception e) => e is InputException;

    private static List<byte[]> Files(string dir, string pattern, int max = 200) =>
        Directory.GetFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(max).Select(File.ReadAllBytes).ToList();

    // Profiles are mutated as raw protobuf: a flipped byte inside gzip only tests the gzip checksum.
    private static byte[] Gunzip(byte[] data)
    {
        if (!SniffedInput.IsGzip(data)) return data;
        using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gz.CopyTo(plain);
        return plain.ToArray();
    }

    public static FuzzTarget DumpText() => new("dump text",
        Files(Data("dumps"), "*.txt").Where(b => b.Length < 512 << 10).ToList(),
        data => DumpAnalyzer.AnalyzeContent(new MemoryStream(data), "fuzz"),
        IsInputError);

    public static FuzzTarget DumpProtobuf() => new("dump protobuf",
        [Gunzip(File.ReadAllBytes(Data("profiles", "goroutine.pb.gz")))],
        data => DumpAnalyzer.AnalyzeContent(new MemoryStream(data), "fuzz"),
        IsInputError);

    public static FuzzTarget Profile()
    {
        var seeds = Directory.GetFiles(Data("profiles"), "*.pb.gz").Order(StringComparer.Ordinal).Select(p => Gunzip(File.ReadAllBytes(p))).ToList();
        return new("profile", seeds, data =>
        {
            var profile = PprofReader.Read(new MemoryStream(data), "fuzz");
            ProfileAnalysis.Top(profile, new TopOptions { NodeCount = 0 });
            ProfileAnalysis.Top(profile, new TopOptions { NodeCount = 10, Granularity = Granularity.Lines, CumSort = true });
            ProfileAnalysis.Diff(profile, profile);
        }, IsInputError);
    }

    /// <summary>expvar /debug/vars as `watch` reads each poll of it.</summary>
    public static FuzzTarget MemStats() => new("memstats",
        Files(Data("watch"), "*.json"),
        data => LeakFinder.Runtime.Watch.TargetReader.FromMemStats(data, "fuzz"),
        IsInputError);

    public static FuzzTarget GcTrace() => new("gctrace",
        Files(Data("gctrace"), "*.log"),
        data => GcTraceAnalysis.Analyze(new MemoryStream(data), "fuzz"),
        IsInputError);

    /// <summary>Race reports, every output of them rendered: a grouping that throws would show only in output.</summary>
    public static FuzzTarget Race() => new("race",
        Files(Data("races"), "*.txt"),
        data =>
        {
            var report = RaceAnalysis.Analyze(new MemoryStream(data), "fuzz");
            RaceOutput.WriteText(TextWriter.Null, report);
            RaceOutput.WriteJson(Stream.Null, report);
            RaceSarif.Write(Stream.Null, report, "0.0.0", "https://example.com");
        },
        IsInputError);

    /// <summary>`go test -json` streams read line by line as `leakfinder test` reads go's output, every output rendered.</summary>
    public static FuzzTarget GoTest() => new("go test",
        Files(Data("gotest-captured"), "*.jsonl"),
        data =>
        {
            var collector = new GoTestCollector(["./..."]);
            foreach (var line in Encoding.UTF8.GetString(data).Split('\n')) collector.AddLine(line);
            var report = collector.Finish(1);
            GoTestText.Write(TextWriter.Null, report);
            GoTestJson.Write(Stream.Null, report);
            GoTestSarif.Write(Stream.Null, report, "0.0.0", "https://example.com");
        },
        IsInputError);

    /// <summary>Each seed is one /proc file of a capture; its name picks the parser, as a snapshot does.</summary>
    public static FuzzTarget Proc()
    {
        string[] kinds = ["status", "smaps_rollup", "maps", "smaps", "net/tcp", "net/tcp6", "cgroup"];
        var seeds = new List<byte[]>();
        foreach (var capture in Directory.GetDirectories(Data("proc")).Order(StringComparer.Ordinal))
            for (var k = 0; k < kinds.Length; k++)
                if (File.Exists(Path.Combine(capture, kinds[k])))
                    seeds.Add([(byte)k, .. File.ReadAllBytes(Path.Combine(capture, kinds[k]))]);
        return new("proc", seeds, data =>
        {
            if (data.Length == 0) return;
            var text = Encoding.UTF8.GetString(data.AsSpan(1));
            var kind = data[0] % kinds.Length;
            var warnings = new List<string>();
            var snapshot = new ProcSnapshot
            {
                Source = "fuzz",
                Status = kind == 0 ? ProcParsers.ParseStatus(text, "status", warnings, out _) : new Dictionary<string, long>(),
                SmapsRollup = kind == 1 ? ProcParsers.ParseKbFields(text, "smaps_rollup", warnings) : new Dictionary<string, long>(),
                Maps = kind switch { 2 => ProcParsers.ParseMaps(text, "maps", warnings), 3 => ProcParsers.ParseSmaps(text, "smaps", warnings), _ => [] },
                Tcp = kind is 4 or 5 ? ProcParsers.ParseNetTcp(text, "net/tcp", kind == 5, warnings) : [],
                Fds = [],
                Warnings = warnings,
            };
            if (kind == 6) ProcParsers.MemoryCgroupDirectory(text, "/nonexistent-cgroup-root");
            var report = ProcAnalysis.Summarize(snapshot);
            ProcAnalysis.Compare(snapshot, snapshot, null);
            ProcOutput.WriteText(TextWriter.Null, report, report.Suspects);
        }, IsInputError);
    }

    /// <summary>Go source through the whole check pipeline (load, parse, type-check, rules, suppressions), each input a package of its own.</summary>
    public static FuzzTarget Check()
    {
        var seeds = Files(Data("rules"), "*.go", max: 400).Where(b => b.Length < 16 << 10).ToList();
        return new("check", seeds, inputs =>
        {
            var dir = ModuleDir.Value!;
            for (var k = 0; k < inputs.Count; k++)
            {
                Directory.CreateDirectory(Path.Combine(dir, $"p{k}"));
                File.WriteAllBytes(Path.Combine(dir, $"p{k}", "a.go"), inputs[k]);
            }
            var result = CheckRunner.Run(new CheckOptions { WorkDir = dir, Patterns = ["./..."] });
            // The fixes of whatever was found, planned against the same files and diffed (never written).
            var plan = LeakFinder.Check.Fixes.FixApplier.Plan(result.Findings, new LeakFinder.Check.Baseline.SourceFiles(dir));
            LeakFinder.Check.Fixes.FixApplier.WithoutFixed(result, plan);
            foreach (var f in plan.Files)
                LeakFinder.Check.Fixes.UnifiedDiff.Format("a", "b", System.Text.Encoding.UTF8.GetString(f.Before), System.Text.Encoding.UTF8.GetString(f.After));
        }, e => e is CheckUsageException, Batch: 50);
    }

    // One module directory per fuzzing thread, holding go.mod and the input as a.go.
    private static readonly ThreadLocal<string> ModuleDir = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("lf-fuzz-check-").FullName;
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module fuzz\n\ngo 1.22\n");
        return dir;
    });
}
