using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Builds every test program once per test run into a temporary directory. Two `go build` invocations:
/// the cgo program alone with CGO_ENABLED=1, every other one with CGO_ENABLED=0 (no C toolchain, no libc
/// resolver), each building all of its programs at once so the shared packages compile once. A failed
/// cgo build (no C compiler) fails only the cgo program's tests.
/// The Go build cache lives in the system temp directory and is kept between runs: a rebuild is a second.
/// </summary>
public static class ProgramBuild
{
    private static readonly Lazy<string> Bin = new(() =>
    {
        RemoveAbandonedBuilds();
        return Directory.CreateTempSubdirectory(BinPrefix).FullName;
    });
    private static readonly Lazy<Task> Pure = new(() => Task.Run(() => Build(cgoEnabled: false)));
    private static readonly Lazy<Task> Cgo = new(() => Task.Run(() => Build(cgoEnabled: true)));

    /// <summary>The directory the executables are built into, one per program, named like the program.</summary>
    public static string BinDirectory => Bin.Value;

    /// <summary>The program's executable, built (with the others of its kind) on first request.</summary>
    public static async Task<string> BinaryAsync(LeakProgram program)
    {
        await (program.NeedsCgo ? Cgo : Pure).Value;
        var path = Path.Combine(BinDirectory, program.Name);
        // The evidence store deletes the executables once every program has run; a test that asks later (the
        // watcher's, which runs a program itself) gets one built again into a directory of its own.
        return File.Exists(path) ? path : await Task.Run(() => BuildAgain(program));
    }

    private static readonly object Late = new();

    private static string BuildAgain(LeakProgram program)
    {
        lock (Late)
        {
            var dir = Directory.CreateTempSubdirectory(BinPrefix).FullName;
            GoToolchain.Run(GoToolchain.Require(), $"build -o {dir}/ ./{program.Name}", LeakProgram.ModuleDirectory, GoEnvironment(program.NeedsCgo));
            return Path.Combine(dir, program.Name);
        }
    }

    private const string BinPrefix = "leakfinder-programs-";

    // A run deletes its executables when its last program ends; one cut short (a filtered run, a killed
    // test host) leaves them behind. No run lasts an hour.
    private static void RemoveAbandonedBuilds()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(BinPrefix + "*"))
            if (DateTime.UtcNow - directory.CreationTimeUtc > TimeSpan.FromHours(1)) TempDirectories.TryDelete(directory.FullName);
    }

    private static void Build(bool cgoEnabled)
    {
        var go = GoToolchain.Require();
        var packages = string.Join(' ', LeakProgram.All.Where(p => p.NeedsCgo == cgoEnabled).Select(p => "./" + p.Name));
        if (packages.Length == 0) return;
        GoToolchain.Run(go, $"build -o {BinDirectory}/ {packages}", LeakProgram.ModuleDirectory, GoEnvironment(cgoEnabled));
    }

    /// <summary>A hermetic module build: no network, no workspace, no inherited GOFLAGS.</summary>
    private static Dictionary<string, string> GoEnvironment(bool cgoEnabled)
    {
        var cache = Path.Combine(Path.GetTempPath(), "leakfinder-go-cache");
        return new()
        {
            ["CGO_ENABLED"] = cgoEnabled ? "1" : "0",
            ["GOCACHE"] = Path.Combine(cache, "build"),
            ["GOPATH"] = Path.Combine(cache, "gopath"),
            ["GOFLAGS"] = "",
            ["GOPROXY"] = "off",
            ["GOWORK"] = "off",
            ["GO111MODULE"] = "on",
        };
    }
}
