using LeakFinder.Check.Pipeline;

namespace LeakFinder.Analysis.Tests.Pipeline;

/// <summary>The garbage-collection settings a check reads from its environment, and the decisions they drive.</summary>
public sealed class GcPacingTests
{
    private static GcPacing From(params (string Name, string Value)[] vars) =>
        GcPacing.FromEnvironment(name => vars.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void DefaultsDoubleTheLiveSetAndCollectTheYoungEvery32MiB()
    {
        var pacing = From();
        Assert.Equal(new GcPacing(100, 32L << 20, null), pacing);
        Assert.Equal(400L << 20, pacing.FullTarget(200L << 20));
        Assert.Equal(GcPacing.Floor, pacing.FullTarget(1L << 20));
    }

    [Fact]
    public void YoungCollectionsArePacedOnlyOnceTheLiveSetIsLarge()
    {
        var pacing = From();
        Assert.False(pacing.PacesYoung(live: 85L << 20));
        Assert.True(pacing.PacesYoung(live: GcPacing.YoungFloor));
        Assert.False(From(("LEAKFINDER_GC_YOUNG_MB", "0")).PacesYoung(live: 1L << 30));
    }

    [Fact]
    public void SettingsOverrideTheDefaultsAndBadValuesAreIgnored()
    {
        var pacing = From(("LEAKFINDER_GC_PERCENT", "50"), ("LEAKFINDER_GC_YOUNG_MB", "0"));
        Assert.Equal(300L << 20, pacing.FullTarget(200L << 20));
        Assert.Equal(0, pacing.YoungBytes);
        Assert.Null(pacing.DeferBytes);

        var bad = From(("LEAKFINDER_GC_PERCENT", "-5"), ("LEAKFINDER_GC_YOUNG_MB", "lots"));
        Assert.Equal(new GcPacing(100, 32L << 20, null), bad);
    }

    [Fact]
    public void ABudgetReplacesPacingAndZeroOrGarbageMeansTheRuntimesOwnPolicy()
    {
        Assert.Equal(512L << 20, From(("LEAKFINDER_GC_BUDGET_MB", "512")).DeferBytes);
        Assert.Equal(0, From(("LEAKFINDER_GC_BUDGET_MB", "0")).DeferBytes);
        Assert.Equal(0, From(("LEAKFINDER_GC_BUDGET_MB", "x")).DeferBytes);
        Assert.Null(From(("LEAKFINDER_GC_BUDGET_MB", "")).DeferBytes);
    }

    [Fact]
    public void TheLargeObjectHeapIsCompactedOnlyWhenItsHolesAreManyAndAQuarterOfIt()
    {
        var pacing = From();
        Assert.True(pacing.CompactLargeObjects(size: 300L << 20, holes: 90L << 20));
        Assert.False(pacing.CompactLargeObjects(size: 400L << 20, holes: 90L << 20)); // under a quarter
        Assert.False(pacing.CompactLargeObjects(size: 40L << 20, holes: 20L << 20)); // too few to be worth it
    }
}
