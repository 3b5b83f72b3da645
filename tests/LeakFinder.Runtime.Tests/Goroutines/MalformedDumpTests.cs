using System.Text;
using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Truncated, garbled and hostile inputs give warnings with file:line and partial results, never exceptions.</summary>
public class MalformedDumpTests
{
    [Fact]
    public void ADumpCutAnywhereParsesUpToTheCutWithoutThrowing()
    {
        var bytes = File.ReadAllBytes(DumpFixtures.Path("go1.19.8-panic-all.txt"));
        var full = ParsedDump.Parse(new MemoryStream(bytes), "full").Goroutines.Count;
        var warned = 0;
        for (var cut = 0; cut < bytes.Length; cut += 97)
        {
            var dump = ParsedDump.Parse(new MemoryStream(bytes, 0, cut), "cut.txt");
            Assert.InRange(dump.Goroutines.Count, 0, full);
            if (dump.Info.Truncated)
            {
                warned++;
                Assert.Contains(dump.Warnings.Items, w => w.Message.Contains("truncated") && w.File == "cut.txt" && w.Line > 0);
            }
        }
        Assert.True(warned > bytes.Length / 97 / 2, $"only {warned} cuts were reported as truncated");
    }

    [Fact]
    public void ACutInsideAGoroutineKeepsTheFramesReadSoFar()
    {
        const string text = "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\n\ngoroutine 7 [chan receive, 3 minutes]:\nmain.wait(0xc000012345)\n\t/src/main.go:20 +0x2a\nmain.run(";
        var dump = ParsedDump.Parse(text, "cut.txt");
        Assert.True(dump.Info.Truncated);
        var warning = Assert.Single(dump.Warnings.Items);
        Assert.Equal("cut.txt:8: input ends inside goroutine 7: the dump is truncated; read up to the cut", warning.ToString());
        Assert.Equal(2, dump.Goroutines.Count);
        var cut = dump.Goroutines[1];
        Assert.Equal(3, cut.WaitMinutes);
        Assert.Equal("main.wait", Assert.Single(cut.Stack).Function);
    }

    [Fact]
    public void ACutMidLocationLineIsFlaggedEvenThoughTheLineParses()
    {
        var dump = ParsedDump.Parse("goroutine 7 [select]:\nmain.loop()\n\t/src/main.go:4", "cut.txt");
        Assert.True(dump.Info.Truncated);
        Assert.Equal(4, Assert.Single(dump.Goroutines).Stack[0].Line);
    }

    [Fact]
    public void MalformedStackLinesWarnWithTheirLineAndTheGoroutineIsKept()
    {
        const string text = "goroutine 5 [chan send]:\nmain.leak(0x1)\n\t/src/main.go:abc +0x1\nmain.caller()\n\t/src/main.go:30 +0x2\n\ngoroutine 6 [chan rec\nmain.other()\n\t/src/other.go:9 +0x3\n";
        var dump = ParsedDump.Parse(text, "bad.txt");
        Assert.Equal(["bad.txt:3: malformed file location '/src/main.go:abc +0x1', expected /path/file.go:LINE",
                      "bad.txt:7: malformed goroutine header 'goroutine 6 [chan rec', expected 'goroutine N [state]:'"],
            dump.Warnings.Items.Select(w => w.ToString()));
        Assert.Equal(2, dump.Goroutines.Count);
        Assert.Equal(["main.leak", "main.caller"], dump.Goroutines[0].Stack.Select(c => c.Function));
        Assert.Equal(0, dump.Goroutines[0].Stack[0].Line);
        Assert.Equal(6, dump.Goroutines[1].Id);
        Assert.Equal("main.other", Assert.Single(dump.Goroutines[1].Stack).Function);
    }

    [Fact]
    public void ACallWithoutItsLocationWarnsAndParsingGoesOn()
    {
        const string text = "goroutine 5 [select]:\nmain.a()\nmain.b()\n\t/src/b.go:2 +0x1\ncreated by main.main\n\t/src/main.go:9 +0x5\n";
        var dump = ParsedDump.Parse(text, "x");
        Assert.Equal("x:3: expected a file location (tab, /path/file.go:LINE) after the function call", Assert.Single(dump.Warnings.Items).ToString());
        var g = Assert.Single(dump.Goroutines);
        Assert.Equal(["main.a", "main.b"], g.Stack.Select(c => c.Function));
        Assert.Equal("main.main", g.CreatedBy!.Function);
    }

    [Fact]
    public void LogLinesAroundAndBetweenGoroutinesAreSkippedSilently()
    {
        const string text = "2024/01/01 server started\nsome log line (with parens)\n\ngoroutine 9 [IO wait]:\nmain.serve()\n\t/src/s.go:3 +0x1\nexit status 2\n";
        var dump = ParsedDump.Parse(text, "x");
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal(9, Assert.Single(dump.Goroutines).Id);
    }

    [Fact]
    public void AggregatedTotalThatDisagreesWithItsRecordsWarns()
    {
        const string text = "goroutine profile: total 9\n5 @ 0x1 0x2\n#\t0x1\tmain.a+0x1\t/src/a.go:3\n\n1 @ 0x3\n#\t0x3\n\n";
        var dump = ParsedDump.Parse(text, "p.txt");
        Assert.Equal("p.txt:7: profile declares total 9 goroutines but its records count 6", Assert.Single(dump.Warnings.Items).ToString());
        Assert.Equal("?", dump.Goroutines[1].Stack[0].Function);
    }

    [Fact]
    public void BinaryGarbageAndEmptyInputGiveNoGoroutinesAndNoException()
    {
        var random = new Random(5);
        var garbage = new byte[200_000];
        random.NextBytes(garbage);
        Assert.Empty(ParsedDump.Parse(new MemoryStream(garbage), "g").Goroutines);
        Assert.Empty(ParsedDump.Parse(new MemoryStream([]), "e").Goroutines);
        var analysis = DumpAnalyzer.Analyze(new MemoryStream(garbage), "g");
        Assert.Equal(0, analysis.TotalGoroutines);
        Assert.Empty(analysis.Suspects);
    }

    [Fact]
    public void AVeryLongLineIsCutWithAWarning()
    {
        var text = "goroutine 1 [running]:\nmain.f(" + new string('x', 3 << 20) + ")\n\t/src/f.go:1 +0x1\n\ngoroutine 2 [select]:\nmain.g()\n\t/src/g.go:2 +0x1\n";
        var dump = ParsedDump.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "long");
        Assert.Contains(dump.Warnings.Items, w => w.Line == 2 && w.Message.Contains("longer than"));
        Assert.Equal(2, dump.Goroutines[^1].Id);
        Assert.Equal("main.g", dump.Goroutines[^1].Stack[0].Function);
    }

    [Fact]
    public void WarningsAreCappedButCounted()
    {
        var sb = new StringBuilder("goroutine 1 [select]:\nmain.f()\n");
        for (var i = 0; i < 500; i++) sb.Append("\t/src/f.go:x\n");
        var dump = ParsedDump.Parse(sb.ToString(), "w");
        Assert.Equal(500, dump.Warnings.Total);
        Assert.Equal(Output.WarningList.Limit, dump.Warnings.Items.Count);
    }
}
