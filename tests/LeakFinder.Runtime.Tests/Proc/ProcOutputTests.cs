using System.Text.Json;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Proc;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Proc;

public class ProcOutputTests
{
    private static ProcSnapshot Fixture(string name) => ProcSnapshot.Load(RepoPaths.Combine("testdata", "proc", name));

    [Fact]
    public void JsonHasTheDocumentedShape()
    {
        var after = Fixture("resourceleak-after");
        var go = GoMemory.FromHeapProfile(PprofReader.Load(RepoPaths.Combine("testdata", "profiles", "heap2.pb.gz")), "heap2.pb.gz");
        var report = ProcAnalysis.Summarize(after, go);
        var suspects = ProcAnalysis.Compare(Fixture("resourceleak-before"), after, go);
        using var buffer = new MemoryStream();
        ProcOutput.WriteJson(buffer, report, suspects);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var root = doc.RootElement;
        Assert.Equal("resourceleak", root.GetProperty("name").GetString());
        Assert.Equal(23, root.GetProperty("fdsByKind").GetProperty("inotify").GetInt32());
        Assert.Equal(23, root.GetProperty("tcpByState").GetProperty("CLOSE_WAIT").GetInt32());
        Assert.Equal("/tmp/resourceleak.dat", root.GetProperty("repeatedFiles")[0].GetProperty("path").GetString());
        Assert.Equal(1, root.GetProperty("cgroup").GetProperty("version").GetInt32());
        Assert.False(root.GetProperty("cgroup").TryGetProperty("limitBytes", out _));
        Assert.StartsWith("heap profile", root.GetProperty("go").GetProperty("source").GetString());
        Assert.Equal(go.HeapInUseBytes, root.GetProperty("go").GetProperty("heapInUseBytes").GetInt64());
        Assert.Equal(suspects.Count, root.GetProperty("suspects").GetArrayLength());
        Assert.All(root.GetProperty("suspects").EnumerateArray(), s => Assert.Equal("Proc", s.GetProperty("evidence").GetString()));
    }

    [Fact]
    public void HeapProfileGivesGoMemoryWithHeadroom()
    {
        var go = GoMemory.FromHeapProfile(PprofReader.Load(RepoPaths.Combine("testdata", "profiles", "heap2.pb.gz")), "h");
        Assert.True(go.HeapInUseBytes > 6_000_000); // the leaked cache
        Assert.Equal(2 * go.HeapInUseBytes + (64L << 20), go.ExpectedResidentBytes);
    }

    [Fact]
    public void TextNamesEverySection()
    {
        var report = ProcAnalysis.Summarize(Fixture("cgroup-v2-near-limit"));
        var text = new StringWriter();
        ProcOutput.WriteText(text, report, report.Suspects);
        var output = text.ToString();
        Assert.Contains("Process: 4242 api", output);
        Assert.Contains("Memory cgroup v2: usage 496 MiB, limit 512 MiB", output);
        Assert.Contains("16 MiB to the limit", output);
        Assert.Contains("go-heap", output);
    }
}
