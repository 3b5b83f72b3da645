using System.Text;
using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// How bytes become lines: a dump reads the same from memory (a mapped file) and from a stream arriving in
/// any pieces, wherever its lines fall against the 64-byte newline masks and the 1 MiB stream buffer, with
/// CRLF line ends, cut anywhere, or with lines too long to be stack lines.
/// </summary>
public class LineReadingTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(DumpFixtures.Dir, "*.txt", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(DumpFixtures.Dir, path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void AFixtureReadsTheSameFromMemoryAndFromAStreamInAnyPieces(string fixture)
    {
        var bytes = File.ReadAllBytes(DumpFixtures.Path(fixture));
        var parsed = ParsedDump.Parse(bytes, "dump.txt");
        Assert.NotEmpty(parsed.Goroutines); // so the comparison below is not vacuous
        var inMemory = Describe(parsed);
        foreach (var piece in new[] { 1, 7, 63, 64, 65, 4096, int.MaxValue })
            Assert.Equal(inMemory, Describe(ParsedDump.Parse(new PiecewiseStream(bytes, piece), "dump.txt")));
    }

    [Theory]
    [InlineData("go1.19.8-sigquit.txt")]
    [InlineData("go1.19.8-debug1.txt")]
    [InlineData("handwritten/go1.21-sigquit-created-in-goroutine.txt")]
    public void ACRLFDumpReadsLikeItsLFOriginal(string fixture)
    {
        var lf = File.ReadAllText(DumpFixtures.Path(fixture)).ReplaceLineEndings("\n");
        var crlf = Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n"));
        var expected = Describe(ParsedDump.Parse(lf, "dump.txt"), withBytes: false);
        Assert.Equal(expected, Describe(ParsedDump.Parse(crlf, "dump.txt"), withBytes: false));
        Assert.Equal(expected, Describe(ParsedDump.Parse(new PiecewiseStream(crlf, 13), "dump.txt"), withBytes: false));
    }

    [Fact]
    public void LinesAcrossTheStreamBufferEdgeAreReadWhole()
    {
        // 3 MiB of goroutines: the 1 MiB buffer ends inside lines, which must be carried into the next read.
        var text = ManyGoroutines(20_000);
        Assert.True(text.Length > 3 * GoroutineDumpParser.MaxLineLength);
        var dump = ParsedDump.Parse(new MemoryStream(text), "big.txt");
        Assert.Equal(20_001, dump.Goroutines.Count); // and main
        Assert.Empty(dump.Warnings.Items);
        for (var i = 0; i < dump.Goroutines.Count; i++)
            Assert.Equal(Frames(i - 1), dump.Goroutines[i].Stack);
        Assert.Equal(Describe(ParsedDump.Parse(text, "big.txt")), Describe(dump));
    }

    [Fact]
    public void ADumpCutAtAnyByteReadsTheSameFromMemoryAndFromAStream()
    {
        var bytes = File.ReadAllBytes(DumpFixtures.HandwrittenPath("go1.21-sigquit-created-in-goroutine.txt"));
        var truncated = 0;
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var inMemory = ParsedDump.Parse(bytes.AsSpan(0, cut), "cut.txt");
            var streamed = ParsedDump.Parse(new PiecewiseStream(bytes[..cut], 17), "cut.txt");
            Assert.Equal(Describe(inMemory), Describe(streamed));
            if (inMemory.Info.Truncated) truncated++;
        }
        Assert.True(truncated > bytes.Length / 2, $"only {truncated} of {bytes.Length} cuts were reported as truncated");
    }

    [Fact]
    public void ALastLineWithoutNewlineIsReadAndFlagsTheCut()
    {
        var text = "goroutine 7 [select]:\nmain.loop()\n\t/src/main.go:4 +0x1d"u8.ToArray();
        foreach (var dump in new[] { ParsedDump.Parse(text, "cut.txt"), ParsedDump.Parse(new PiecewiseStream(text, 5), "cut.txt") })
        {
            Assert.True(dump.Info.Truncated);
            Assert.Equal(3, dump.Info.Lines);
            Assert.Equal(0x1d, Assert.Single(Assert.Single(dump.Goroutines).Stack).Offset);
        }
    }

    [Theory]
    [InlineData(GoroutineDumpParser.MaxLineLength - 1, false)]
    [InlineData(GoroutineDumpParser.MaxLineLength, true)]
    [InlineData(3 * GoroutineDumpParser.MaxLineLength + 5, true)]
    public void ALineOfAMiBOrMoreIsCutWithAWarningAndTheDumpReadsOn(int length, bool cut)
    {
        var text = Encoding.UTF8.GetBytes("goroutine 1 [running]:\nmain.main()\n\t/src/main.go:3 +0x1\n\n"
            + new string('x', length) + "\n\ngoroutine 2 [select]:\nmain.loop()\n\t/src/main.go:9 +0x2\n");
        foreach (var dump in new[] { ParsedDump.Parse(text, "long.txt"), ParsedDump.Parse(new MemoryStream(text), "long.txt") })
        {
            Assert.Equal([1L, 2L], dump.Goroutines.Select(g => g.Id));
            Assert.Equal(9, dump.Goroutines[1].Stack[0].Line);
            Assert.Equal(9, dump.Info.Lines);
            Assert.Equal(text.Length, dump.Info.Bytes);
            Assert.Equal(cut ? ["long.txt:5: line longer than 1 MiB, cut"] : [], dump.Warnings.Items.Select(w => w.ToString()));
        }
    }

    [Fact]
    public void LinesEndingAtEveryOffsetOfANewlineMaskAreSplitRight()
    {
        // Locations of growing length move each line end through every position of the 64-byte masks.
        var sb = new StringBuilder();
        for (var i = 0; i < 200; i++)
            sb.Append($"goroutine {i + 1} [chan send]:\nmain.f{i % 7}()\n\t/src/{new string('d', i)}/f.go:{i + 1} +0x{i:x}\n\n");
        var dump = ParsedDump.Parse(sb.ToString(), "masks.txt");
        Assert.Equal(200, dump.Goroutines.Count);
        Assert.Empty(dump.Warnings.Items);
        for (var i = 0; i < 200; i++)
        {
            var call = Assert.Single(dump.Goroutines[i].Stack);
            Assert.Equal(($"main.f{i % 7}", $"/src/{new string('d', i)}/f.go", i + 1, (long)i), (call.Function, call.File, call.Line, call.Offset));
        }
    }

    /// <summary>A dump of <paramref name="count"/> goroutines at three interleaved sites, as a leak parks them.</summary>
    internal static byte[] ManyGoroutines(int count)
    {
        var sb = new StringBuilder("goroutine 1 [running]:\nmain.main()\n\t/src/main.go:87 +0x49f\n\n");
        for (var i = 0; i < count; i++)
        {
            sb.Append($"goroutine {i + 6} [{(i % 10 < 7 ? "chan send" : i % 10 < 9 ? "select" : "sync.Mutex.Lock")}, {i % 3} minutes]:\n");
            foreach (var frame in Frames(i))
                sb.Append($"{frame.Function}({frame.Args})\n\t{frame.File}:{frame.Line}{(frame.Offset >= 0 ? $" +0x{frame.Offset:x}" : "")}\n");
            sb.Append($"created by main.main in goroutine 1\n\t/src/main.go:{65 + i % 10 / 7 * 2} +0x371\n\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The stack of the i-th parked goroutine of <see cref="ManyGoroutines"/> (-1: main's).</summary>
    private static Call[] Frames(int i) => i < 0 ? [new Call("main.main", "/src/main.go", 87, "", 0x49f)] : (i % 10) switch
    {
        < 7 => [new Call("main.publish", "/src/main.go", 27, "..."), new Call("main.handleRequest", "/src/main.go", 32, $"0x{i:x}, 0x0?", 0x68)],
        < 9 => [new Call("main.watch", "/src/main.go", 37, $"0x{i:x}, 0xc000066180", 0x6b)],
        _ => [new Call("sync.runtime_SemacquireMutex", "/usr/lib/go/src/runtime/sema.go", 77, "0x0?, 0x0?, 0x0?", 0x25),
              new Call("sync.(*Mutex).Lock", "/usr/lib/go/src/sync/mutex.go", 90, "..."),
              new Call("main.register", "/src/main.go", 47, $"0x{i:x}", 0x4b)],
    };

    /// <summary>Everything a parse yields, as text: goroutines with every field, the dump's facts and warnings.</summary>
    internal static string Describe(ParsedDump dump, bool withBytes = true)
    {
        var sb = new StringBuilder();
        foreach (var g in dump.Goroutines)
        {
            sb.Append($"goroutine {g.Id} [{g.State}, {g.WaitMinutes}, locked={g.LockedToThread}] x{g.Count} line {g.Line} elided {g.ElidedFrames} labels {g.Labels} bubble {g.SynctestBubble} creator {g.CreatorId}\n");
            foreach (var c in g.Stack) sb.Append($"  {c.Function}({c.Args}) {c.File}:{c.Line} +{c.Offset}\n");
            if (g.CreatedBy is { } by) sb.Append($"  created by {by.Function} {by.File}:{by.Line} +{by.Offset}\n");
        }
        var info = dump.Info;
        sb.Append($"lines {info.Lines}{(withBytes ? $" bytes {info.Bytes}" : "")} truncated {info.Truncated} aggregated {info.Aggregated} declared {info.DeclaredTotal}\n");
        sb.Append($"panic {info.Panic} fatal {info.FatalError} signal {info.Signal}\n");
        foreach (var w in dump.Warnings.Items) sb.Append(w).Append('\n');
        return sb.ToString();
    }

    /// <summary>Hands out at most <c>piece</c> bytes per read, as a pipe or a slow connection does.</summary>
    internal sealed class PiecewiseStream(byte[] bytes, int piece) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);
    }
}
