using System.Text;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Proc;
using LeakFinder.Runtime.Tests.EndToEnd;
using LeakFinder.Runtime.Tests.Input;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Proc;

/// <summary>
/// `proc` is honest about what it does not have (issue #14): a comparison whose earlier snapshot lacks a piece
/// (smaps, maps, fd/) must not read that piece as growth from nothing, and says what it left out; Go's account
/// exceeding anonymous RSS is no negative amount of C memory; --memstats and --heap take URLs.
/// </summary>
public sealed class ProcGapsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"lf-procgaps-{Guid.NewGuid():N}");

    public ProcGapsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => TempDirectories.TryDelete(_dir);

    private static string Fixture(string name) => RepoPaths.Combine("testdata", "proc", name);

    /// <summary>A copy of a captured snapshot without the named files or directories.</summary>
    private string CopyWithout(string fixture, string name, params string[] left)
    {
        var target = Path.Combine(_dir, name);
        Copy(Fixture(fixture), target, left);
        return target;

        static void Copy(string from, string to, string[] left)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                if (left.Contains(entry.Name)) continue;
                var dest = Path.Combine(to, entry.Name);
                if (entry.LinkTarget is { } link) File.CreateSymbolicLink(dest, link);
                else if (entry is DirectoryInfo) Copy(entry.FullName, dest, []);
                else File.Copy(entry.FullName, dest);
            }
        }
    }

    [Fact]
    public void AnEarlierSnapshotWithoutMapsIsNoGrowthOfCMemory()
    {
        var before = ProcSnapshot.Load(CopyWithout("cgo-heavy", "no-maps", "smaps", "maps"));
        var after = ProcSnapshot.Load(Fixture("cgo-heavy"));
        Assert.Empty(before.Maps);

        var suspects = ProcAnalysis.Compare(before, after);
        Assert.DoesNotContain(suspects, s => s.Kind is "c-memory" or "mmap-leak");
        Assert.Contains($"mappings (C memory, mmap growth) not compared: no maps or smaps in {before.Source}", ProcAnalysis.NotCompared(before, after));
    }

    [Fact]
    public void OnlyOneSnapshotWithSmapsComparesMappedSizesAndSaysSo()
    {
        // The same mappings as cgo-heavy's smaps, written as a maps file: nothing grew, only Rss is missing.
        var maps = File.ReadLines(Path.Combine(Fixture("cgo-heavy"), "smaps")).Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9a-f]+-[0-9a-f]+ "));
        var dir = CopyWithout("cgo-heavy", "maps-only", "smaps");
        File.WriteAllLines(Path.Combine(dir, "maps"), maps);
        var before = ProcSnapshot.Load(dir);
        var after = ProcSnapshot.Load(Fixture("cgo-heavy"));
        Assert.Equal(after.Maps.Count, before.Maps.Count);
        Assert.All(before.Maps, m => Assert.Null(m.RssKb));

        Assert.DoesNotContain(ProcAnalysis.Compare(before, after), s => s.Kind == "c-memory");
        Assert.Contains($"C memory compared by mapped size, not resident size: no smaps in {before.Source}", ProcAnalysis.NotCompared(before, after));
        Assert.DoesNotContain(ProcAnalysis.NotCompared(after, after), n => n.Contains("mapp") || n.Contains("smaps"));
    }

    [Fact]
    public void AnEarlierSnapshotWithoutFdsIsNoGrowthOfDescriptors()
    {
        var before = ProcSnapshot.Load(CopyWithout("resourceleak-before", "no-fds", "fd"));
        var after = ProcSnapshot.Load(Fixture("resourceleak-after"));
        Assert.False(before.HasFds);

        var suspects = ProcAnalysis.Compare(before, after);
        Assert.DoesNotContain(suspects, s => s.Reason.Contains("file descriptors grew"));
        Assert.Contains(suspects, s => s.Kind == "inotify-leak"); // the one-snapshot finding of the later capture stays
        Assert.Equal([$"file descriptors not compared: no fd/ in {before.Source}"], ProcAnalysis.NotCompared(before, after));

        var text = new StringWriter();
        ProcOutput.WriteText(text, ProcAnalysis.Summarize(after), suspects, ProcAnalysis.NotCompared(before, after));
        Assert.Contains($"warning: file descriptors not compared: no fd/ in {before.Source}", text.ToString());
    }

    [Fact]
    public void GoAccountingForMoreThanTheRssIsNoNegativeGap()
    {
        // Sys − HeapReleased = 500 MiB against 440 MiB of anonymous RSS: Go obtained more than is resident.
        var go = GoMemory.FromMemStatsJson("""{"Sys":524288000,"HeapReleased":0,"HeapInuse":419430400}""", "m.json");
        var report = ProcAnalysis.Summarize(ProcSnapshot.Load(Fixture("cgroup-v2-near-limit")), go);
        Assert.Equal(0, report.NonGoAnonBytes);
        var text = new StringWriter();
        ProcOutput.WriteText(text, report, report.Suspects);
        var goLine = Assert.Single(text.ToString().Split('\n'), l => l.StartsWith("Go: "));
        Assert.Equal("Go: memstats m.json: in-use heap 400 MiB, expected resident at most 500 MiB; anonymous RSS 440 MiB is within it (nothing beyond Go's account)", goLine);
        Assert.DoesNotContain(" -", goLine);
    }

    [Fact]
    public void MemstatsAndHeapAreReadFromUrlsLikeFiles()
    {
        const string vars = """{"cmdline":["x"],"memstats":{"Sys":73400320,"HeapReleased":10485760,"HeapInuse":41943040}}""";
        var heap = RepoPaths.Combine("testdata", "profiles", "heap2.pb.gz");
        using var server = new LocalHttpServer(async context =>
        {
            if (context.Request.Url!.AbsolutePath == "/debug/vars")
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(vars));
            else if (context.Request.Url.AbsolutePath == "/debug/pprof/heap")
            {
                await using var body = File.OpenRead(heap);
                await body.CopyToAsync(context.Response.OutputStream);
            }
            else context.Response.StatusCode = 404;
            context.Response.Close();
        });

        var fromUrl = GoMemory.LoadMemStats(server.Url + "/debug/vars");
        Assert.Equal((41943040L, 62914560L), (fromUrl.HeapInUseBytes, fromUrl.ExpectedResidentBytes));
        var heapFromUrl = GoMemory.LoadHeapProfile(server.Url + "/debug/pprof/heap");
        var heapFromFile = GoMemory.LoadHeapProfile(heap);
        Assert.Equal(heapFromFile.HeapInUseBytes, heapFromUrl.HeapInUseBytes);

        var missing = Assert.Throws<InputException>(() => GoMemory.LoadMemStats(server.Url + "/nothing"));
        Assert.Equal($"{server.Url}/nothing: HTTP 404 Not Found", missing.Message);
        var tooBig = Assert.Throws<InputLimitException>(() => GoMemory.LoadMemStats(server.Url + "/debug/vars", maxBytes: 16));
        Assert.EndsWith("--max-input-mb raises the limit", tooBig.Message);
    }

    [Fact]
    public void AMemstatsServerThatNeverFinishesEndsAtTheDeadline()
    {
        var release = new TaskCompletionSource();
        using var server = LocalHttpServer.StallingAfter("{\"memstats\":{"u8.ToArray(), release.Task);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<InputException>(() => GoMemory.LoadMemStats(server.Url + "/debug/vars", TimeSpan.FromSeconds(1)));
        Assert.Contains("read failed: no complete response within 1 s", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
        release.SetResult();
    }
}
