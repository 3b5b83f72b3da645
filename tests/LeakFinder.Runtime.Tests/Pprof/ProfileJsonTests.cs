using System.Text.Json;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

public class ProfileJsonTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "profiles", name);

    [Fact]
    public void DiffJsonCarriesTopSitesAndSuspects()
    {
        var current = PprofReader.Load(Fixture("heap2.pb.gz"));
        var diff = ProfileAnalysis.Diff(PprofReader.Load(Fixture("heap1.pb.gz")), current);
        var top = TopReport.Build(diff.Growth, new TopOptions { Granularity = Granularity.Lines, NodeCount = 5 });
        using var buffer = new MemoryStream();
        ProfileJson.Write(buffer, current, top, diff);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var root = doc.RootElement;
        Assert.True(root.GetProperty("diff").GetBoolean());
        Assert.Equal("site", root.GetProperty("granularity").GetString());
        Assert.Equal(5, root.GetProperty("top").GetArrayLength());
        var row = root.GetProperty("top")[0];
        Assert.Equal(top.Rows[0].Flat, row.GetProperty("flat").GetInt64());
        Assert.Equal(top.Rows[0].Key.Line, row.GetProperty("line").GetInt64());
        Assert.Equal(top.Total, root.GetProperty("total").GetInt64());
        Assert.Equal(diff.Suspects[0].Site!.Line, root.GetProperty("suspects")[0].GetProperty("site").GetProperty("line").GetInt32());
        Assert.All(root.GetProperty("sites").EnumerateArray(), s => Assert.True(s.GetProperty("growth").GetInt64() > 0));
    }
}
