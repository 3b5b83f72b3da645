using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace LeakFinder.Tests.Shared;

/// <summary>
/// Builds the Go reference programs under tools/ (used only by tests and benchmarks) once into a cache
/// directory keyed by a hash of their sources, so an edited tool is rebuilt and an unchanged one is not.
/// Tools with a go.mod build in module mode; tools without one build in GOPATH mode against Debian's
/// /usr/share/gocode (where golang-golang-x-tools-dev puts x/tools).
/// </summary>
public static class GoTools
{
    private static readonly Lock BuildLock = new();
    private static readonly Dictionary<string, string> Built = [];

    public static string CacheDir => Path.Combine(Path.GetTempPath(), "leakfinder-tools");

    public static string Build(string tool)
    {
        lock (BuildLock)
        {
            if (Built.TryGetValue(tool, out var done)) return done;
            var go = GoToolchain.Require();
            var dir = RepoPaths.Combine("tools", tool);
            var sources = Directory.GetFiles(dir, "*.go").Concat(Directory.GetFiles(dir, "go.mod")).Order(StringComparer.Ordinal);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var f in sources) sha.AppendData(File.ReadAllBytes(f));
            var key = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
            var exe = Path.Combine(CacheDir, $"{tool}-{key}");
            if (!File.Exists(exe))
            {
                Directory.CreateDirectory(CacheDir);
                var tmp = exe + "." + Environment.ProcessId + ".tmp";
                GoToolchain.Run(go, $"build -o \"{tmp}\" .", dir, Env(File.Exists(Path.Combine(dir, "go.mod"))));
                File.Move(tmp, exe, overwrite: true);
            }
            return Built[tool] = exe;
        }
    }

    private static Dictionary<string, string> Env(bool moduleMode)
    {
        var env = new Dictionary<string, string> { ["CGO_ENABLED"] = "0" };
        if (moduleMode)
        {
            env["GO111MODULE"] = "on";
            env["GOFLAGS"] = "-mod=mod";
        }
        else
        {
            env["GO111MODULE"] = "off";
            env["GOPATH"] = "/usr/share/gocode";
        }
        // go build needs a writable build cache; test runners do not always have a HOME.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")))
            env["GOCACHE"] = Path.Combine(CacheDir, "gocache");
        return env;
    }

    /// <summary>Runs a built tool with optional standard input; a non-zero exit fails with its stderr.</summary>
    public static string Run(string exe, string args, string? stdin = null)
    {
        var (exit, stdout, stderr) = RunAllowingFailure(exe, args, stdin);
        if (exit != 0) throw new InvalidOperationException($"{Path.GetFileName(exe)} {args} exited {exit}: {stderr}");
        return stdout;
    }

    /// <summary>Runs a built tool whose non-zero exit is an answer (a dump tool reporting a file's errors).</summary>
    public static (int Exit, string Stdout, string Stderr) RunAllowingFailure(string exe, string args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            RedirectStandardInput = stdin != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
