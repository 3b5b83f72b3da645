using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Suspects;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

public class ProfileDiffTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "profiles", name);

    [Fact]
    public void LeakingCacheIsTheFirstSuspectAtItsUserCodeLine()
    {
        using var oldStream = File.OpenRead(Fixture("heap1.pb.gz"));
        using var newStream = File.OpenRead(Fixture("heap2.pb.gz"));
        var diff = ProfileAnalysis.Diff(oldStream, newStream);

        Assert.Equal("inuse_space", diff.SampleType.Type);
        var first = diff.Suspects[0];
        Assert.Equal(EvidenceKind.ProfileDiff, first.Evidence);
        Assert.Equal("main.cacheResponse", first.Site!.Function);
        Assert.EndsWith("leakyheap/main.go", first.Site.File);
        var source = File.ReadAllLines(RepoPaths.Combine("testdata", "profiles", "leakyheap", "main.go"));
        Assert.Contains("make([]byte, size)", source[first.Site.Line - 1]);
        Assert.Equal("heap-growth", first.Kind);
        Assert.True(first.Score > 0.8, $"score {first.Score}");
        Assert.Contains("inuse_space grew by", first.Reason);
    }

    [Fact]
    public void ChurnThatKeepsAlmostNothingOfItsAllocationsIsNoSuspect()
    {
        var diff = ProfileAnalysis.Diff(PprofReader.Load(Fixture("churn-early.pb.gz")), PprofReader.Load(Fixture("churn-late.pb.gz")));
        // The serving loop's in-use space did grow (buffers in flight), but it kept ~0.2% of what it allocated.
        var churn = diff.Sites.Where(s => s.Site.Function.EndsWith("serve.churn", StringComparison.Ordinal)).Sum(s => s.Growth);
        Assert.True(churn >= 64 * 1024, $"the fixture should show churn growth, got {churn}");
        Assert.Empty(diff.Suspects);
    }

    [Fact]
    public void NoSuspectIsAttributedToRuntimeAllocatorFrames()
    {
        var diff = ProfileAnalysis.Diff(PprofReader.Load(Fixture("heap1.pb.gz")), PprofReader.Load(Fixture("heap2.pb.gz")));
        Assert.DoesNotContain(diff.Suspects, s => s.Site!.Function is "runtime.mallocgc" or "runtime.makeslice");
    }

    [Fact]
    public void SubtractingAProfileFromItselfLeavesNothing()
    {
        var p = PprofReader.Load(Fixture("heap2.pb.gz"));
        var diff = ProfileAnalysis.Diff(p, p);
        Assert.Empty(diff.Growth.Samples);
        Assert.Empty(diff.Suspects);
        Assert.Empty(TopReport.Build(diff.Growth, new TopOptions()).Rows);
    }

    [Fact]
    public void GrowthIsNewMinusBaseForEverySampleType()
    {
        var a = PprofReader.Load(Fixture("heap1.pb.gz"));
        var b = PprofReader.Load(Fixture("heap2.pb.gz"));
        var growth = ProfileAnalysis.Subtract(b, a);
        for (var i = 0; i < 4; i++)
            Assert.Equal(b.Samples.Sum(s => s.Values[i]) - a.Samples.Sum(s => s.Values[i]), growth.Samples.Sum(s => s.Values[i]));
    }

    [Fact]
    public void GoroutineProfileDiffBlamesTheParkedUserFunction()
    {
        // The goroutine fixture against an empty-of-workers baseline: the same profile with the workers'
        // samples removed stands in for "before the leak".
        var after = PprofReader.Load(Fixture("goroutine.pb.gz"));
        var before = PprofReader.Load(Fixture("goroutine.pb.gz"));
        before.Samples.RemoveAll(s => s.Locations.Any(l => l.Lines.Any(x => x.Function?.Name == "main.startWorkers.func1")));
        var diff = ProfileAnalysis.Diff(before, after);
        Assert.Equal("main.startWorkers.func1", diff.Suspects[0].Site!.Function);
        Assert.Equal("goroutine-growth", diff.Suspects[0].Kind);
        Assert.Contains("grew by 200", diff.Suspects[0].Reason);
    }

    [Fact]
    public void IncompatibleProfilesAreRefused()
    {
        var e = Assert.Throws<PprofFormatException>(() =>
            ProfileAnalysis.Diff(PprofReader.Load(Fixture("heap1.pb.gz")), PprofReader.Load(Fixture("goroutine.pb.gz"))));
        Assert.Contains("incompatible", e.Message);
    }
}
