// LeakFinder's side of bench/types/run.sh, the twin of tools/typesbench (go/types): loads every std
// package of GOROOT from source (PackageLoader: find, select by build constraints, parse in parallel),
// type-checks them all (ProgramChecker: level by level of the dependency graph, in parallel) and prints:
//
//   checker=leakfinder threads=N packages=P files=F type_errors=E load_s=S check_s=S best_s=S first_s=S cpu_s=S vmhwm_kb=K
//
// load_s is PackageLoader.Load (go/build's work plus parsing), check_s ProgramChecker.Check alone;
// best_s is the fastest round's load_s + check_s, first_s the first round's (JIT included), cpu_s the
// process CPU time of the best round (all threads, GC included), vmhwm_kb the peak RSS at exit. Each
// round's result stays alive until the next round starts. threads is Environment.ProcessorCount, which
// DOTNET_PROCESSOR_COUNT=1 lowers for a one-core run. --profile prints where the check time goes instead.
//
//   leakfinder-bench-types --goroot DIR [--runs R] [--profile | --check-phases | --list]
using System.Diagnostics;
using System.Globalization;
using LeakFinder.Bench.Types;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;

string? goroot = null;
var runs = 3;
var profile = false;
var checkPhases = false; // time the phases of `leakfinder check --tests std` instead (CheckPhases.cs)
var list = false; // print every loaded package and its file count (to compare the file set with go list's)
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--goroot": goroot = args[++i]; break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--profile": profile = true; break;
        case "--list": list = true; break;
        case "--check-phases": checkPhases = true; break;
        default:
            Console.Error.WriteLine($"leakfinder-bench-types: unknown argument {args[i]}");
            return 2;
    }
}
if (goroot == null)
{
    Console.Error.WriteLine("leakfinder-bench-types: --goroot DIR is required");
    return 2;
}

var release = new GoVersion(1, 19);
var env = new GoEnvironment(new Dictionary<string, string?> { ["GOROOT"] = goroot, ["CGO_ENABLED"] = "0" });
var options = new LoadOptions
{
    Dir = Path.Combine(goroot, "src"), Patterns = ["std"], StdFromSource = true, Release = release, Env = env,
    GOOS = "linux", GOARCH = "amd64",
};
var std = StdApiModel.Default.For(release); // built once, outside the timing: it is the same for every round

if (checkPhases)
{
    CheckPhases.Run(goroot, runs);
    return 0;
}
if (list)
{
    foreach (var p in PackageLoader.Load(options).Packages) Console.WriteLine($"{p.ImportPath} {p.Files.Count}");
    return 0;
}
if (profile)
{
    CheckProfile.Run(options, std, runs);
    return 0;
}

CheckedProgram? retained = null;
LoadResult? lastLoad = null;
TimeSpan best = TimeSpan.MaxValue, first = default, bestLoad = default, bestCheck = default, bestCpu = default;
var typeErrors = 0;
for (var r = 0; r < runs; r++)
{
    retained = null; // the previous round's packages become garbage, as typesbench's do
    lastLoad = null;
    GC.Collect();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var load = PackageLoader.Load(options);
    var loaded = clock.Elapsed;
    var program = ProgramChecker.Check(load, std);
    clock.Stop();
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    if (load.Errors.Count > 0 || load.Cycles.Count > 0)
    {
        foreach (var e in load.Errors) Console.Error.WriteLine(e);
        Console.Error.WriteLine($"leakfinder-bench-types: {load.Errors.Count} load errors, {load.Cycles.Count} cycles");
        return 1;
    }
    (retained, lastLoad) = (program, load);
    if (r == 0) first = clock.Elapsed;
    if (clock.Elapsed < best) (best, bestLoad, bestCheck, bestCpu) = (clock.Elapsed, loaded, clock.Elapsed - loaded, cpu);
    typeErrors = 0;
    foreach (var (_, c) in program.Packages) typeErrors += c.Errors.Count;
}

var files = 0;
foreach (var p in lastLoad!.Packages) files += p.Files.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"checker=leakfinder threads={Environment.ProcessorCount} packages={lastLoad.Packages.Count} files={files} type_errors={typeErrors} " +
    $"load_s={bestLoad.TotalSeconds:F3} check_s={bestCheck.TotalSeconds:F3} best_s={best.TotalSeconds:F3} first_s={first.TotalSeconds:F3} " +
    $"cpu_s={bestCpu.TotalSeconds:F3} vmhwm_kb={ProcStatus.VmHwmKb()}"));
GC.KeepAlive(retained);
return 0;
