using System.Text;
using LeakFinder.Syntax.Tests.Robustness;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// The differential test on broken input: std files truncated, with bytes flipped, inserted or deleted
/// (the robustness test's generator, another seed), written to a temporary directory and judged by both
/// parsers. Where go/parser still accepts a mutant, the dumps must be identical; where it rejects one,
/// LeakFinder must reject it too, with its first error on go/parser's line for at least 95% of them.
/// This exercises error recovery and error positions far beyond the few rejected files in $GOROOT.
/// </summary>
public sealed class MutantDifferentialTests
{
    private const int SampleFiles = 100;
    private const int MutantsPerFile = 40;

    [Fact]
    public async Task MutatedStdFilesAgreeWithGoParser()
    {
        var rng = new Random(InputGenerator.Seed + 1);
        var inputs = InputGenerator.Mutants(InputGenerator.SampleStdFiles(SampleFiles, rng), MutantsPerFile, rng).ToList();
        var dir = Directory.CreateTempSubdirectory("leakfinder-mutants-");
        try
        {
            var paths = new List<string>(inputs.Count);
            foreach (var input in inputs)
            {
                var path = Path.Combine(dir.FullName, input.Name.Replace('/', '-'));
                File.WriteAllBytes(path, input.Source);
                paths.Add(path);
            }
            var reference = Task.Run(() => ReferenceTool.Hashes(paths));
            var ours = new LeakFinderResult[paths.Count];
            Parallel.For(0, paths.Count, i => ours[i] = LeakFinderSide.HashFile(paths[i]));
            Judge(await reference, ours);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Judge(IReadOnlyList<ReferenceResult> reference, LeakFinderResult[] ours)
    {
        int accepted = 0, sameDump = 0, rejected = 0, alsoRejected = 0, sameLine = 0, sameError = 0;
        var examples = new List<string>();
        for (var i = 0; i < ours.Length; i++)
        {
            var (r, o) = (reference[i], ours[i]);
            if (!r.Rejected)
            {
                accepted++;
                if (o.Hash == r.Hash) sameDump++;
                else if (examples.Count < 10)
                    examples.Add($"  DUMP DIFFERS {r.Path}: go/parser accepts; LeakFinder " +
                                 (o.Crash ?? (o.Rejected ? "reports " + o.Errors[0] : "dumps differently")));
                continue;
            }
            rejected++;
            if (o.Rejected) alsoRejected++;
            if (o.Rejected && o.Errors[0].Replace("\n", "\\n") == r.Error) sameError++;
            if (o.Rejected && o.FirstErrorLine == r.ErrorLine) sameLine++;
            else if (examples.Count < 10)
                examples.Add($"  OTHER VERDICT go/parser: {r.Error}\n                LeakFinder: {(o.Crash ?? (o.Rejected ? o.Errors[0] : "no error"))}");
        }
        var report = new StringBuilder();
        report.AppendLine($"{ours.Length} mutants: go/parser accepts {accepted}, LeakFinder dumps {sameDump} of them identically; " +
                          $"go/parser rejects {rejected}, LeakFinder rejects {alsoRejected} of them, first error on go/parser's line for {sameLine} " +
                          $"({(rejected == 0 ? 0 : 100.0 * sameLine / rejected):F2}%, required 95%), identical first error (position and message) for {sameError}");
        foreach (var e in examples) report.AppendLine(e);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Console.Error.WriteLine(report.ToString());
        Assert.True(sameDump == accepted && alsoRejected == rejected && sameLine >= 0.95 * rejected, report.ToString());
    }
}
