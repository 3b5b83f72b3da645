using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Tests.Goroutines;

public class DumpDiffTests
{
    [Fact]
    public void TheBucketThatGrewBetweenTwoRealDumpsRanksFirst()
    {
        var diff = DumpDiff.Compare(DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug2-leak10.txt")),
                                    DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug2.txt")));
        var grew = diff.Changes[0];
        Assert.Equal(10, grew.OldCount);
        Assert.Equal(40, grew.NewCount);
        Assert.Equal(30, grew.Growth);
        Assert.Equal("main.leakySend", grew.Bucket.Site!.Function);
        Assert.All(diff.Changes.Skip(1), c => Assert.True(c.Growth < 30));

        var suspect = Assert.Single(diff.Suspects);
        Assert.Equal(EvidenceKind.GoroutineDumpDiff, suspect.Suspect.Evidence);
        Assert.Equal(new SourceSite("main.leakySend", "/src/dumpgen/main.go", DumpFixtures.Mark("send")), suspect.Suspect.Site);
        Assert.Equal(30, suspect.Goroutines);
        Assert.StartsWith("goroutines at main.leakySend", suspect.Suspect.Reason);
        Assert.Contains("grew by 30, from 10 to 40", suspect.Suspect.Reason);
    }

    [Fact]
    public void AnAggregatedDumpMatchesATracebackDumpOfTheSameProgram()
    {
        // ?debug=1 hides leading runtime frames and states; signatures still match, so nothing "grew".
        var diff = DumpDiff.Compare(DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug1.txt")),
                                    DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-panic-all.txt")));
        Assert.DoesNotContain(diff.Changes, c => c.Bucket.Site?.Function == "main.leakySend");
        Assert.DoesNotContain(diff.Changes, c => c.Bucket.Site?.Function == "main.(*store).update");
        Assert.Empty(diff.Suspects);
    }

    [Fact]
    public void ADumpAgainstItselfHasNoChange()
    {
        var a = DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-sigquit.txt"));
        var diff = DumpDiff.Compare(a, a);
        Assert.Empty(diff.Changes);
        Assert.Empty(diff.Suspects);
    }

    [Fact]
    public void BucketsThatDisappearedAreReportedWithNegativeGrowthLast()
    {
        var diff = DumpDiff.Compare(DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-debug2.txt")),
                                    DumpAnalyzer.AnalyzeFile(DumpFixtures.Path("go1.19.8-healthy-debug2.txt")));
        var last = diff.Changes[^1];
        Assert.Equal(-40, last.Growth);
        Assert.Equal("main.leakySend", last.Bucket.Site!.Function);
        Assert.Empty(diff.Suspects);
    }
}
