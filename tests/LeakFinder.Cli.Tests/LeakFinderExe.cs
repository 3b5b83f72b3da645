using System.Diagnostics;
using System.Text;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>What one run of the executable gave back.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr, string CommandLine)
{
    /// <summary>Everything about the run, for assertion messages.</summary>
    public override string ToString() =>
        $"`{CommandLine}` exited {ExitCode}\n--- stdout ---\n{Truncate(Stdout)}\n--- stderr ---\n{Truncate(Stderr)}";

    private static string Truncate(string s) => s.Length <= 4000 ? s : s[..4000] + $"\n... ({s.Length} chars)";
}

/// <summary>
/// Runs the shipped `leakfinder` executable as a child process. Which one: $LEAKFINDER_BIN when set (test.sh
/// publishes the native binary and sets it), else the Native AOT binary ./leakfinder publishes into .build/aot.
/// Without either the tests skip, or fail under LEAKFINDER_REQUIRE_GO=1 (CI), as GoToolchain does for Go.
/// </summary>
public static class LeakFinderExe
{
    public static readonly string AotPath =
        RepoPaths.Combine(".build", "aot", "publish", "LeakFinder.Cli", "release_linux-x64", "leakfinder");

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The executable to run; skips (or fails when required) when there is none.</summary>
    public static string Require()
    {
        var configured = Environment.GetEnvironmentVariable("LEAKFINDER_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            var full = Path.GetFullPath(configured, RepoPaths.Root);
            if (!File.Exists(full)) Assert.Fail($"LEAKFINDER_BIN={configured} but there is no file {full}");
            return full;
        }
        if (File.Exists(AotPath)) return AotPath;
        var why = $"the native leakfinder executable is not built ({AotPath}): run `./leakfinder --version` once " +
                  "(it publishes it), or set LEAKFINDER_BIN to an executable";
        if (GoToolchain.Required) Assert.Fail("LEAKFINDER_REQUIRE_GO=1 but " + why);
        Assert.Skip(why);
        return "";
    }

    /// <summary>Runs `leakfinder args...` in workDir (default: the repository root) with the given standard input.</summary>
    public static CliResult Run(IEnumerable<string> args, string? workDir = null, string? stdin = null, TimeSpan? timeout = null) =>
        Run(args, workDir, stdin == null ? null : Encoding.UTF8.GetBytes(stdin), timeout);

    /// <param name="env">Variables to set (a null value removes one) on top of the test process's environment.</param>
    public static CliResult Run(IEnumerable<string> args, string? workDir, byte[]? stdin, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? env = null)
    {
        var exe = Require();
        var argList = args.ToList();
        // A JIT build (LEAKFINDER_BIN=.../leakfinder.dll) runs through the dotnet host.
        var psi = exe.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { exe } } : new ProcessStartInfo(exe);
        foreach (var a in argList) psi.ArgumentList.Add(a);
        psi.WorkingDirectory = workDir ?? RepoPaths.Root;
        psi.UseShellExecute = false;
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.StandardErrorEncoding = Encoding.UTF8;
        // Plain, deterministic output whatever the environment the tests run in.
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("GITHUB_ACTIONS");
        // `check` keeps a findings cache under $XDG_CACHE_HOME by default: each run gets an empty one of its
        // own, so tests never write to the user's ~/.cache and never see another run's entries (a test of
        // the cache passes its own directory in env).
        using var cacheHome = new TempDir();
        psi.Environment["XDG_CACHE_HOME"] = cacheHome.Path;
        psi.Environment.Remove("LEAKFINDER_CACHE");
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v == null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var commandLine = "leakfinder " + string.Join(' ', argList.Select(Quote)) + $"  (in {psi.WorkingDirectory})";

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + exe);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin != null) p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input; its exit code and output tell why.
        }
        var limit = timeout ?? DefaultTimeout;
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"`{commandLine}` did not finish within {limit.TotalSeconds:F0}s; stderr so far:\n{stderr.Result}");
        }
        p.WaitForExit(); // drains the redirected streams
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result, commandLine);
    }

    /// <summary>Starts `leakfinder args...` without waiting (a long-running `watch`), its standard error redirected.</summary>
    public static Process Start(IEnumerable<string> args)
    {
        var exe = Require();
        var psi = exe.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { exe } } : new ProcessStartInfo(exe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.UseShellExecute = false;
        psi.RedirectStandardError = true;
        psi.Environment["NO_COLOR"] = "1";
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + exe);
    }

    public static CliResult Run(params string[] args) => Run(args, workDir: null, stdin: (byte[]?)null);

    public static CliResult RunIn(string workDir, params string[] args) => Run(args, workDir, stdin: (byte[]?)null);

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>A temporary directory deleted at the end of the test: commands that write files write here, never into the repository.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lf-cli-tests-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies a repository directory (relative to the root) into this one under its own name; returns the copy's path.</summary>
    public string CopyFromRepo(string relativeDir)
    {
        var source = RepoPaths.Combine(relativeDir.Split('/'));
        var target = Combine(System.IO.Path.GetFileName(source));
        CopyDirectory(source, target);
        return target;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(source)) CopyDirectory(dir, System.IO.Path.Combine(target, System.IO.Path.GetFileName(dir)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
