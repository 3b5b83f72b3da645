using LeakFinder.Check;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting.Tests;

public class TextFormatTests
{
    private static string RenderOne(string file, SourceSpan span, string? workingDirectory = null)
    {
        var d = new Diagnostic(SampleResult.BodyNotClosed, Severity.Error, "msg", span, []);
        var result = new CheckResult([d], [], new CheckStats(1, 1, 1, 0, TimeSpan.Zero), []);
        var options = SampleResult.Options() with { WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(file)! };
        return SampleResult.Render(ReportFormat.Text, result, options);
    }

    [Fact]
    public void CaretUnderlinesTheSpanAfterTabsAndMultiByteCharacters()
    {
        var dir = Directory.CreateTempSubdirectory("lf-text-");
        try
        {
            var file = Path.Combine(dir.FullName, "x.go");
            File.WriteAllText(file, "package x\n\t\ts := \"日本\" + f()\n");
            // "f()" starts at byte column 19: two tabs (2 bytes), `s := "` (6), 日本 (6), `" + ` (4). On screen the
            // tabs are 8 cells and 日本 4 (wide characters), so the caret starts after 8 + 6 + 4 + 4 = 22 cells.
            var text = RenderOne(file, new SourceSpan(file, 2, 19, 2, 22));
            var lines = text.Split('\n');
            Assert.Equal("x.go:2:19: msg (LF2001 http-body-not-closed)", lines[0]);
            Assert.Equal("  2 |         s := \"日本\" + f()", lines[1]);
            Assert.Equal("    | " + new string(' ', 22) + "^^^", lines[2]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void PathsOutsideTheWorkingDirectoryStayAsGivenAndMissingFilesHaveNoFrame()
    {
        var text = RenderOne("/nonexistent/dir/y.go", new SourceSpan("/nonexistent/dir/y.go", 3, 1, 3, 2), workingDirectory: "/tmp");
        Assert.StartsWith("/nonexistent/dir/y.go:3:1: msg (LF2001 http-body-not-closed)\n\n", text);
    }

    [Fact]
    public void NoEscapeCodesWithoutColour()
    {
        var plain = SampleResult.Render(ReportFormat.Text, SampleResult.Create(), SampleResult.Options(color: false));
        var colour = SampleResult.Render(ReportFormat.Text, SampleResult.Create(), SampleResult.Options(color: true));
        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("\u001b[1;31m", colour);
        // Colour only adds escape codes: stripped, both say the same.
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(colour, "\u001b\\[[0-9;]*m", ""));
    }

    [Fact]
    public void EchoedTextIsEscapedAsGoQuotesItInNamesMessagesAndCodeFrames()
    {
        var dir = Directory.CreateTempSubdirectory("lf-text-");
        try
        {
            // A file name with ESC and a newline, a message quoting a hostile string (CSI as C1, CR, bidi
            // override, a lone surrogate), and a source line holding ESC and a bidi override.
            var file = Path.Combine(dir.FullName, "a\u001b[2Jb\nc.go");
            File.WriteAllText(file, "package x\nvar s = \"\u001b]0;pwned\u0007\" + t() // \u202e evil\n");
            var message = "leak of \"\u009b31m\r\nfake.go:1:1: forged\u202e\ud800\"";
            var d = new Diagnostic(SampleResult.BodyNotClosed, Severity.Error, message, new SourceSpan(file, 2, 24, 2, 27), []);
            var errors = new List<InputError> { new(file, 1, 1, "bad \u001b[31m input\nsecond") };
            var result = new CheckResult([d], errors, new CheckStats(1, 1, 1, 0, TimeSpan.Zero), []);
            var text = SampleResult.Render(ReportFormat.Text, result, SampleResult.Options() with { WorkingDirectory = dir.FullName });
            var lines = text.Split('\n');
            Assert.Equal("a\\x1b[2Jb\\nc.go:2:24: leak of \"\\u009b31m\\r\\nfake.go:1:1: forged\\u202e\\ud800\" (LF2001 http-body-not-closed)", lines[0]);
            Assert.Equal("  2 | var s = \"\\x1b]0;pwned\\a\" + t() // \\u202e evil", lines[1]);
            // The caret still sits under t(): the escapes before it are as wide as they are printed.
            Assert.Equal("    | " + new string(' ', lines[1].IndexOf("t()", StringComparison.Ordinal) - 6) + "^^^", lines[2]);
            Assert.Contains("a\\x1b[2Jb\\nc.go:1:1: error: bad \\x1b[31m input\\nsecond", text);
            Assert.DoesNotContain(text, c => c < ' ' && c != '\n' || c is >= '\u007f' and <= '\u009f' || c == '\u202e' || char.IsSurrogate(c));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
