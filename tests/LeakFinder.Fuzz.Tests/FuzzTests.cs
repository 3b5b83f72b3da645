namespace LeakFinder.Fuzz.Tests;

/// <summary>
/// Every reader survives 20,000 mutated inputs from its seed corpus (issue #14): no exception other than its
/// documented input errors, no input allocating far beyond its size. LEAKFINDER_FUZZ_INPUTS changes the count
/// and LEAKFINDER_FUZZ_SECONDS runs each target for a time instead (tools/fuzz.sh); LEAKFINDER_FUZZ_SEED
/// starts another campaign. A failure prints the input's number and bytes so it can be made into a test.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 20_000;
    private const long MaxPeakBytes = 2L << 30;

    public static TheoryData<string> Readers() => ["dump text", "dump protobuf", "profile", "gctrace", "proc", "race", "go test", "memstats", "check"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void AReaderSurvivesMutatedInputs(string reader)
    {
        var target = reader switch
        {
            "dump text" => Targets.DumpText(),
            "dump protobuf" => Targets.DumpProtobuf(),
            "profile" => Targets.Profile(),
            "gctrace" => Targets.GcTrace(),
            "proc" => Targets.Proc(),
            "race" => Targets.Race(),
            "go test" => Targets.GoTest(),
            "memstats" => Targets.MemStats(),
            _ => Targets.Check(),
        };
        Assert.NotEmpty(target.Seeds);
        var inputs = long.TryParse(Environment.GetEnvironmentVariable("LEAKFINDER_FUZZ_INPUTS"), out var n) ? n : DefaultInputs;
        TimeSpan? duration = double.TryParse(Environment.GetEnvironmentVariable("LEAKFINDER_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LEAKFINDER_FUZZ_SEED"), out var given) ? given : FuzzRunner.Seed;
        var report = FuzzRunner.Run(target, inputs, duration, seed);
        output.WriteLine(report.ToString());
        foreach (var f in report.Failures.Take(3)) output.WriteLine($"#{f.Input} as base64: {Convert.ToBase64String(f.Data)}");
        Assert.True(report.Failures.Count == 0, report.ToString());
        // Bounded memory for the readers whose work runs on other threads (check), where allocation per input is not seen.
        Assert.True(report.PeakWorkingSet < MaxPeakBytes, report.ToString());
        Assert.True(report.Inputs >= Math.Min(inputs, 1) || duration != null, report.ToString());
    }
}
