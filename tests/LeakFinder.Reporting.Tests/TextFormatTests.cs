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
}
