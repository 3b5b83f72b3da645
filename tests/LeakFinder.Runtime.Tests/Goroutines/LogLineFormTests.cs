using System.Text;
using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Learning a log prefix from text: the forms, what is not a prefix, and hostile or cut input.</summary>
public class LogLineFormTests
{
    private const string Stack = "goroutine 7 [chan send, 3 minutes]:\nmain.leak(0x1)\n\t/src/main.go:12 +0x2a\ncreated by main.main\n\t/src/main.go:30 +0x5c\n";

    private static string Prefixed(string prefix, string text) => string.Concat(text.Split('\n').SkipLast(1).Select(l => prefix + l + "\n"));

    private static void AssertTheLeak(DumpAnalysis a)
    {
        var bucket = Assert.Single(a.Buckets);
        Assert.Equal("chan send", bucket.State);
        Assert.Equal(3, bucket.MaxWaitMinutes);
        Assert.Equal(["main.leak /src/main.go:12"], bucket.Stack.Select(c => c.ToString()));
        Assert.Equal("main.main /src/main.go:30", bucket.CreatedBy?.ToString());
    }

    [Theory]
    [InlineData("2024-05-01T12:00:00.5Z stderr F ")]
    [InlineData("2024-05-01T12:00:00.123456789+02:00 ")]
    [InlineData("Oct 12 09:01:02 web-1 api[918]: ")]
    [InlineData("2024/05/01 12:00:00.123456 main.go:42: ")]
    [InlineData("[pod/api-7d9/api] 2024-05-01T12:00:00Z ")]
    [InlineData("I0501 12:00:00.000000    7 dump.go:20] ")]
    [InlineData("worker| ")]
    public void AnyPrefixBeforeTheHeaderIsLearnedAndStripped(string prefix)
    {
        var a = DumpAnalyzer.AnalyzeText(Prefixed(prefix, Stack));
        Assert.Equal($"log prefix like \"{prefix}\"", a.Info.LogPrefix);
        AssertTheLeak(a);
    }

    [Fact]
    public void TimestampsOfOtherWidthsAndAPaddedDayStillMatch()
    {
        // RFC 3339 with nanoseconds drops trailing zeros; syslog pads days below 10 with a space.
        var lines = Stack.Split('\n');
        var text = $"2024-05-01T12:00:00.1Z {lines[0]}\n2024-05-01T12:00:00.12Z {lines[1]}\n2024-05-01T12:00:01Z {lines[2]}\n" +
                   $"2024-05-01T12:00:01.987654321Z {lines[3]}\n2024-05-01T12:00:02.5Z {lines[4]}\n";
        AssertTheLeak(DumpAnalyzer.AnalyzeText(text));
        var syslog = $"May 10 23:59:59 h app[1]: {lines[0]}\nMay 10 23:59:59 h app[1]: {lines[1]}\nMay 11 00:00:00 h app[1]: {lines[2]}\n" +
                     $"May  9 00:00:00 h app[1]: {lines[3]}\nJun  1 00:00:00 h app[1]: {lines[4]}\n";
        AssertTheLeak(DumpAnalyzer.AnalyzeText(syslog));
    }

    [Fact]
    public void ACriPartialRecordJoinsTheNextAndOtherStreamsAreDropped()
    {
        const string text =
            "2024-05-01T12:00:00Z stderr F goroutine 7 [chan send, 3 minutes]:\n" +
            "2024-05-01T12:00:00Z stderr P main.le\n" +
            "2024-05-01T12:00:00Z stdout F GET /healthz 200\n" +
            "2024-05-01T12:00:00Z stderr F ak(0x1)\n" +
            "2024-05-01T12:00:00Z stderr F \t/src/main.go:12 +0x2a\n" +
            "2024-05-01T12:00:00Z stderr F created by main.main\n" +
            "2024-05-01T12:00:00Z stderr F \t/src/main.go:30 +0x5c\n";
        var a = DumpAnalyzer.AnalyzeText(text);
        AssertTheLeak(a);
        Assert.Contains(a.Warnings.Items, w => w.Message == "1 records of other log sources inside goroutines skipped");
    }

    [Fact]
    public void JsonLinesWithEscapesASplitRecordAndAPrefixInsideTheText()
    {
        const string docker =
            "{\"log\":\"goroutine 7 [chan send, 3 minutes]:\\n\",\"stream\":\"stderr\",\"time\":\"t\"}\n" +
            "{\"log\":\"main.le\",\"stream\":\"stderr\",\"time\":\"t\"}\n" +
            "{\"log\":\"ak(0x1)\\n\",\"stream\":\"stderr\",\"time\":\"t\"}\n" +
            "{\"log\":\"\\u0009/src/main.go:12 +0x2a\\n\",\"stream\":\"stderr\",\"time\":\"t\"}\n" +
            "{\"log\":\"hello from stdout\\n\",\"stream\":\"stdout\",\"time\":\"t\"}\n" +
            "{\"log\":\"created by main.main\\n\",\"stream\":\"stderr\",\"time\":\"t\"}\n" +
            "{\"log\":\"\\t/src/main.go:30 +0x5c\\n\",\"stream\":\"stderr\",\"time\":\"t\"}\n";
        var a = DumpAnalyzer.AnalyzeText(docker);
        Assert.Equal("JSON lines, text in \"log\" of stream \"stderr\"", a.Info.LogPrefix);
        AssertTheLeak(a);

        var nested = string.Concat(Stack.Split('\n').SkipLast(1).Select(l =>
            $"{{\"time\":\"t\",\"log\":\"2024/05/01 12:00:00 {l.Replace("\t", "\\t")}\\n\"}}\n"));
        var b = DumpAnalyzer.AnalyzeText(nested);
        Assert.Equal("JSON lines, text in \"log\", then log prefix like \"2024/05/01 12:00:00 \"", b.Info.LogPrefix);
        AssertTheLeak(b);
    }

