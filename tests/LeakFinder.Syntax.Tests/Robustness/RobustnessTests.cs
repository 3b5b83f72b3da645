namespace LeakFinder.Syntax.Tests.Robustness;

/// <summary>
/// Tests that judge elapsed time run alone, after the parallel tests: the differential test keeps both
/// cores busy and would otherwise be measured as parser slowness.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing: runs alone";
}

/// <summary>
/// Acceptance 2 of issue 4: over at least 20,000 inputs made deterministically from std files
/// (truncations, byte flips, insertions, deletions, deep nesting, a 50 MB file) the parser never throws,
/// takes at most 1 s per MB on any input, and reports every error as `file:line:col: message`.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class RobustnessTests
{
    private const int SampleFiles = 250;
    private const int MutantsPerFile = 80; // 250 x 80 = 20,000 mutants

    [Fact]
    public void MutatedStdFiles_NeverThrow_ReportWellFormedErrors_InLinearTime()
    {
        var rng = new Random(InputGenerator.Seed);
        var samples = InputGenerator.SampleStdFiles(SampleFiles, rng);
        Assert.True(samples.Count == SampleFiles, $"only {samples.Count} usable std files");
        var inputs = InputGenerator.Mutants(samples, MutantsPerFile, rng).ToList();
        Assert.True(inputs.Count >= 20_000);
        AssertRobust("mutants", RobustnessRunner.Run(inputs));
    }

    [Fact]
    public void DeeplyNestedInputs_NeverThrow_ReportWellFormedErrors_InLinearTime() =>
        AssertRobust("nesting", RobustnessRunner.Run(InputGenerator.DeeplyNested(10_000, 100_000).ToList()));

    [Fact]
    public void FiftyMegabyteFile_ParsesWithoutErrors_InLinearTime()
    {
        var huge = InputGenerator.Huge(50 * 1024 * 1024);
        Assert.True(huge.Source.Length >= 50 * 1024 * 1024, $"only {huge.Source.Length} bytes of std declarations");
        var summary = RobustnessRunner.Run([huge]);
        AssertRobust("50 MB", summary);
        Assert.True(summary.WithErrors == 0, "the 50 MB file is valid Go (go/parser accepts it), yet LeakFinder reported errors");
    }

    private static void AssertRobust(string what, RobustnessRunner.Summary summary)
    {
        var report = $"{what}: {summary}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.Error.WriteLine(report);
        Assert.True(summary.Failures.Count == 0,
            report + "\n" + string.Join('\n', summary.Failures.Take(10).Select(RobustnessRunner.Describe)));
    }
}
