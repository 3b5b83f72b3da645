using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using GoPackage = LeakFinder.Semantics.Types.Package;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>
/// Loads a real source tree with the package loader (std from source), checks every package bottom-up with
/// imports served from the packages already checked, and runs all rules over them together: what
/// `leakfinder check` does, without the CLI, for the precision runs over GOROOT.
/// </summary>
public static class SourceTreeAnalysis
{
    public sealed record Outcome(AnalysisResult Result, int Packages, int Files, IReadOnlyList<string> LoadErrors);

    /// <summary>Runs on a thread with a large stack: the checker recurses once per operand of a binary
    /// expression, and std has constant expressions thousands of operands long.</summary>
    public static Outcome Run(LoadOptions options, GoVersion? goVersion, CancellationToken cancel)
    {
        Outcome? outcome = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                outcome = RunOnThisThread(options, goVersion, cancel);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 1 << 30);
        thread.Start();
        thread.Join();
        if (failure != null) throw new InvalidOperationException("source tree analysis failed", failure);
        return outcome!;
    }

    private static Outcome RunOnThisThread(LoadOptions options, GoVersion? goVersion, CancellationToken cancel)
    {
        var load = PackageLoader.Load(options);
        var checkedByPath = new Dictionary<string, GoPackage>(StringComparer.Ordinal);
        var importer = new StdModelImporter(StdApiModel.Default.For(GoVersion.Latest), path =>
            checkedByPath.GetValueOrDefault(path) ?? checkedByPath.GetValueOrDefault("vendor/" + path));
        var packages = new List<AnalysisPackage>();
        var files = 0;
        foreach (var p in load.Packages)
        {
            cancel.ThrowIfCancellationRequested();
            var parsed = p.Files.Select(f => f.Parse).ToList();
            var cp = Checker.Check(p.ImportPath, parsed.Select(f => f.File).ToList(), importer);
            checkedByPath[p.ImportPath] = cp.Package;
            if (!p.IsRoot) continue;
            files += parsed.Count;
            packages.Add(new AnalysisPackage(cp, parsed, load.FileSet, goVersion ?? p.Module?.Go));
        }
        var result = Analyzer.Run(packages, null, cancel);
        return new Outcome(result, packages.Count, files, load.Errors);
    }
}
