using LeakFinder.Runtime.Pprof;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

public class PprofReaderTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "profiles", name);

    [Fact]
    public void HeapProfileHasGoSampleTypesAndInuseSpaceIsTheDefault()
    {
        var p = PprofReader.Load(Fixture("heap2.pb.gz"));
        Assert.Equal(["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"], p.SampleTypes.Select(t => t.Type));
        Assert.Equal("heap", p.Kind);
        Assert.Equal(3, p.SampleIndex(null));
        Assert.Equal(1, p.SampleIndex("alloc_space"));
        Assert.Equal(3, p.SampleIndex("space")); // pprof's legacy -sample_index=space
        Assert.Equal(new Runtime.Pprof.ValueType("space", "bytes"), p.PeriodType);
        Assert.Equal(4096, p.Period);
        Assert.NotEmpty(p.Samples);
        Assert.All(p.Samples, s => Assert.Equal(4, s.Values.Length));
    }

    [Fact]
    public void AllocsProfileDefaultsToAllocSpaceFromDefaultSampleType()
    {
        var p = PprofReader.Load(Fixture("allocs.pb.gz"));
        Assert.Equal("alloc_space", p.DefaultSampleType);
        Assert.Equal(1, p.SampleIndex(null));
    }

    [Fact]
    public void RawProtobufReadsLikeGzipped()
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Fixture("goroutine.pb.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        raw.Position = 0;
        var fromRaw = PprofReader.Read(raw, "raw");
        var fromGzip = PprofReader.Load(Fixture("goroutine.pb.gz"));
        Assert.Equal(fromGzip.Samples.Count, fromRaw.Samples.Count);
        Assert.Equal("goroutine", fromRaw.Kind);
        Assert.Equal(201, fromRaw.Samples.Sum(s => s.Values[0]));
    }

    [Fact]
    public void CpuAndMutexProfilesAreRecognised()
    {
        var cpu = PprofReader.Load(Fixture("cpu.pb.gz"));
        Assert.Equal("cpu", cpu.Kind);
        Assert.Equal(["samples", "cpu"], cpu.SampleTypes.Select(t => t.Type));
        Assert.Equal(1, cpu.SampleIndex(null));
        Assert.True(cpu.DurationNanos > 0);
        var mutex = PprofReader.Load(Fixture("mutex.pb.gz"));
        Assert.Equal("contention", mutex.Kind);
        var top = ProfileAnalysis.Top(mutex, new TopOptions { CumSort = true });
        Assert.Contains(top.Rows, r => r.Name == "main.contend.func1");
    }

    [Fact]
    public void UnknownSampleIndexNamesTheChoices()
    {
        var p = PprofReader.Load(Fixture("heap1.pb.gz"));
        var e = Assert.Throws<PprofFormatException>(() => p.SampleIndex("delay"));
        Assert.Contains("inuse_space", e.Message);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(3000)]
    public void TruncatedGzipIsAnErrorNamingTheFile(int keep)
    {
        var bytes = File.ReadAllBytes(Fixture("heap2.pb.gz"))[..keep];
        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Read(new MemoryStream(bytes), "cut.pb.gz"));
        Assert.StartsWith("cut.pb.gz: ", e.Message);
    }

    [Fact]
    public void TextFileIsNotAProfile()
    {
        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Read(new MemoryStream("goroutine 1 [running]:\nmain.main()\n"u8.ToArray()), "dump.txt"));
        Assert.StartsWith("dump.txt: not a pprof profile", e.Message);
    }

    [Fact]
    public void EmptyInputIsAnError()
    {
        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Read(new MemoryStream(), "empty"));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void EveryTruncationOfARawProfileFailsCleanlyOrParses()
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Fixture("block.pb.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        var bytes = raw.ToArray();
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            try
            {
                var p = PprofReader.Read(new MemoryStream(bytes[..cut]), "cut");
                TopReport.Build(ProfileAnalysis.Prepare(p), new TopOptions());
            }
            catch (PprofFormatException e)
            {
                Assert.StartsWith("cut: ", e.Message);
            }
        }
    }

    [Fact]
    public void FlippedBytesNeverCrash()
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Fixture("heap2.pb.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        var original = raw.ToArray();
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 4; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                var p = PprofReader.Read(new MemoryStream(bytes), "flip");
                TopReport.Build(ProfileAnalysis.Prepare(p), new TopOptions());
                ProfileAnalysis.Diff(p, PprofReader.Load(Fixture("heap2.pb.gz")));
            }
            catch (PprofFormatException e)
            {
                Assert.DoesNotContain("Exception", e.Message);
            }
        }
    }
}
