using System.Diagnostics;
using System.Globalization;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;
using LeakFinder.Syntax.Scanning;

/// <summary>
/// `--profile`: where a single-threaded parse of the file list spends its CPU time, by difference of
/// three passes (best of --runs each): scanning alone; parsing with every AST dropped at once (the
/// parser and AST construction, with only short-lived garbage); parsing with every AST retained (as the
/// benchmark does: the extra time is the GC promoting and marking the growing retained graph).
/// </summary>
internal static class Profile
{
    public static void Run(List<string> paths, byte[][] sources, int runs)
    {
        var scan = Best(runs, () =>
        {
            var fset = new FileSet();
            var scanner = new Scanner();
            for (var i = 0; i < paths.Count; i++)
            {
                scanner.Init(fset.AddFile(paths[i], -1, sources[i].Length), sources[i], null, ScannerMode.ScanComments);
                while (scanner.Scan(out _, out _) != Token.EOF) { }
            }
        });
        var dropped = Best(runs, () =>
        {
            var fset = new FileSet();
            for (var i = 0; i < paths.Count; i++) Parser.ParseFile(fset, paths[i], sources[i], ParserMode.ParseComments);
        });
        var kept = Best(runs, () =>
        {
            var fset = new FileSet();
            var results = new ParseResult[paths.Count];
            for (var i = 0; i < paths.Count; i++) results[i] = Parser.ParseFile(fset, paths[i], sources[i], ParserMode.ParseComments);
            GC.KeepAlive(results);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile=leakfinder threads=1 scan_cpu_s={scan.Cpu:F3} parse_dropped_cpu_s={dropped.Cpu:F3} parse_kept_cpu_s={kept.Cpu:F3} " +
            $"gc_kept={kept.Gcs} gc_dropped={dropped.Gcs} allocated_mb={kept.AllocatedMb:F0}"));
    }

    private static (double Cpu, int Gcs, double AllocatedMb) Best(int runs, Action pass)
    {
        (double Cpu, int Gcs, double AllocatedMb) best = (double.MaxValue, 0, 0);
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var gcs = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            pass();
            var spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (spent < best.Cpu)
                best = (spent, GC.CollectionCount(0) - gcs, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
        }
        return best;
    }
}
