using System.Diagnostics;
using LeakFinder.Analysis.Engine;
using LeakFinder.Check.Baseline;
using LeakFinder.Check.Fixes;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>
/// The suggested fixes of every rule against its testdata, as analysistest's RunWithSuggestedFixes: for a file
/// x.go whose findings carry fixes, x.go.golden holds the source with all of them applied. A file with fixes and
/// no golden fails (every fix is pinned), and so does a golden whose file gets no fix (a fix went missing). The
/// fixed package is analysed again: the fixed findings are gone and nothing new appears. With Go installed, the
/// fixed files are gofmt-clean. LEAKFINDER_UPDATE_GOLDEN=1 rewrites the goldens (review the diff).
/// </summary>
public class RuleFixGoldenTests
{
    public static TheoryData<string> RuleIds() => RuleTestdataTests.RuleIds();

    private static bool Update => Environment.GetEnvironmentVariable("LEAKFINDER_UPDATE_GOLDEN") == "1";

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void FixesTurnEachFileIntoItsGolden(string id)
    {
        var dir = RepoPaths.Combine("testdata", "rules", id);
        var rule = RuleRegistry.Find(id)!;
        var before = Analyzer.Run(new TestdataLoader(dir).LoadAll(), [rule], TestContext.Current.CancellationToken).Diagnostics;
        var plan = FixApplier.Plan(before, new SourceFiles(dir));
        Assert.True(plan.Skipped.Count == 0, string.Join("\n", plan.Skipped.Select(s => $"{s.Finding.Span}: {s.Reason}")));
        var fixedFiles = plan.Files.ToDictionary(f => Path.GetFullPath(f.Path), StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(dir, "*.go", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal))
        {
            var golden = file + ".golden";
            if (!fixedFiles.TryGetValue(file, out var f))
            {
                if (File.Exists(golden)) problems.Add($"{golden}: no fix applies to {Path.GetFileName(file)} any more");
                continue;
            }
            var text = System.Text.Encoding.UTF8.GetString(f.After);
            if (Update) File.WriteAllText(golden, text);
            if (!File.Exists(golden)) problems.Add($"{file}: findings with fixes, but no {Path.GetFileName(golden)} (LEAKFINDER_UPDATE_GOLDEN=1 writes it)");
            else if (File.ReadAllText(golden) != text) problems.Add($"{golden}: the fixed source differs:\n{UnifiedDiff.Format(golden, "fixed", File.ReadAllText(golden), text)}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        if (plan.Files.Count == 0) return;

        // The fixed package, analysed again: exactly the fixed findings are gone.
        var copy = Directory.CreateTempSubdirectory("leakfinder-fixed-");
        try
        {
            CopyTree(dir, copy.FullName);
            foreach (var f in plan.Files)
                File.WriteAllBytes(Path.Combine(copy.FullName, Path.GetRelativePath(dir, f.Path)), f.After);
            var loader = new TestdataLoader(copy.FullName);
            var after = Analyzer.Run(loader.LoadAll(), [rule], TestContext.Current.CancellationToken).Diagnostics;
            Assert.Empty(loader.Errors);
            var fixedCount = plan.Fixed.Count();
            Assert.True(after.Count == before.Count - fixedCount,
                $"{before.Count} findings, {fixedCount} fixed, but {after.Count} after fixing:\n" + string.Join("\n", after.Select(d => $"{d.Span}: {d.Message}")));
            GofmtClean(plan.Files.Select(f => Path.Combine(copy.FullName, Path.GetRelativePath(dir, f.Path))).ToList());
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>gofmt -l names no fixed file (each testdata file was gofmt-clean before; checked with Go only).</summary>
    private static void GofmtClean(List<string> files)
    {
        if (GoToolchain.GofmtOrNull() is not { } gofmt) return;
        var psi = new ProcessStartInfo(gofmt, ["-l", .. files]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(output.Trim().Length == 0, "gofmt -l after the fixes: " + output);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
