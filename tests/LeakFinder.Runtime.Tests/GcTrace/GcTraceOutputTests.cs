using System.Text.Json;
using LeakFinder.Runtime.GcTrace;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.GcTrace;

public class GcTraceOutputTests
{
    [Fact]
    public void JsonHasTheSeriesVerdictAndWarnings()
    {
        var report = GcTraceAnalysis.Analyze(RepoPaths.Combine("testdata", "gctrace", "go1.16-growing.log"));
        using var buffer = new MemoryStream();
        GcTraceOutput.WriteJson(buffer, report);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var root = doc.RootElement;
        Assert.Equal("growing", root.GetProperty("verdict").GetString());
        Assert.Equal(30, root.GetProperty("series").GetArrayLength());
        var first = root.GetProperty("series")[0];
        Assert.Equal(1, first.GetProperty("gc").GetInt32());
        Assert.Equal(report.Log.Cycles[0].LiveMB, first.GetProperty("liveMB").GetInt64());
        Assert.False(first.TryGetProperty("stacksMB", out _)); // Go 1.16 printed none
        Assert.Equal(5, root.GetProperty("scavenger").GetArrayLength());
        Assert.Contains("->", root.GetProperty("explanation").GetString());
        Assert.Equal("GcTrace", root.GetProperty("suspects")[0].GetProperty("evidence").GetString());
        Assert.Equal(0, root.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void TextLeadsWithTheVerdict()
    {
        var report = GcTraceAnalysis.Analyze(RepoPaths.Combine("testdata", "gctrace", "malformed.log"));
        var text = new StringWriter();
        GcTraceOutput.WriteText(text, report);
        var lines = text.ToString().Split('\n');
        Assert.StartsWith("Verdict: unknown", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("warning: ") && l.Contains("gctrace/malformed.log:3: "));
    }
}
