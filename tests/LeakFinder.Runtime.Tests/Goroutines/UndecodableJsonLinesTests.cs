using System.Text;
using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// Docker json-file records whose string does not decode (invalid UTF-8 bytes, a "\ud800" escape without its
/// low half) once made the JSON-lines reader throw InvalidOperationException out of `dump` (issue #14): a
/// damaged record costs its own line, never the dump.
/// </summary>
public class UndecodableJsonLinesTests
{
    private static readonly string Docker = Path.Combine(DumpFixtures.Dir, "logged", "docker-go1.19.8-debug2.txt");

    public static TheoryData<string, byte[]> Damage() => new()
    {
        { "lone high surrogate escape", "\\ud800"u8.ToArray() },
        { "lone low surrogate escape", "\\udc00x"u8.ToArray() },
        { "invalid UTF-8 byte", [0xff, 0xfe] },
        { "cut UTF-8 sequence", [0xe2, 0x82] },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_record_with_an_undecodable_string_is_read_around(string what, byte[] damage)
    {
        var lines = File.ReadAllLines(Docker);
        // Damage the "log" value of a stack line deep inside the dump, and of the first header's record.
        var damaged = new StringBuilder();
        var bytes = new MemoryStream();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            if (i == lines.Length / 2 || i == 1)
            {
                var at = Encoding.UTF8.GetByteCount("{\"log\":\"");
                bytes.Write(line.AsSpan(0, at));
                bytes.Write(damage);
                bytes.Write(line.AsSpan(at));
            }
            else bytes.Write(line);
            bytes.WriteByte((byte)'\n');
        }
        var clean = DumpAnalyzer.AnalyzeFile(Docker);
        var analysis = DumpAnalyzer.Analyze(new MemoryStream(bytes.ToArray()), what);
        Assert.Equal("JSON lines, text in \"log\" of stream \"stderr\"", analysis.Info.LogPrefix);
        Assert.Equal(clean.TotalGoroutines, analysis.TotalGoroutines);
        Assert.Equal(clean.Suspects[0].Suspect.Reason, analysis.Suspects[0].Suspect.Reason);
    }

    [Fact]
    public void A_header_record_that_does_not_decode_is_not_learned_as_the_form()
    {
        var text = "{\"log\":\"goroutine 1 [running]:\\ud800\\n\",\"stream\":\"stderr\"}\n"u8.ToArray();
        var analysis = DumpAnalyzer.Analyze(new MemoryStream(text), "bad");
        Assert.Null(analysis.Info.LogPrefix);
    }
}
