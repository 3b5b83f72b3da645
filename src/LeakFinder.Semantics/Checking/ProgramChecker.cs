using System.Collections.Concurrent;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Checking;

/// <summary>The checked packages of one load, in the load's dependency order.</summary>
public sealed class CheckedProgram(IReadOnlyList<(LoadedPackage Loaded, CheckedPackage Checked)> packages)
{
    public IReadOnlyList<(LoadedPackage Loaded, CheckedPackage Checked)> Packages { get; } = packages;
}

/// <summary>
/// Type-checks every package of a load bottom-up: a package's source imports are checked before it, in
/// parallel level by level; std imports not loaded from source come from the std API model; imports that
/// were not found are unknown packages (members of invalid type, no errors).
/// </summary>
public static class ProgramChecker
{
    public static CheckedProgram Check(LoadResult load, StdApiView std)
    {
        var done = new ConcurrentDictionary<LoadedPackage, CheckedPackage>(ReferenceEqualityComparer.Instance);
        var unknowns = new ConcurrentDictionary<string, Package>(StringComparer.Ordinal);
        foreach (var level in Levels(load.Packages))
        {
            Parallel.ForEach(level, p =>
            {
                var importer = new LoadedImporter(p, done, std, unknowns);
                done[p] = Checker.Check(p.ImportPath, p.Files.Select(f => f.Parse.File).ToList(), importer);
            });
        }
        return new CheckedProgram(load.Packages.Select(p => (p, done[p])).ToList());
    }

    /// <summary>Groups packages so every package's source imports are in an earlier group (cycles broken arbitrarily).</summary>
    private static List<List<LoadedPackage>> Levels(IReadOnlyList<LoadedPackage> ordered)
    {
        var level = new Dictionary<LoadedPackage, int>(ReferenceEqualityComparer.Instance);
        var levels = new List<List<LoadedPackage>>();
        foreach (var p in ordered)
        {
            var l = 0;
            foreach (var imp in p.Imports)
                if (imp.Package != null && level.TryGetValue(imp.Package, out var dl)) l = Math.Max(l, dl + 1);
            level[p] = l;
            while (levels.Count <= l) levels.Add([]);
            levels[l].Add(p);
        }
        return levels;
    }

    private sealed class LoadedImporter(
        LoadedPackage pkg,
        ConcurrentDictionary<LoadedPackage, CheckedPackage> done,
        StdApiView std,
        ConcurrentDictionary<string, Package> unknowns) : IImporter
    {
        public Package Import(string path)
        {
            var imp = pkg.Imports.FirstOrDefault(i => i.Path == path);
            if (imp?.Package != null && done.TryGetValue(imp.Package, out var checkedPkg)) return checkedPkg.Package;
            if (imp == null || imp.Kind == ImportKind.Std)
                if (std.Import(imp?.ResolvedPath ?? path) is { } model) return model;
            return unknowns.GetOrAdd(path, p => new Package(p, StdApiView.PackageNameOf(p), isUnknown: true));
        }
    }
}
