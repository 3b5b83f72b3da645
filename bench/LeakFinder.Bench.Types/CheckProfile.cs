using System.Diagnostics;
using System.Globalization;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Bench.Types;

/// <summary>
/// Where the time of loading and checking std goes, measured in-process (no sampling profiler for .NET
/// on this machine): the load, ProgramChecker on all cores, then every package checked again on one
/// thread in dependency order with its own stopwatch, so the packages that dominate show up, and the
/// sum gives the single-thread check time to set against go/types'.
/// </summary>
internal static class CheckProfile
{
    public static void Run(LoadOptions options, StdApiView std, int runs)
    {
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            var load = PackageLoader.Load(options);
            var loadTime = clock.Elapsed;
            clock.Restart();
            ProgramChecker.Check(load, std);
            var parallel = clock.Elapsed;

            var done = new Dictionary<LoadedPackage, CheckedPackage>(ReferenceEqualityComparer.Instance);
            var times = new List<(string Path, TimeSpan Time, int Files)>();
            var gc0 = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
            var pause0 = GC.GetTotalPauseDuration();
            var alloc0 = GC.GetTotalAllocatedBytes();
            clock.Restart();
            foreach (var p in load.Packages) // dependency order
            {
                var t = Stopwatch.StartNew();
                done[p] = Checker.Check(p.ImportPath, p.Files.Select(f => f.Parse.File).ToList(), new Importer(p, done, std));
                times.Add((p.ImportPath, t.Elapsed, p.Files.Count));
            }
            var sequential = clock.Elapsed;
            var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gc0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {r + 1}: load {loadTime.TotalSeconds:F3} s, check on {Environment.ProcessorCount} cores {parallel.TotalSeconds:F3} s, " +
                $"check on 1 thread {sequential.TotalSeconds:F3} s ({gcs} GCs, {(GC.GetTotalPauseDuration() - pause0).TotalSeconds:F3} s paused, " +
                $"{(GC.GetTotalAllocatedBytes() - alloc0) / (1 << 20)} MiB allocated)"));
            if (r < runs - 1) continue;
            times.Sort((a, b) => b.Time.CompareTo(a.Time));
            Console.WriteLine("slowest packages (1 thread):");
            for (var i = 0; i < Math.Min(20, times.Count); i++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {times[i].Time.TotalMilliseconds,8:F1} ms  {times[i].Files,3} files  {times[i].Path}"));
        }
    }

    private sealed class Importer(LoadedPackage pkg, Dictionary<LoadedPackage, CheckedPackage> done, StdApiView std) : IImporter
    {
        public Package Import(string path)
        {
            foreach (var imp in pkg.Imports)
                if (imp.Path == path && imp.Package != null && done.TryGetValue(imp.Package, out var c)) return c.Package;
            return std.Import(path) ?? new Package(path, StdApiView.PackageNameOf(path), isUnknown: true);
        }
    }
}