    [Fact]
    public void AJsonRecordMayHoldTheWholeDump()
    {
        // Structured loggers write runtime.Stack's output as one field, newlines escaped.
        var record = "{\"level\":\"error\",\"msg\":\"" + ("panic: boom\n\n" + Stack).TrimEnd('\n').Replace("\n", "\\n").Replace("\t", "\\t") + "\"}\n";
        var a = DumpAnalyzer.AnalyzeText("{\"level\":\"info\",\"msg\":\"starting\"}\n" + record);
        Assert.Equal("JSON lines, text in \"msg\"", a.Info.LogPrefix);
        Assert.Equal("boom", a.Info.Panic);
        AssertTheLeak(a);
    }

    [Fact]
    public void AMessageLoggedWithOnePrefixForManyLinesIsReadToo()
    {
        // log.Printf("%s", debug.Stack()): the prefix only on the first line.
        var a = DumpAnalyzer.AnalyzeText("2024/05/01 12:00:00 " + Stack);
        AssertTheLeak(a);
    }

    [Fact]
    public void ALogLineThatOnlyQuotesAHeaderLeavesACleanDumpClean()
    {
        var text = "2024/05/01 12:00:00 watchdog: goroutine 7 [chan send] looks stuck\n2024/05/01 12:00:01 restarting\npanic: boom\n\n" + Stack;
        var a = DumpAnalyzer.AnalyzeText(text);
        Assert.Null(a.Info.LogPrefix);
        Assert.Equal("boom", a.Info.Panic);
        AssertTheLeak(a);
    }

    [Fact]
    public void ThePreambleOfAWrappedDumpIsReadThroughThePrefix()
    {
        var a = DumpAnalyzer.AnalyzeText(Prefixed("2024-05-01T12:00:00Z stderr F ", "panic: boom\n\n[signal SIGSEGV: segmentation violation]\n\n" + Stack));
        Assert.Equal("boom", a.Info.Panic);
        Assert.Equal("signal SIGSEGV: segmentation violation", a.Info.Signal);
        AssertTheLeak(a);
    }

    [Fact]
    public void AWrappedDumpStreamedInTinyReadsAndCutAnywhereNeverThrows()
    {
        var bytes = File.ReadAllBytes(Path.Combine(DumpFixtures.Dir, "logged", "docker-go1.19.8-debug2.txt"));
        var whole = DumpAnalyzer.Analyze(new TrickleStream(bytes, 7), "trickle");
        Assert.Equal(55, whole.TotalGoroutines);
        for (var cut = 0; cut < bytes.Length; cut += 1009)
        {
            var a = DumpAnalyzer.Analyze(new MemoryStream(bytes, 0, cut), "cut");
            Assert.InRange(a.TotalGoroutines, 0, 55);
        }
    }

    [Fact]
    public void AWrappedFileIsReadSequentiallyNotInParts()
    {
        // No "\n\ngoroutine N" boundary exists in a wrapped dump; the parallel reader must decline it.
        Assert.Null(SegmentedDumpReader.TryRead(Path.Combine(DumpFixtures.Dir, "logged", "cri-go1.19.8-sigquit.txt"), 2, minBytes: 0));
    }

    [Theory]
    [InlineData("{\"log\":\"goroutine 1 [running]:\\n\"")]
    [InlineData("{\"log\":\"goroutine 1 [running]:\\n\"}\n{\"log\":\n{]\n\u0000\u0001goroutine 2 [\n")]
    [InlineData("x goroutine 1 [running]:\nx \nx goroutine 2 [\nx goroutine 99999999999999999999 [x]:\nx main.f()\n")]
    [InlineData("2024-05-01T12:00:00Z stderr P goroutine 1 [running]:\n2024-05-01T12:00:00Z stderr P main.\n")]
    public void GarbledWrappedInputGivesWarningsNotExceptions(string text)
    {
        var a = DumpAnalyzer.AnalyzeText(text);
        Assert.True(a.TotalGoroutines >= 0);
    }

    /// <summary>A stream that returns at most a few bytes per read, like a slow pipe.</summary>
    private sealed class TrickleStream(byte[] bytes, int step) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
    }
}
