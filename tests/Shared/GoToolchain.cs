using System.Diagnostics;

namespace LeakFinder.Tests.Shared;

/// <summary>
/// Finds the Go toolchain that differential tests compare against. Tests that need Go call
/// <see cref="Require"/>: without Go they skip on a developer machine, but fail when
/// LEAKFINDER_REQUIRE_GO=1 (CI), so a missing install step can never pass silently.
/// </summary>
public static class GoToolchain
{
    private static readonly Lazy<string?> GoPath = new(FindGo);
    private static readonly Lazy<string?> Root = new(() => GoPath.Value is null ? null : Run(GoPath.Value, "env GOROOT").Trim());

    public static bool Required => Environment.GetEnvironmentVariable("LEAKFINDER_REQUIRE_GO") == "1";

    /// <summary>Path of the `go` binary; skips (or fails under LEAKFINDER_REQUIRE_GO=1) when absent.</summary>
    public static string Require()
    {
        if (GoPath.Value is { } go) return go;
        const string why = "the Go toolchain is not installed (apt-get install golang-go golang-1.19-src golang-golang-x-tools-dev)";
        if (Required) Assert.Fail("LEAKFINDER_REQUIRE_GO=1 but " + why);
        Assert.Skip(why);
        return "";
    }

    /// <summary>Path of gofmt (beside go in GOROOT/bin), or null without Go, for a check that is one part of a
    /// test rather than the whole of it; fails under LEAKFINDER_REQUIRE_GO=1 when absent.</summary>
    public static string? GofmtOrNull()
    {
        if (GoPath.Value == null)
        {
            if (Required) Assert.Fail("LEAKFINDER_REQUIRE_GO=1 but the Go toolchain is not installed");
            return null;
        }
        var gofmt = Path.Combine(Root.Value ?? "", "bin", "gofmt");
        return File.Exists(gofmt) ? gofmt : null;
    }

    /// <summary>GOROOT with symlinks resolved: Debian links $GOROOT/src and /test, and a directory walk must not stop at the link.</summary>
    public static string RequireGoRoot()
    {
        Require();
        var root = Root.Value ?? "";
        return ResolveLinks(root);
    }

    public static string ResolveLinks(string path)
    {
        var info = new DirectoryInfo(path);
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? info.FullName;
    }

    public static string Run(string exe, string args, string? workDir = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {args} failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }

    private static string? FindGo()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(dir, "go");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
