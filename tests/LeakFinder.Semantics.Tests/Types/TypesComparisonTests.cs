using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Types;

/// <summary>
/// Acceptance 1 of the semantic layer: over 66 std packages (checked from $GOROOT/src, as go/types' source
/// importer does) LeakFinder's types dump equals tools/typesdump's line for line. Measured with Go 1.19: all
/// 290,797 lines of std identical, none only in LeakFinder's; on testdata/modules all 193 lines, plus the one
/// line below that only LeakFinder prints. The tests assert those figures, not a rate.
/// </summary>
public class TypesComparisonTests(ITestOutputHelper output)
{
    [Fact]
    public void StdPackagesMatchGoTypes()
    {
        var reference = TypesReference.Std();
        var goroot = GoToolchain.RequireGoRoot();
        var env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = goroot, ["CGO_ENABLED"] = "0", ["GO111MODULE"] = "off" });
        var load = PackageLoader.Load(new LoadOptions
        {
            Dir = Path.Combine(goroot, "src"),
            Patterns = TypesReference.StdPackages,
            StdFromSource = true,
            Release = new GoVersion(1, 19),
            Env = env,
        });
        var program = ProgramChecker.Check(load, StdApiModel.Default.For(new GoVersion(1, 19)));
        var ours = program.Packages.ToDictionary(p => p.Loaded.ImportPath, p => p);

        long total = 0, matched = 0, extra = 0;
        var report = new List<string>();
        foreach (var refPkg in reference)
        {
            total += refPkg.Lines.Count;
            if (!ours.TryGetValue(refPkg.ImportPath, out var p))
            {
                report.Add($"{refPkg.ImportPath}: not loaded");
                continue;
            }
            var lines = TypesDumper.Lines(p.Checked, p.Loaded.Files.Select(f => (f.Parse.File, f.Parse.TokenFile)).ToList());
            var (m, missing, surplus) = Compare(refPkg.Lines, lines);
            matched += m;
            extra += surplus.Count;
            if (missing.Count > 0 && report.Count < 40)
                report.Add($"{refPkg.ImportPath}: {m}/{refPkg.Lines.Count}; missing e.g. {string.Join(" | ", missing.Take(3))}; ours e.g. {string.Join(" | ", surplus.Take(3))}");
        }
        var rate = (double)matched / total;
        output.WriteLine($"types lines: {total} reference, {matched} identical ({rate:P2}), {extra} only in LeakFinder's");
        foreach (var r in report) output.WriteLine(r);
        Assert.True(matched == total && extra == 0, $"{total - matched} of {total} lines differ from go/types' ({rate:P2} identical), {extra} only in LeakFinder's; {string.Join("\n", report.Take(10))}");
    }

    /// <summary>The one line of testdata/modules only LeakFinder prints: in the import cycle a -> b -> a the
    /// reference cannot import b (the cycle is an error) and records nothing for `b.B` in a.go, while LeakFinder
    /// reports the cycle and still types the selector.</summary>
    private const string OnlyInLeakFinder = "a.go:5:14 B func func()";

    [Fact]
    public void TestdataModulesMatchGoTypes()
    {
        var goroot = GoToolchain.RequireGoRoot();
        long total = 0, matched = 0;
        var report = new List<string>();
        var surplusLines = new List<string>();
        foreach (var group in TypesReference.TestdataModules().GroupBy(x => x.Module))
        {
            var m = group.Key;
            var vars = new Dictionary<string, string?> { ["GOROOT"] = goroot, ["CGO_ENABLED"] = "0", ["GOFLAGS"] = "", ["GOWORK"] = "" };
            if (m.GoPathMode)
            {
                vars["GO111MODULE"] = "off";
                vars["GOPATH"] = RepoPaths.Combine("testdata", "modules", "gopath");
            }
            var load = PackageLoader.Load(new LoadOptions
            {
                Dir = m.Dir,
                Patterns = [m.Pattern],
                Tests = m.Tests,
                StdFromSource = true,
                Release = new GoVersion(1, 19),
                Env = new GoEnvironment(vars),
            });
            var program = ProgramChecker.Check(load, StdApiModel.Default.For(new GoVersion(1, 19)));
            foreach (var (_, refPkg) in group)
            {
                total += refPkg.Lines.Count;
                var ours = program.Packages.FirstOrDefault(p => p.Loaded.ImportPath == refPkg.ImportPath
                    || p.Loaded.IsXTest && p.Loaded.ImportPath + "_test" == refPkg.ImportPath && refPkg.ImportPath.EndsWith("_test", StringComparison.Ordinal));
                if (ours.Loaded == null)
                {
                    report.Add($"{m.Name} {refPkg.ImportPath}: not loaded (have {string.Join(", ", program.Packages.Select(p => p.Loaded.ImportPath + (p.Loaded.IsXTest ? "[xtest]" : "")))})");
                    continue;
                }
                var lines = TypesDumper.Lines(ours.Checked, ours.Loaded.Files.Select(f => (f.Parse.File, f.Parse.TokenFile)).ToList());
                var (mt, missing, surplus) = Compare(refPkg.Lines, lines);
                matched += mt;
                surplusLines.AddRange(surplus);
                if (missing.Count > 0 || surplus.Count > 0)
                    report.Add($"{m.Name} {refPkg.ImportPath}: {mt}/{refPkg.Lines.Count}; missing {string.Join(" | ", missing.Take(3))}; ours {string.Join(" | ", surplus.Take(3))}");
            }
        }
        var rate = total == 0 ? 0 : (double)matched / total;
        output.WriteLine($"testdata modules: {total} reference lines, {matched} identical ({rate:P2})");
        foreach (var r in report) output.WriteLine(r);
        Assert.True(total > 0, "typesdump printed nothing for testdata/modules");
        Assert.True(matched == total, $"{total - matched} of {total} lines differ from go/types' ({rate:P2} identical); {string.Join("\n", report.Take(10))}");
        Assert.Equal([OnlyInLeakFinder], surplusLines);
    }

    /// <summary>Multiset comparison: how many reference lines LeakFinder printed too, and the differences.</summary>
    private static (long Matched, List<string> Missing, List<string> Surplus) Compare(IReadOnlyList<string> reference, IReadOnlyList<string> ours)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in ours) counts[l] = counts.GetValueOrDefault(l) + 1;
        long matched = 0;
        var missing = new List<string>();
        foreach (var l in reference)
        {
            if (counts.TryGetValue(l, out var c) && c > 0)
            {
                counts[l] = c - 1;
                matched++;
            }
            else missing.Add(l);
        }
        var surplus = counts.Where(kv => kv.Value > 0).SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).ToList();
        return (matched, missing, surplus);
    }
}
