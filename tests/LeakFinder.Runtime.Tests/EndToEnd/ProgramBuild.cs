using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Builds every test program once per test run into a temporary directory. Two `go build` invocations:
/// the cgo program alone with CGO_ENABLED=1, every other one with CGO_ENABLED=0 (no C toolchain, no libc
/// resolver), each building all of its programs at once so the shared packages compile once.
/// The Go build cache lives in the system temp directory and is kept between runs: a rebuild is a second.
/// </summary>
public static class ProgramBuild
{
    private static readonly Lazy<Task<string>> Built = new(() => Task.Run(BuildAll));

    /// <summary>Directory holding one executable per program, named like the program.</summary>
    public static Task<string> BinDirectoryAsync() => Built.Value;

    public static string BinaryOf(string binDirectory, LeakProgram program) => Path.Combine(binDirectory, program.Name);

    private static async Task<string> BuildAll()
    {
        var go = GoToolchain.Require();
        RemoveAbandonedBuilds();
        var bin = Directory.CreateTempSubdirectory(BinPrefix).FullName;
        var pure = LeakProgram.All.Where(p => !p.NeedsCgo).ToList();
        var cgo = LeakProgram.All.Where(p => p.NeedsCgo).ToList();
        await Task.WhenAll(
            Task.Run(() => Build(go, bin, pure, cgoEnabled: false)),
            Task.Run(() => Build(go, bin, cgo, cgoEnabled: true)));
        return bin;
    }

    private const string BinPrefix = "leakfinder-programs-";

    // A run deletes its executables when its last program ends; one cut short (a filtered run, a killed
    // test host) leaves them behind. No run lasts an hour.
    private static void RemoveAbandonedBuilds()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(BinPrefix + "*"))
            if (DateTime.UtcNow - directory.CreationTimeUtc > TimeSpan.FromHours(1)) TempDirectories.TryDelete(directory.FullName);
    }

    private static void Build(string go, string bin, IReadOnlyList<LeakProgram> programs, bool cgoEnabled)
    {
        if (programs.Count == 0) return;
        var packages = string.Join(' ', programs.Select(p => "./" + p.Name));
        GoToolchain.Run(go, $"build -o {bin}/ {packages}", LeakProgram.ModuleDirectory, GoEnvironment(cgoEnabled));
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
