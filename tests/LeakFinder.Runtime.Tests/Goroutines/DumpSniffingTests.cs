using System.IO.Compression;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// `dump` decides what it was given from the content, not the name: text dumps plain or gzipped, and Go's
/// protobuf goroutine profile (?debug=0) are read; a heap profile, an execution trace, empty input, other
/// binary data or text without a goroutine are refused saying what they look like (issue #14).
/// </summary>
public class DumpSniffingTests
{
    private static string Profile(string name) => RepoPaths.Combine("testdata", "profiles", name);

    private static string Temp(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lf-sniff-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void TheProtobufGoroutineProfileIsReadWithItsCountsAndStacks()
    {
        var profile = PprofReader.Load(Profile("goroutine.pb.gz"));
        var analysis = DumpAnalyzer.AnalyzeSource(Profile("goroutine.pb.gz"));
        Assert.Equal(profile.Samples.Sum(s => s.Values[0]), analysis.TotalGoroutines);
        // The largest stack is the top suspect, named by its first frame outside the runtime.
        var largest = profile.Samples.MaxBy(s => s.Values[0])!;
        var site = largest.Locations.SelectMany(l => l.Lines).Select(l => l.Function!.Name).First(n => !n.StartsWith("runtime.", StringComparison.Ordinal));
        Assert.Equal(site, analysis.Suspects[0].Suspect.Site!.Function);
        Assert.Equal((int)largest.Values[0], analysis.Buckets[0].Count);
    }

    [Fact]
    public void AGzippedTextDumpReadsAsTheText()
    {
        var text = File.ReadAllBytes(DumpFixtures.Path("go1.19.8-debug2.txt"));
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(text);
        var path = Temp(packed.ToArray());
        try
        {
            var plain = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug2.txt"));
            var fromGzip = DumpAnalyzer.AnalyzeSource(path);
            Assert.Equal(plain.TotalGoroutines, fromGzip.TotalGoroutines);
            Assert.Equal(plain.Suspects.Select(s => s.Suspect.Reason), fromGzip.Suspects.Select(s => s.Suspect.Reason));
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "heap profile", File.ReadAllBytes(Profile("heap1.pb.gz")), "this looks like a heap profile, not a goroutine dump: use `leakfinder profile`" },
        { "cpu profile", File.ReadAllBytes(Profile("cpu.pb.gz")), "this looks like a cpu profile, not a goroutine dump: use `leakfinder profile`" },
        { "execution trace", [.. "go 1.22 trace\0\0\0"u8, 1, 2, 3, 4], "this looks like a Go execution trace (runtime/trace), not a goroutine dump: use `go tool trace`" },
        { "empty", [], "empty input, not a goroutine dump" },
        { "binary", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))], "binary data that is neither a goroutine dump nor a pprof profile" },
        { "text", "hello\nworld\n"u8.ToArray(), "no goroutine found, not a goroutine dump (expected a panic or SIGQUIT traceback, or /debug/pprof/goroutine output)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void WhatIsNoDumpIsRefusedSayingWhatItLooksLike(string what, byte[] content, string message)
    {
        var path = Temp(content);
        try
        {
            var e = Assert.Throws<InputException>(() => DumpAnalyzer.AnalyzeSource(path));
            Assert.Equal($"{path}: {message}", e.Message);
        }
        finally { File.Delete(path); }
        Assert.NotEmpty(what);
    }

    [Fact]
    public void ADiffWithAProfileOnOneSideIsRefused()
    {
        Assert.Throws<InputException>(() => DumpDiff.Compare(DumpAnalyzer.AnalyzeSource(Profile("heap1.pb.gz")), DumpAnalyzer.AnalyzeSource(DumpFixtures.Path("go1.19.8-debug2.txt"))));
    }

    [Fact]
    public void MoreDistinctStacksThanTheLimitAreRefused()
    {
        var e = Assert.Throws<InputLimitException>(() => DumpAnalyzer.AnalyzeSource(DumpFixtures.Path("go1.19.8-debug2.txt"), limits: new InputLimits { MaxStacks = 3 }));
        Assert.EndsWith("more than 3 distinct stacks; --max-stacks raises the limit", e.Message);
    }

    [Fact]
    public void TheProtobufProfileIsLabelledAsAggregatedStackCountsNotGoroutines()
    {
        var fromProtobuf = DumpAnalyzer.AnalyzeSource(Profile("goroutine.pb.gz"));
        var text = new StringWriter();
        DumpTextReport.Write(text, fromProtobuf, 5);
        var header = text.ToString().Split('\n')[0];
        Assert.EndsWith("201 goroutines in 2 buckets (protobuf ?debug=0 profile: aggregated stack counts, not individual goroutines)", header);
        var json = new MemoryStream();
        DumpJsonReport.Write(json, fromProtobuf, 5);
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal("aggregated", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal("protobuf", doc.RootElement.GetProperty("encoding").GetString());

        var debug1 = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug1.txt"));
        text = new StringWriter();
        DumpTextReport.Write(text, debug1, 5);
        Assert.Contains("(aggregated ?debug=1 profile: stack counts, not individual goroutines)", text.ToString().Split('\n')[0]);
    }

    [Fact]
    public void ProtobufLabelsAreQuotedSoAHostileValueStaysOneLabelOnOneLine()
    {
        var function = new PprofFunction(1, "main.worker", "main.worker", "/src/main.go", 10);
        var location = new PprofLocation(1, null, 0x1000, [new PprofLine(function, 12)], false);
        var profile = new PprofProfile
        {
            SampleTypes = [new LeakFinder.Runtime.Pprof.ValueType("goroutine", "count")],
            Samples = [new PprofSample([location], [3], [new("job", "a\"b\n# labels: {\"x\":\"y\"}\u001b[2J")], [])],
            Locations = [location], Functions = [function], Mappings = [],
        };
        var written = System.Text.Encoding.UTF8.GetString(GoroutineProfileText.Write(profile));
        Assert.Contains("# labels: {\"job\":\"a\\\"b\\n# labels: {\\\"x\\\":\\\"y\\\"}\\x1b[2J\"}\n", written);
        var analysis = DumpAnalyzer.AnalyzeText(written);
        var bucket = Assert.Single(analysis.Buckets);
        Assert.Equal(3, bucket.Count);
        Assert.DoesNotContain('\n', bucket.Labels!);
        Assert.DoesNotContain('\u001b', bucket.Labels!);
    }
}
