using System.Text;
using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Syntax.Tests.Scanning;

/// <summary>Ports of go/scanner's scanner_test.go: semicolon insertion, errors, numbers, line directives, CR stripping.</summary>
public sealed class ScannerTests
{
    // UTF-8 bytes of s, except that U+0080 stands for the lone byte 0x80 (invalid UTF-8), as in go/scanner's tests.
    internal static byte[] Bytes(string s)
    {
        var parts = s.Split('\u0080');
        var result = new List<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) result.Add(0x80);
            result.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }
        return result.ToArray();
    }

    private static (Scanner Scanner, TokenFile File) Start(string src, ScannerMode mode, ScanErrorHandler? err = null, string filename = "")
    {
        var bytes = Bytes(src);
        var file = new FileSet().AddFile(filename, -1, bytes.Length);
        var s = new Scanner();
        s.Init(file, bytes, err, mode);
        return (s, file);
    }

    [Fact]
    public void SemicolonsAreInsertedExactlyWhereGoScannerInsertsThem()
    {
        var failures = new List<string>();
        foreach (var line in ScannerTables.Lines)
        {
            CheckSemi(line, ScannerMode.None, failures);
            CheckSemi(line, ScannerMode.ScanComments, failures);
            // if the input ended in newlines, it must tokenize the same without them
            for (var i = line.Length - 1; i >= 0 && line[i] == '\n'; i--)
            {
                CheckSemi(line[..i], ScannerMode.None, failures);
                CheckSemi(line[..i], ScannerMode.ScanComments, failures);
            }
        }
        Assert.Empty(failures);
    }

    private static void CheckSemi(string line, ScannerMode mode, List<string> failures)
    {
        var (s, file) = Start(line, mode);
        var tok = s.Scan(out var pos, out var lit);
        while (tok != Token.EOF)
        {
            if (tok == Token.Illegal)
            {
                // the illegal token literal ('#' or '$') says which semicolon literal to expect next
                var semiLit = lit[0] == '#' ? ";" : "\n";
                var want = file.Position(pos);
                want = want with { Offset = want.Offset + 1, Column = want.Column + 1 };
                tok = s.Scan(out pos, out lit);
                if (tok != Token.Semicolon) failures.Add($"{Show(line)}: got {tok.ToGoString()}, expected ;");
                else if (lit != semiLit) failures.Add($"{Show(line)}: semicolon literal {Show(lit)}, expected {Show(semiLit)}");
                else if (file.Position(pos) != want) failures.Add($"{Show(line)}: semicolon at {file.Position(pos)}, expected {want}");
            }
            else if (tok == Token.Semicolon)
                failures.Add($"{Show(line)} ({mode}): got ;, expected no ;");
            tok = s.Scan(out pos, out lit);
        }
    }

    private static string Show(string s) => "\"" + s.Replace("\n", "\\n") + "\"";

    [Fact]
    public void ScanErrorsHaveGoScannersMessagesAndOffsets()
    {
        var failures = new List<string>();
        foreach (var (src, wantTok, wantPos, wantLit, wantErr) in ScannerTables.Errors)
        {
            int count = 0, offset = 0;
            var msg = "";
            var (s, _) = Start(src, ScannerMode.ScanComments | ScannerMode.DontInsertSemis, (p, m) =>
            {
                count++;
                msg = m;
                offset = p.Offset;
            });
            var tok = s.Scan(out _, out var lit);
            if (tok != wantTok) failures.Add($"{Show(src)}: token {tok}, expected {wantTok}");
            // (a literal holding the invalid byte 0x80 cannot round-trip through a .NET string)
            if (tok != Token.Illegal && !src.Contains('\u0080') && lit != wantLit) failures.Add($"{Show(src)}: literal {Show(lit)}, expected {Show(wantLit)}");
            var wantCount = wantErr.Length == 0 ? 0 : 1;
            if (count != wantCount) failures.Add($"{Show(src)}: {count} errors, expected {wantCount}");
            if (msg != wantErr) failures.Add($"{Show(src)}: error {Show(msg)}, expected {Show(wantErr)}");
            if (offset != wantPos) failures.Add($"{Show(src)}: error at offset {offset}, expected {wantPos}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void NumbersScanToGoScannersTokensAndErrors()
    {
        var failures = new List<string>();
        foreach (var (wantTok, src, tokens, wantErr) in ScannerTables.Numbers)
        {
            var err = "";
            var (s, _) = Start(src, ScannerMode.None, (_, m) =>
            {
                if (err.Length == 0) err = m;
            });
            var wants = tokens.Split(' ');
            for (var i = 0; i < wants.Length; i++)
            {
                err = "";
                var tok = s.Scan(out _, out var lit);
                if (tok is Token.Period or Token.Add or Token.Sub) lit = tok.ToGoString();
                if (i == 0)
                {
                    if (tok != wantTok) failures.Add($"{src}: token {tok}, expected {wantTok}");
                    if (err != wantErr) failures.Add($"{src}: error {Show(err)}, expected {Show(wantErr)}");
                }
                if (lit != wants[i]) failures.Add($"{src}: literal {lit} ({tok}), expected {wants[i]}");
            }
            var last = s.Scan(out _, out _);
            if (last == Token.Semicolon) last = s.Scan(out _, out _);
            if (last != Token.EOF) failures.Add($"{src}: got {last} after the number, expected EOF");
        }
        Assert.Empty(failures);
    }

    // One token per segment; the position of that token after the segment's //line directive.
    private static readonly (string Src, string Filename, int Line, int Column)[] Segments =
    [
        ("  line1", "TestLineDirectives", 1, 3),
        ("\nline2", "TestLineDirectives", 2, 1),
        ("\nline3  //line File1.go:100", "TestLineDirectives", 3, 1), // bad line comment, ignored
        ("\nline4", "TestLineDirectives", 4, 1),
        ("\n//line File1.go:100\n  line100", "File1.go", 100, 0),
        ("\n//line  \t :42\n  line1", " \t ", 42, 0),
        ("\n//line File2.go:200\n  line200", "File2.go", 200, 0),
        ("\n//line foo\t:42\n  line42", "foo\t", 42, 0),
        ("\n //line foo:42\n  line43", "foo\t", 44, 0), // bad line comment, ignored (use existing, prior filename)
        ("\n//line foo 42\n  line44", "foo\t", 46, 0), // bad line comment, ignored (use existing, prior filename)
        ("\n//line /bar:42\n  line45", "/bar", 42, 0),
        ("\n//line ./foo:42\n  line46", "foo", 42, 0),
        ("\n//line a/b/c/File1.go:100\n  line100", "a/b/c/File1.go", 100, 0),
        ("\n//line c:\\bar:42\n  line200", "c:\\bar", 42, 0),
        ("\n//line c:\\dir\\File1.go:100\n  line201", "c:\\dir\\File1.go", 100, 0),
        // the newer directive syntax
        ("\n//line :100\na1", "", 100, 0), // missing filename means empty filename
        ("\n//line bar:100\nb1", "bar", 100, 0),
        ("\n//line :100:10\nc1", "bar", 100, 10), // missing filename means current filename
        ("\n//line foo:100:10\nd1", "foo", 100, 10),
        ("\n/*line :100*/a2", "", 100, 0), // missing filename means empty filename
        ("\n/*line bar:100*/b2", "bar", 100, 0),
        ("\n/*line :100:10*/c2", "bar", 100, 10), // missing filename means current filename
        ("\n/*line foo:100:10*/d2", "foo", 100, 10),
        ("\n/*line foo:100:10*/    e2", "foo", 100, 14), // line-directive relative column
        ("\n/*line foo:100:10*/\n\nf2", "foo", 102, 1), // absolute column since on new line
    ];

    [Fact]
    public void LineDirectivesAdjustPositionsAndUnadjustedPositionsIgnoreThem()
    {
        var src = string.Concat(Segments.Select(s => s.Src));
        var errors = new List<string>();
        var (s, file) = Start(src, ScannerMode.DontInsertSemis, (p, m) => errors.Add($"{p}: {m}"), "TestLineDirectives");
        var rawLine = 1;
        foreach (var seg in Segments)
        {
            rawLine += seg.Src.Count(c => c == '\n');
            s.Scan(out var pos, out var lit);
            var got = file.PositionFor(pos, adjusted: true);
            Assert.Equal((seg.Filename, seg.Line, seg.Column), (got.Filename, got.Line, got.Column));
            var raw = file.PositionFor(pos, adjusted: false);
            Assert.Equal(("TestLineDirectives", rawLine), (raw.Filename, raw.Line));
            Assert.Contains(lit, seg.Src);
        }
        Assert.Empty(errors);
    }

    [Fact]
    public void LineDirectivesRelativeFilenamesAreJoinedToTheFilesDirectory()
    {
        var (s, file) = Start("  line1\n//line File1.go:100\n  line100", ScannerMode.DontInsertSemis, null, "TestLineDir/TestLineDirectives");
        s.Scan(out _, out _);
        s.Scan(out var pos, out _);
        Assert.Equal(new Position("TestLineDir/File1.go", 30, 100, 0), file.Position(pos));
    }

    [Theory]
    [InlineData("\n//line :1:1\n//line foo:42 extra text\ndummy", "invalid line number: 42 extra text", 1, 12)]
    [InlineData("\n//line :2:1\n//line foobar:\ndummy", "invalid line number: ", 2, 15)]
    [InlineData("\n//line :5:1\n//line :0\ndummy", "invalid line number: 0", 5, 9)]
    [InlineData("\n//line :10:1\n//line :1:0\ndummy", "invalid column number: 0", 10, 11)]
    [InlineData("\n//line :1:1\n//line :foo:0\ndummy", "invalid line number: 0", 1, 13)] // foo is part of the filename
    public void InvalidLineDirectives_ReportGoScannersErrorAtTheBadNumber(string src, string msg, int line, int column)
    {
        var errors = new List<(string Msg, int Line, int Column)>();
        var (s, _) = Start(src, ScannerMode.DontInsertSemis, (p, m) => errors.Add((m, p.Line, p.Column)), "dir/TestInvalidLineDirectives");
        while (s.Scan(out _, out _) != Token.EOF) { }
        Assert.Equal([(msg, line, column)], errors);
    }

    [Theory]
    [InlineData("//\n", "//")]
    [InlineData("//\r\n", "//")]
    [InlineData("//\r\r\r\n", "//")]
    [InlineData("//\r*\r/\r\n", "//*/")]
    [InlineData("/**/", "/**/")]
    [InlineData("/*\r/*/", "/*/*/")]
    [InlineData("/*\r*/", "/**/")]
    [InlineData("/**\r/*/", "/**\r/*/")]
    [InlineData("/*\r/\r*\r/*/", "/*/*\r/*/")]
    [InlineData("/*\r\r\r\r*/", "/**/")]
    public void CommentTextHasCarriageReturnsStrippedAsGoScannerDoes(string src, string want)
    {
        var (s, _) = Start(src, ScannerMode.ScanComments);
        Assert.Equal(Token.Comment, s.Scan(out _, out var lit));
        Assert.Equal(want, lit);
    }

    [Fact]
    public void RawStringsHaveCarriageReturnsStrippedInterpretedStringsKeepTheirText()
    {
        var (s, _) = Start("`a\r\nb` \"x\\r\\n\" 'y' 0x1p-2i", ScannerMode.None);
        Assert.Equal(Token.String, s.Scan(out _, out var raw));
        Assert.Equal("`a\nb`", raw);
        Assert.Equal(Token.String, s.Scan(out _, out var str));
        Assert.Equal("\"x\\r\\n\"", str);
        Assert.Equal(Token.Char, s.Scan(out _, out var ch));
        Assert.Equal("'y'", ch);
        Assert.Equal(Token.Imag, s.Scan(out _, out var imag));
        Assert.Equal("0x1p-2i", imag);
    }

    [Fact]
    public void EveryOperatorAndKeywordScansToItsToken()
    {
        var all = Enum.GetValues<Token>().Where(t => t.IsOperator() || t.IsKeyword()).ToArray();
        var src = string.Join(" ", all.Select(t => t.ToGoString()));
        var (s, file) = Start(src, ScannerMode.DontInsertSemis);
        var column = 1;
        foreach (var want in all)
        {
            var tok = s.Scan(out var pos, out var lit);
            Assert.Equal(want, tok);
            Assert.Equal(column, file.Position(pos).Column);
            Assert.Equal(want.IsKeyword() ? want.ToGoString() : want == Token.Semicolon ? ";" : "", lit);
            column += want.ToGoString().Length + 1;
        }
        Assert.Equal(Token.EOF, s.Scan(out _, out _));
    }

    [Fact]
    public void IdentifiersMayBeUnicodeLettersAndAreInternedPerFile()
    {
        var (s, _) = Start("héllo ǅx _9 héllo", ScannerMode.DontInsertSemis);
        Assert.Equal(Token.Ident, s.Scan(out _, out var a));
        Assert.Equal("héllo", a);
        Assert.Equal(Token.Ident, s.Scan(out _, out var b));
        Assert.Equal("ǅx", b);
        Assert.Equal(Token.Ident, s.Scan(out _, out var c));
        Assert.Equal("_9", c);
        s.Scan(out _, out var d);
        Assert.Same(a, d);
    }

    [Fact]
    public void ByteOrderMarkIsSkippedOnlyAtTheStart()
    {
        var errors = new List<string>();
        var (s, file) = Start("\uFEFFpackage p", ScannerMode.None, (p, m) => errors.Add(m));
        Assert.Equal(Token.Package, s.Scan(out var pos, out _));
        Assert.Equal(new Position("", 3, 1, 4), file.Position(pos));
        Assert.Empty(errors);
    }

    [Fact]
    public void ColumnsCountBytesNotCharacters()
    {
        var (s, file) = Start("\"ü€\" x", ScannerMode.None);
        s.Scan(out _, out _);
        s.Scan(out var pos, out _);
        Assert.Equal(9, file.Position(pos).Column); // `"ü€"` is 7 bytes (1+2+3+1), then a space
    }
}
