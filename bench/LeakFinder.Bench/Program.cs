// LeakFinder's side of bench/parse/run.sh, the twin of tools/parsebench (go/parser): parses every file
// named on stdin into ASTs that stay alive until the end (ParseComments, one FileSet), with one thread
// or a pool of --threads workers taking the next file, and prints the same result line:
//
//   parser=leakfinder threads=N files=F bytes=B errors=E best_s=S first_s=S cpu_s=S files_per_s=R mb_per_s=R vmhwm_kb=K
//
// Files are read into memory before timing. Each of --runs rounds parses everything again and replaces
// the retained ASTs; the best round is reported (first_s is the first, JIT included), cpu_s is the
// process CPU time (all threads, GC included) of the best round, which a busy machine distorts far less
// than wall time, and vmhwm_kb is the process's peak RSS at exit. --profile instead prints where the
// CPU time of a single-threaded parse goes (Profile.cs). --each prints, per file, the best single-threaded
// parse time and its seconds per MB (bench/parse/nesting.sh: the parser's linear-time limit, timed here and
// not in unit tests, which bound the parser's steps instead).
using System.Diagnostics;
using System.Globalization;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

var threads = 1;
var runs = 3;
var profile = false;
var each = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--profile": profile = true; break;
        case "--each": each = true; break;
        default:
            Console.Error.WriteLine($"leakfinder-bench: unknown argument {args[i]}");
            return 2;
    }
}

var paths = new List<string>();
for (var line = Console.ReadLine(); line != null; line = Console.ReadLine())
    if (line.Trim() is { Length: > 0 } p) paths.Add(p);
var sources = new byte[paths.Count][];
long total = 0;
for (var i = 0; i < paths.Count; i++)
{
    sources[i] = File.ReadAllBytes(paths[i]);
    total += sources[i].Length;
}

if (each)
{
    for (var i = 0; i < paths.Count; i++)
    {
        var fastest = TimeSpan.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            Parser.ParseFile(new FileSet(), paths[i], sources[i], ParserMode.ParseComments);
            if (clock.Elapsed < fastest) fastest = clock.Elapsed;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file={paths[i]} bytes={sources[i].Length} best_ms={fastest.TotalMilliseconds:F1} s_per_mb={fastest.TotalSeconds / Math.Max(sources[i].Length, 1) * 1e6:F3}"));
    }
    return 0;
}

if (profile)
{
    Profile.Run(paths, sources, runs);
    return 0;
}

ParseResult?[] retained = [];
TimeSpan best = TimeSpan.MaxValue, first = default, bestCpu = default;
var errors = 0;
for (var r = 0; r < runs; r++)
{
    retained = []; // the previous round's ASTs become garbage, as go/parser's side does
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    retained = ParseAll(paths, sources, threads, out errors);
    clock.Stop();
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    if (r == 0) first = clock.Elapsed;
    if (clock.Elapsed < best) (best, bestCpu) = (clock.Elapsed, cpu);
}

var secs = best.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"parser=leakfinder threads={threads} files={paths.Count} bytes={total} errors={errors} best_s={secs:F3} first_s={first.TotalSeconds:F3} cpu_s={bestCpu.TotalSeconds:F3} " +
    $"files_per_s={paths.Count / secs:F0} mb_per_s={total / secs / 1e6:F1} vmhwm_kb={VmHwmKb()}"));
GC.KeepAlive(retained);
return 0;

static ParseResult?[] ParseAll(List<string> paths, byte[][] sources, int threads, out int errors)
{
    var fset = new FileSet();
    var results = new ParseResult?[paths.Count];
    var next = -1;
    var failed = 0;
    var workers = new Thread[threads];
    for (var t = 0; t < threads; t++)
    {
        workers[t] = new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < paths.Count)
            {
                var result = Parser.ParseFile(fset, paths[i], sources[i], ParserMode.ParseComments);
                if (result.HasErrors) Interlocked.Increment(ref failed);
                results[i] = result;
            }
        });
        workers[t].Start();
    }
    foreach (var w in workers) w.Join();
    errors = failed;
    return results;
}

static long VmHwmKb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    return -1;
}
