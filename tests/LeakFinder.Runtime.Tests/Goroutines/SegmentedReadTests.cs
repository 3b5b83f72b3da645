using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Reading a file in parallel parts gives exactly what one sequential read gives.</summary>
public class SegmentedReadTests
{
    public static TheoryData<string> Fixtures => new()
    {
        "go1.19.8-debug2.txt", "go1.19.8-panic-system.txt", "go1.19.8-sigquit.txt", "go1.19.8-deadlock.txt",
        "handwritten/go1.21-sigquit-created-in-goroutine.txt", "handwritten/go1.25-debug2-sync-wait-reasons.txt",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void PartsMergeToTheSequentialResult(string fixture)
    {
        var path = DumpFixtures.Path(fixture);
        using var stream = File.OpenRead(path);
        var sequential = DumpAnalyzer.Analyze(stream, path);
        foreach (var parts in new[] { 2, 3, 7 })
        {
            var segmented = SegmentedDumpReader.TryRead(path, parts, minBytes: 0);
            Assert.NotNull(segmented);
            AssertSame(sequential, segmented);
        }
    }

    [Fact]
    public void ATruncatedFileReadInPartsWarnsAtTheSameLine()
    {
        var bytes = File.ReadAllBytes(DumpFixtures.Path("go1.19.8-panic-all.txt"));
        var path = Path.Combine(Directory.CreateTempSubdirectory("leakfinder-seg-").FullName, "cut.txt");
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length * 3 / 4).ToArray());
        using var stream = File.OpenRead(path);
        var sequential = DumpAnalyzer.Analyze(stream, path);
        Assert.True(sequential.Info.Truncated);
        AssertSame(sequential, SegmentedDumpReader.TryRead(path, 3, minBytes: 0)!);
    }

    [Fact]
    public void ADumpOfInterleavedLeakSitesMergesToTheSequentialResultForAnyNumberOfParts()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("leakfinder-seg-").FullName, "many.txt");
        File.WriteAllBytes(path, LineReadingTests.ManyGoroutines(5_000));
        using var stream = File.OpenRead(path);
        var sequential = DumpAnalyzer.Analyze(stream, path);
        Assert.Equal(5_001, sequential.TotalGoroutines);
        for (var parts = 2; parts <= 9; parts++)
            AssertSame(sequential, SegmentedDumpReader.TryRead(path, parts, minBytes: 0)!);
    }

    [Fact]
    public void AnEmptyFileIsNotCut()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("leakfinder-seg-").FullName, "empty.txt");
        File.WriteAllBytes(path, []);
        Assert.Null(SegmentedDumpReader.TryRead(path, 2, minBytes: 0));
    }

    [Fact]
    public void AggregatedProfilesAreNotCut()
    {
        Assert.Null(SegmentedDumpReader.TryRead(DumpFixtures.Path("go1.19.8-debug1.txt"), 2, minBytes: 0));
    }

    private static void AssertSame(DumpAnalysis expected, SegmentedDumpReader.Result actual)
    {
        Assert.Equal(expected.TotalGoroutines, actual.TotalGoroutines);
        Assert.Equal(expected.Info.Lines, actual.Info.Lines);
        Assert.Equal(expected.Info.Bytes, actual.Info.Bytes);
        Assert.Equal(expected.Info.Truncated, actual.Info.Truncated);
        Assert.Equal(expected.Info.Panic, actual.Info.Panic);
        Assert.Equal(expected.Info.Signal, actual.Info.Signal);
        Assert.Equal(string.Join("\n", expected.Warnings.Items), string.Join("\n", actual.Warnings.Items));
        Assert.Equal(expected.Buckets.Count, actual.Buckets.Count);
        for (var i = 0; i < expected.Buckets.Count; i++)
        {
            var e = expected.Buckets[i];
            var a = actual.Buckets[i];
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.State, a.State);
            Assert.Equal(e.Stack, a.Stack);
            Assert.Equal(e.CreatedBy, a.CreatedBy);
            Assert.Equal(e.SampleIds, a.SampleIds);
            Assert.Equal((e.MinWaitMinutes, e.MaxWaitMinutes), (a.MinWaitMinutes, a.MaxWaitMinutes));
        }
    }
}
