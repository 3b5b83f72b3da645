using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// tools/astdump, the go/parser side of the differential test, built once into a cache directory keyed
/// by a hash of its sources (so an edited tool is rebuilt, an unchanged one is not).
/// </summary>
internal static class ReferenceTool
{
    private static readonly Lock BuildLock = new();
    private static string? _built;

    public static string AstDump()
    {
        lock (BuildLock)
        {
            return _built ??= Build("astdump");
        }
    }

    private static string Build(string tool)
    {
        var go = GoToolchain.Require();
        var dir = RepoPaths.Combine("tools", tool);
        var sources = Directory.GetFiles(dir, "*.go").Concat(Directory.GetFiles(dir, "go.mod")).Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in sources) sha.AppendData(File.ReadAllBytes(f));
        var key = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        var cache = Path.Combine(Path.GetTempPath(), "leakfinder-tools");
        var exe = Path.Combine(cache, $"{tool}-{key}");
        if (File.Exists(exe)) return exe;
        Directory.CreateDirectory(cache);
        var tmp = exe + "." + Environment.ProcessId + ".tmp";
        GoToolchain.Run(go, $"build -o \"{tmp}\" .", dir, GoEnv(cache));
        File.Move(tmp, exe, overwrite: true);
        return exe;
    }

    /// <summary>go build needs a writable build cache; test runners do not always have a HOME.</summary>
    private static Dictionary<string, string> GoEnv(string cache)
    {
        var env = new Dictionary<string, string> { ["GO111MODULE"] = "on", ["GOFLAGS"] = "-mod=mod", ["CGO_ENABLED"] = "0" };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")))
            env["GOCACHE"] = Path.Combine(cache, "gocache");
        return env;
    }

    /// <summary>One `astdump -hash` run over all paths: per path either a dump hash or go/parser's first error.</summary>
    public static IReadOnlyList<ReferenceResult> Hashes(IReadOnlyList<string> paths)
    {
        var input = new StringBuilder();
        foreach (var p in paths) input.Append(p).Append('\n');
        var lines = RunTool(AstDump(), "-hash", input.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != paths.Count)
            throw new InvalidOperationException($"astdump -hash printed {lines.Length} lines for {paths.Count} paths");
        var results = new ReferenceResult[paths.Count];
        for (var i = 0; i < lines.Length; i++) results[i] = ReferenceResult.ParseLine(paths[i], lines[i]);
        return results;
    }

    /// <summary>The full dump of one file (for showing a mismatch).</summary>
    public static string Dump(string path) => RunTool(AstDump(), $"\"{path}\"", null);

    private static string RunTool(string exe, string args, string? stdin)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            RedirectStandardInput = stdin != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
        if (p.ExitCode != 0 && stdin != null)
            throw new InvalidOperationException($"{exe} {args} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result + stderr.Result;
    }
}

/// <summary>go/parser's verdict on one file: the dump's hash, or the first error and its line.</summary>
internal sealed record ReferenceResult(string Path, string? Hash, string? Error, int ErrorLine)
{
    public bool Rejected => Error != null;

    public static ReferenceResult ParseLine(string path, string line)
    {
        if (line.StartsWith("ERR ", StringComparison.Ordinal))
        {
            var error = line[4..];
            var m = ErrorFormat.Match(error);
            return new ReferenceResult(path, null, error, m.Success ? int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
        var space = line.IndexOf(' ');
        if (space != 64 || line[(space + 1)..] != path)
            throw new InvalidOperationException($"unexpected astdump -hash line for {path}: {line}");
        return new ReferenceResult(path, line[..space], null, 0);
    }

    /// <summary>`file:line:col: message`, or `file:line: message` where a //line directive left the column unknown (go/parser prints it so too).</summary>
    public static readonly System.Text.RegularExpressions.Regex ErrorFormat =
        new(@"^(?<file>.+?):(?<line>\d+)(:(?<col>\d+))?: (?<msg>.+)$", System.Text.RegularExpressions.RegexOptions.Compiled | System.Text.RegularExpressions.RegexOptions.Singleline);
}
