using LeakFinder.Check;
using System.Xml.Linq;
using LeakFinder.Analysis;

namespace LeakFinder.Reporting.Tests;

public class EscapingTests
{
    [Fact]
    public void GitHubEscapesDataAndPropertiesAsTheRunnerDecodesThem()
    {
        Assert.Equal("100%25 done%0D%0Anext: a, b", GitHubRenderer.EscapeData("100% done\r\nnext: a, b"));
        Assert.Equal("dir%2Cx/a%3Ab.go%25", GitHubRenderer.EscapeProperty("dir,x/a:b.go%"));
    }

    [Fact]
    public void CheckstyleStaysWellFormedWithControlCharactersAndMarkup()
    {
        var d = new Diagnostic(SampleResult.BodyNotClosed, Severity.Error, "bad \u0001 byte <tag attr=\"x\"> & ]]> 😀",
            new SourceSpan("a&b.go", 1, 1, 1, 2), []);
        var result = new CheckResult([d], [], new CheckStats(1, 1, 1, 0, TimeSpan.Zero), []);
        var xml = SampleResult.Render(ReportFormat.Checkstyle, result, SampleResult.Options());
        var doc = XDocument.Parse(xml);
        var file = doc.Root!.Element("file")!;
        Assert.Equal("a&b.go", file.Attribute("name")!.Value);
        Assert.Equal("bad \uFFFD byte <tag attr=\"x\"> & ]]> 😀", file.Element("error")!.Attribute("message")!.Value);
    }

    [Fact]
    public void ParsesEveryFormatName()
    {
        foreach (var name in ReportFormats.Names)
            Assert.NotNull(ReportFormats.Parse(name));
        Assert.Equal(ReportFormat.GitHub, ReportFormats.Parse("GitHub"));
        Assert.Null(ReportFormats.Parse("xml"));
    }
}

public class ColorPolicyTests
{
    [Theory]
    [InlineData(true, null, "xterm-256color", true)]
    [InlineData(true, "", "xterm", true)]       // NO_COLOR set but empty does not count (no-color.org)
    [InlineData(true, "1", "xterm", false)]
    [InlineData(false, null, "xterm", false)]   // piped or redirected
    [InlineData(true, null, "dumb", false)]
    public void ColourOnlyOnATerminalWithoutNoColor(bool terminal, string? noColor, string? term, bool expected) =>
        Assert.Equal(expected, ColorPolicy.ShouldColor(terminal, noColor, term));
}
