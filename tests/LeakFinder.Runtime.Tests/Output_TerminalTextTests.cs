using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Tests;

/// <summary>Text from the input echoed to a terminal: control characters escaped as Go's %q escapes them (issue #14).</summary>
public class TerminalTextTests
{
    [Theory]
    [InlineData("main.go", "main.go")]
    [InlineData("héllo 世界 🙂", "héllo 世界 🙂")]
    [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
    [InlineData("line\nforged", "line\\nforged")]
    [InlineData("tab\tbell\a\r", "tab\\tbell\\a\\r")]
    [InlineData("rtl\u202eevil", "rtl\\u202eevil")]
    [InlineData("c1\u009b31m", "c1\\u009b31m")]
    public void Control_characters_are_escaped_and_the_rest_kept(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        // Built at run time: theory data would be serialised through UTF-8, which cannot hold it.
        Assert.Equal("lone\\ud800", TerminalText.Escape("lone" + (char)0xd800));
    }

    [Fact]
    public void A_dump_report_cannot_drive_the_terminal()
    {
        var dump = "goroutine 1 [chan send]:\nmain.evil\u001b]0;pwned\u0007()\n\t/src/x\u001b[31m.go:3 +0x1\n";
        var analysis = DumpAnalyzer.AnalyzeText(dump);
        var text = new StringWriter();
        DumpTextReport.Write(new TerminalSafeWriter(text), analysis, 10);
        Assert.DoesNotContain('\u001b', text.ToString());
        Assert.DoesNotContain('\u0007', text.ToString());
        Assert.Contains("main.evil\\x1b]0;pwned\\a", text.ToString());
        Assert.Contains('\n', text.ToString()); // the report's own layout is kept
    }
}
