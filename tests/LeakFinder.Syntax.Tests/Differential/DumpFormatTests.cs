using LeakFinder.Syntax.Dump;
using LeakFinder.Syntax.Parsing;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// The corners of docs/ast-dump.md that Go's own source barely exercises: the string escapes (controls,
/// DEL, U+0085/U+2028/U+2029, CR dropped from raw strings, non-ASCII kept as UTF-8), unadjusted positions
/// after //line directives, and byte columns after a BOM. Each file's dump must contain the lines the
/// format prescribes, and equal tools/astdump's dump when Go is installed.
/// </summary>
public sealed class DumpFormatTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        {
            "quoting.go",
            [
                """Comment 4:1..4:86 Slash=4:1 Text="// A comment with a control \x01 character, DEL \x7f, a line separator \u2028, NEL \u0085 and \u2029." """.TrimEnd(),
                """Comment 5:1..6:53 Slash=5:1 Text="/* a block comment\n   over two lines with \"quotes\" and a \\ backslash */" """.TrimEnd(),
                """BasicLit 7:11..8:76 ValuePos=7:11 Kind=STRING Value="`tab\there, CR LF\nline separator \u2028 paragraph \u2029 NEL \u0085 control \x01 DEL \x7f quote \" backslash \\`" """.TrimEnd(),
                """BasicLit 10:19..10:56 ValuePos=10:19 Kind=STRING Value="\"\\u2028 \\x00 \\\" \\\\ \\t 日本語 😀\"" """.TrimEnd(),
                """Ident 12:9..12:15 NamePos=12:9 Name="日本" """.TrimEnd(),
                "X: BasicLit 15:26..15:27 ValuePos=15:26 Kind=INT Value=\"1\"",
                "Comment 15:28..15:47 Slash=15:28 Text=\"/*line other.go:7*/\"",
            ]
        },
        { "bom.go", ["File 1:4..3:34", "Package: 1:4"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DumpPrintsTheFormatsEscapesAndPositions(string file, string[] expectedLines)
    {
        var path = RepoPaths.Combine("tests", "LeakFinder.Syntax.Tests", "Differential", "testdata", file);
        var result = Parser.ParseFile(new FileSet(), path, File.ReadAllBytes(path), ParserMode.ParseComments);
        Assert.Empty(result.Errors);
        var dump = AstDumper.Dump(result.TokenFile, result.File);
        var lines = dump.Split('\n').Select(l => l.TrimStart(' ', '-')).ToHashSet();
        foreach (var expected in expectedLines) Assert.Contains(expected, lines);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DumpEqualsGoParsersDump(string file, string[] expectedLines)
    {
        _ = expectedLines;
        var path = RepoPaths.Combine("tests", "LeakFinder.Syntax.Tests", "Differential", "testdata", file);
        var reference = ReferenceTool.Dump(path);
        var ours = LeakFinderSide.Dump(path);
        Assert.True(reference == ours, UnifiedDiff.FirstHunk(reference, ours, "go/parser (tools/astdump)", "LeakFinder"));
    }
}
