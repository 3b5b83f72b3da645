using System.Diagnostics;
using System.Globalization;
using LeakFinder.Check.Pipeline;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Bench.Types;

/// <summary>
/// Where the time of `leakfinder check --tests std` goes (bench/check/run.sh's LeakFinder run), measured
/// in-process: CheckRunner reports each phase through its progress callback (loading, type-checking,
/// running rules), so the wall and process CPU time between two messages is that phase's. Rounds after
/// the first show the cost without JIT.
/// </summary>
internal static class CheckPhases
{
    public static void Run(string goroot, int runs)
    {
        for (var r = 0; r < runs; r++)
        {
            var phases = new List<(string Name, TimeSpan Wall, TimeSpan Cpu)>();
            var clock = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            string? current = null;
            TimeSpan start = default, cpuStart = cpu0;
            void Mark(string? next)
            {
                var now = clock.Elapsed;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                if (current != null) phases.Add((current, now - start, cpu - cpuStart));
                (current, start, cpuStart) = (next, now, cpu);
            }
            var result = CheckRunner.Run(new CheckOptions
            {
                WorkDir = Path.Combine(goroot, "src"), Patterns = ["std"], Tests = true, GOOS = "linux", GOARCH = "amd64",
                Env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = goroot, ["CGO_ENABLED"] = "0" }),
                Progress = Mark,
            });
            Mark("reporting (suppressions, baseline, sorting)");
            Mark(null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {r + 1}: {clock.Elapsed.TotalSeconds:F3} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F3} s CPU, {result.Findings.Count} findings"));
            foreach (var (name, wall, cpu) in phases)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {wall.TotalSeconds,7:F3} s wall {cpu.TotalSeconds,7:F3} s CPU  {name}"));
        }
    }
}
