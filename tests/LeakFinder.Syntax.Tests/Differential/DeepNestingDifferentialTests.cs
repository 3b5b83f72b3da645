using LeakFinder.Syntax.Tests.Robustness;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// Deeply nested constructs (the robustness test's shapes, at depths a dump can still afford: the dump
/// grows with the square of the depth) judged by both parsers. go/parser has two depth limits that
/// reject valid-looking code: 100,000 nesting levels in the parser, and 1,000 scopes in its (default)
/// object resolution, "exceeded max scope depth during object resolution". LeakFinder must give the
/// same verdict, the same dump when accepted and its first error on go/parser's line when rejected.
/// </summary>
public sealed class DeepNestingDifferentialTests
{
    [Fact]
    public async Task DeeplyNestedInputsAgreeWithGoParser()
    {
        var inputs = InputGenerator.DeeplyNested(100, 400, 1_001).ToList();
        var dir = Directory.CreateTempSubdirectory("leakfinder-nesting-");
        try
        {
            var paths = inputs.Select(i => Path.Combine(dir.FullName, Path.GetFileName(i.Name))).ToList();
            for (var i = 0; i < inputs.Count; i++) File.WriteAllBytes(paths[i], inputs[i].Source);
            var reference = Task.Run(() => ReferenceTool.Hashes(paths));
            var ours = new LeakFinderResult[paths.Count];
            Parallel.For(0, paths.Count, i => ours[i] = LeakFinderSide.HashFile(paths[i]));
            var refs = await reference;
            var disagreements = new List<string>();
            for (var i = 0; i < ours.Length; i++)
            {
                var (r, o) = (refs[i], ours[i]);
                var name = Path.GetFileName(r.Path);
                if (o.Crash != null) disagreements.Add($"{name}: LeakFinder threw {o.Crash}");
                else if (!r.Rejected && o.Rejected) disagreements.Add($"{name}: go/parser accepts, LeakFinder reports {o.Errors[0]}");
                else if (!r.Rejected && o.Hash != r.Hash) disagreements.Add($"{name}: dumps differ");
                else if (r.Rejected && !o.Rejected) disagreements.Add($"{name}: go/parser reports {r.Error}; LeakFinder accepts");
                else if (r.Rejected && o.FirstErrorLine != r.ErrorLine) disagreements.Add($"{name}: go/parser reports {r.Error}; LeakFinder {o.Errors[0]}");
            }
            var report = $"{ours.Length} nested inputs, {disagreements.Count} disagreements with go/parser\n" + string.Join('\n', disagreements);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            Assert.True(disagreements.Count == 0, report);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
