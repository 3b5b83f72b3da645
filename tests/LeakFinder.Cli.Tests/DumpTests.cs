using System.Text.Json;
using System.Text.RegularExpressions;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>`leakfinder dump` on the captured and hand-written goroutine dumps of testdata/dumps.</summary>
public class DumpTests
{
    public static TheoryData<string> TracebackDumps()
    {
        var dir = RepoPaths.Combine("testdata", "dumps");
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(dir, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            // logged/ holds the same captures wrapped in log prefixes: LoggedDumpsReadAsTheirCleanCaptures.
            if (!path.EndsWith("debug1.txt", StringComparison.Ordinal) && !path.Contains("/logged/", StringComparison.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/'));
        return data;
    }

    /// <summary>Goroutine headers as the runtime prints them: `goroutine 7 [chan send]:`, Go 1.23's `goroutine 7 gp=0x... m=nil [running]:`.</summary>
    private static int CountHeaders(string path) =>
        File.ReadLines(RepoPaths.Combine(path.Split('/'))).Count(l => Regex.IsMatch(l, @"^goroutine \d+ (gp=\S+ m=\S+ (mp=\S+ )?)?\["));

    [Theory]
    [MemberData(nameof(TracebackDumps))]
    public void JsonTotalIsTheNumberOfGoroutineHeaders(string dump)
    {
        var headers = CountHeaders(dump);
        Assert.True(headers > 0, dump + " has no goroutine headers");
        var run = LeakFinderExe.Run("dump", "--format", "json", dump);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.True(run.ExitCode == ExitFor(root), run.ToString());
        Assert.Equal("traceback", root.GetProperty("format").GetString());
        Assert.Equal(headers, root.GetProperty("totalGoroutines").GetInt32());
        Assert.False(root.GetProperty("truncated").GetBoolean());
        // The buckets shown (at most --top 10) never hold more goroutines than the dump.
        Assert.InRange(root.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()), 1, headers);

        var text = LeakFinderExe.Run("dump", dump);
        Assert.True(text.ExitCode == run.ExitCode, text.ToString());
        Assert.StartsWith($"{dump}: {headers} goroutine{(headers == 1 ? "" : "s")} in {root.GetProperty("bucketCount").GetInt32()} buckets (traceback)", text.Stdout);
    }

    [Fact]
    public void AggregatedDebug1DumpCountsWhatItsHeaderDeclares()
    {
        const string dump = "testdata/dumps/go1.19.8-debug1.txt";
        var declared = int.Parse(Regex.Match(File.ReadAllText(RepoPaths.Combine(dump.Split('/'))), @"^goroutine profile: total (\d+)$", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var run = LeakFinderExe.Run("dump", "--format", "json", dump);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.True(run.ExitCode == ExitFor(doc.RootElement), run.ToString());
        Assert.Equal("aggregated", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal(declared, doc.RootElement.GetProperty("declaredTotal").GetInt32());
        Assert.Equal(declared, doc.RootElement.GetProperty("totalGoroutines").GetInt32());
    }

    [Fact]
    public void LeakedSendersAreTheTopSuspectAndTheHealthyControlHasNone()
    {
        var run = LeakFinderExe.Run("dump", "--format", "json", "testdata/dumps/go1.19.8-debug2.txt");
        Assert.True(run.ExitCode == 1, run.ToString()); // suspects
        using var doc = JsonDocument.Parse(run.Stdout);
        var top = doc.RootElement.GetProperty("suspects")[0];
        Assert.Equal("main.leakySend", top.GetProperty("site").GetProperty("function").GetString());
        Assert.Equal(40, top.GetProperty("goroutines").GetInt32());
        Assert.Equal("chanSend", top.GetProperty("wait").GetString());
        Assert.Equal("goroutine-leak", top.GetProperty("kind").GetString());

        var healthy = LeakFinderExe.Run("dump", "testdata/dumps/go1.19.8-healthy-debug2.txt");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Contains("\nNo leak suspects.\n", healthy.Stdout);
    }

    [Fact]
    public void DashReadsTheDumpFromStandardInput()
    {
        const string dump = "testdata/dumps/go1.19.8-sigquit.txt";
        var input = File.ReadAllBytes(RepoPaths.Combine(dump.Split('/')));
        var fromFile = LeakFinderExe.Run("dump", "--format", "json", dump);
        var fromStdin = LeakFinderExe.Run(["dump", "--format", "json", "-"], workDir: null, stdin: input);
        Assert.True(fromStdin.ExitCode == fromFile.ExitCode, fromStdin.ToString());
        using var a = JsonDocument.Parse(fromFile.Stdout);
        using var b = JsonDocument.Parse(fromStdin.Stdout);
        Assert.Equal("<stdin>", b.RootElement.GetProperty("source").GetString());
        Assert.Equal(CountHeaders(dump), b.RootElement.GetProperty("totalGoroutines").GetInt32());
        // Everything but the source name is the same as reading the file.
        Assert.Equal(Without(a.RootElement, "source"), Without(b.RootElement, "source"));

        var text = LeakFinderExe.Run(["dump", "-"], workDir: null, stdin: input);
        Assert.True(text.ExitCode == fromFile.ExitCode, text.ToString());
        Assert.StartsWith($"<stdin>: {CountHeaders(dump)} goroutines in ", text.Stdout);
    }

    [Fact]
    public void DiffRanksTheBucketThatGrew()
    {
        const string old = "testdata/dumps/go1.19.8-debug2-leak10.txt", now = "testdata/dumps/go1.19.8-debug2.txt";
        var text = LeakFinderExe.Run("dump", "--diff", old, now);
        Assert.True(text.ExitCode == 1, text.ToString()); // a bucket grew into a suspect
        Assert.StartsWith($"{old}: {CountHeaders(old)} goroutines -> {now}: {CountHeaders(now)} goroutines (+{CountHeaders(now) - CountHeaders(old)})", text.Stdout);
        Assert.Matches(@"\n\s+10\s+40\s+\+30\s+chan send\s+/src/dumpgen/main\.go:40 main\.leakySend\n", text.Stdout);

        var json = LeakFinderExe.Run("dump", "--diff", old, now, "--format", "json");
        Assert.True(json.ExitCode == 1, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(CountHeaders(old), root.GetProperty("oldTotal").GetInt32());
        Assert.Equal(CountHeaders(now), root.GetProperty("newTotal").GetInt32());
        var suspect = Assert.Single(root.GetProperty("suspects").EnumerateArray().ToList());
        Assert.Equal("main.leakySend", suspect.GetProperty("site").GetProperty("function").GetString());
        Assert.Equal(30, suspect.GetProperty("goroutines").GetInt32());
        var change = root.GetProperty("changes")[0];
        Assert.Equal((10, 40, 30), (change.GetProperty("oldCount").GetInt32(), change.GetProperty("newCount").GetInt32(), change.GetProperty("growth").GetInt32()));
    }

    [Fact]
    public void UnreadableOrMissingInputIsBadInput()
    {
        var missing = LeakFinderExe.Run("dump", "testdata/dumps/no-such-dump.txt");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.StartsWith("leakfinder dump: ", missing.Stderr);
        Assert.Contains("no-such-dump.txt", missing.Stderr);

        var none = LeakFinderExe.Run("dump");
        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Contains("--diff OLD NEW", none.Stderr);
    }

    /// <summary>The exit code policy for a dump: 1 when it ranks leak suspects, else 0.</summary>
    private static int ExitFor(JsonElement report) => report.GetProperty("suspects").GetArrayLength() > 0 ? 1 : 0;

    private static string Without(JsonElement obj, string property) =>
        JsonSerializer.Serialize(obj.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));

    public static TheoryData<string> LoggedDumps()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepoPaths.Combine("testdata", "dumps", "logged"), "*.txt").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(LoggedDumps))]
    public void LoggedDumpsReadAsTheirCleanCaptures(string name)
    {
        var logged = LeakFinderExe.Run("dump", "--format", "json", $"testdata/dumps/logged/{name}");
        var clean = LeakFinderExe.Run("dump", "--format", "json", $"testdata/dumps/{name[(name.IndexOf('-') + 1)..]}");
        Assert.True(logged.ExitCode == clean.ExitCode, logged.ToString());
        using var fromLog = JsonDocument.Parse(logged.Stdout);
        using var plain = JsonDocument.Parse(clean.Stdout);
        var form = fromLog.RootElement.GetProperty("logPrefix").GetString();
        Assert.StartsWith(name.StartsWith("docker-", StringComparison.Ordinal) ? "JSON lines, text in \"log\"" : "log prefix like \"", form);
        Assert.False(plain.RootElement.TryGetProperty("logPrefix", out _));
        // Everything but the source, the form and the warnings about interleaved records is the same.
        string[] differ = ["source", "logPrefix", "warnings"];
        Assert.Equal(
            plain.RootElement.EnumerateObject().Where(x => !differ.Contains(x.Name)).Select(x => $"{x.Name}={x.Value.GetRawText()}"),
            fromLog.RootElement.EnumerateObject().Where(x => !differ.Contains(x.Name)).Select(x => $"{x.Name}={x.Value.GetRawText()}"));

        var text = LeakFinderExe.Run("dump", $"testdata/dumps/logged/{name}");
        Assert.Contains("\nread from a log: ", text.Stdout);
    }

    [Fact]
    public void ALoggedDumpOnStandardInputReadsAsTheFile()
    {
        var path = RepoPaths.Combine("testdata", "dumps", "logged", "docker-go1.19.8-sigquit.txt");
        var fromStdin = LeakFinderExe.Run(["dump", "--format", "json", "-"], workDir: null, stdin: File.ReadAllBytes(path));
        var fromFile = LeakFinderExe.Run("dump", "--format", "json", path);
        Assert.True(fromStdin.ExitCode == fromFile.ExitCode, fromStdin.ToString());
        Assert.Equal(fromFile.Stdout.Replace(JsonEncodedText.Encode(path).ToString(), "<stdin>"), fromStdin.Stdout);
    }
}
