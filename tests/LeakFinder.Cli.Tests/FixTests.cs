using System.Text.Json;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// `check --fix` and `check --fix --diff` on a temporary copy of examples/leaky-service: the fixed findings are
/// gone when checked again, the findings left are reported where they now are, the fixed code is gofmt-clean and
/// builds, and --diff writes nothing.
/// </summary>
public class FixTests
{
    private const string Leaky = "examples/leaky-service";

    /// <summary>The rules the example's fixable findings belong to, one each.</summary>
    private static readonly string[] FixedRules = ["LF2001", "LF2002", "LF2006", "LF3001", "LF3003", "LF4001"];

    private static List<(FindingKey Key, bool HasFix)> Findings(CliResult run)
    {
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => (
            new FindingKey(f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32(), f.GetProperty("rule").GetString()!),
            f.TryGetProperty("fix", out _))).ToList();
    }

    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    [Fact]
    public void FixRemovesTheFixedFindingsAndReportsTheRestWhereTheyNowAre()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo(Leaky);
        var before = Findings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        var fixable = before.Where(f => f.HasFix).Select(f => f.Key).ToList();
        Assert.Equal(FixedRules, fixable.Select(k => k.Rule).Order());

        var fix = LeakFinderExe.RunIn(dir, "check", "--fix", "--format", "json", "./...");
        Assert.Equal(1, fix.ExitCode); // findings without a fix are left
        foreach (var k in fixable) Assert.Contains($"{k.File}:{k.Line}:{k.Column}: {k.Rule}: fixed: ", fix.Stderr);
        Assert.Contains($"leakfinder: fixed {fixable.Count} findings in 4 files", fix.Stderr);
        var reportedAfterFix = Findings(fix);

        var again = Findings(LeakFinderExe.RunIn(dir, "check", "--format", "json", "./..."));
        Assert.DoesNotContain(again, f => f.HasFix);
        Assert.Equal(before.Count - fixable.Count, again.Count);
        // Every finding left is the same rule in the same file as before, and --fix reported it at its new place.
        Assert.Equal(before.Where(f => !f.HasFix).Select(f => (f.Key.File, f.Key.Rule)), again.Select(f => (f.Key.File, f.Key.Rule)));
        Assert.Equal(again.Select(f => f.Key), reportedAfterFix.Select(f => f.Key));
    }

    [Fact]
    public void FixedCodeIsGofmtCleanAndBuilds()
    {
        var go = GoToolchain.Require();
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo(Leaky);
        var original = Snapshot(dir);
        Assert.Equal(1, LeakFinderExe.RunIn(dir, "check", "--fix", "./...").ExitCode);
        var changed = Snapshot(dir).Where(f => !f.Value.AsSpan().SequenceEqual(original[f.Key])).Select(f => Path.Combine(dir, f.Key)).ToList();
        Assert.Equal(4, changed.Count);
        var gofmt = GoToolchain.GofmtOrNull();
        Assert.NotNull(gofmt);
        Assert.Equal("", GoToolchain.Run(gofmt, "-l " + string.Join(' ', changed.Select(c => $"\"{c}\""))));
        GoToolchain.Run(go, "build ./...", dir, new Dictionary<string, string> { ["GOFLAGS"] = "-mod=mod", ["GOPROXY"] = "off", ["CGO_ENABLED"] = "0" });
    }

    [Fact]
    public void FixDiffPrintsTheChangesAndWritesNothing()
    {
        using var tmp = new TempDir();
        var dir = tmp.CopyFromRepo(Leaky);
        var original = Snapshot(dir);
        var diff = LeakFinderExe.RunIn(dir, "check", "--fix", "--diff", "./...");
        Assert.Equal(1, diff.ExitCode); // nothing was fixed on disk: the findings are all still there
        Assert.Equal(original, Snapshot(dir));
        Assert.StartsWith("--- a/jobs.go\n+++ b/jobs.go\n@@ ", diff.Stdout);

        // The diff's added and removed lines are exactly what --fix then does to the files.
        LeakFinderExe.RunIn(dir, "check", "--fix", "./...");
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var (file, bytes) in Snapshot(dir))
        {
            var now = System.Text.Encoding.UTF8.GetString(bytes).Split('\n').ToList();
            var was = System.Text.Encoding.UTF8.GetString(original[file]).Split('\n').ToList();
            added.AddRange(Minus(now, was));
            removed.AddRange(Minus(was, now));
        }
        var lines = diff.Stdout.Split('\n');
        Assert.Equal(added.Order(), lines.Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).Select(l => l[1..]).Order());
        Assert.Equal(removed.Order(), lines.Where(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)).Select(l => l[1..]).Order());
        Assert.Contains("+\tdefer resp.Body.Close()", lines);
    }

    /// <summary>The lines of a that b lacks, counting repeats (a file may hold the inserted line elsewhere already).</summary>
    private static IEnumerable<string> Minus(List<string> a, List<string> b)
    {
        var left = b.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var l in a)
            if (left.TryGetValue(l, out var n) && n > 0) left[l] = n - 1;
            else yield return l;
    }

    [Fact]
    public void FixExitsZeroWhenItFixedEveryFinding()
    {
        using var tmp = new TempDir();
        var dir = tmp.Combine("one");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/one\n\ngo 1.21\n");
        const string source = "package one\n\nimport \"net/http\"\n\nfunc Status(url string) (int, error) {\n\tresp, err := http.Get(url)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn resp.StatusCode, nil\n}\n";
        File.WriteAllText(Path.Combine(dir, "one.go"), source);
        Assert.Equal(1, LeakFinderExe.RunIn(dir, "check", "./...").ExitCode);
        var fix = LeakFinderExe.RunIn(dir, "check", "--fix", "./...");
        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Equal(source.Replace("\t}\n\treturn resp", "\t}\n\tdefer resp.Body.Close()\n\treturn resp"), File.ReadAllText(Path.Combine(dir, "one.go")));
        Assert.Equal(0, LeakFinderExe.RunIn(dir, "check", "./...").ExitCode);
    }

    [Fact]
    public void SuppressedFindingsAreNotFixed()
    {
        using var tmp = new TempDir();
        var dir = tmp.Combine("quiet");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/quiet\n\ngo 1.21\n");
        const string source = "package quiet\n\nimport \"net/http\"\n\nfunc Status(url string) (int, error) {\n\tresp, err := http.Get(url) //nolint:LF2001 // the caller's transport closes it\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn resp.StatusCode, nil\n}\n";
        File.WriteAllText(Path.Combine(dir, "quiet.go"), source);
        var fix = LeakFinderExe.RunIn(dir, "check", "--fix", "./...");
        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Contains("leakfinder: fixed 0 findings in 0 files", fix.Stderr);
        Assert.Equal(source, File.ReadAllText(Path.Combine(dir, "quiet.go")));
    }

    [Fact]
    public void DiffWithoutFixIsAUsageError()
    {
        var run = LeakFinderExe.Run("check", "--diff", Leaky);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("use it with --fix", run.Stderr);
    }
}
