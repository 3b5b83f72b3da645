using LeakFinder.Check;
namespace LeakFinder.Reporting.Tests;

/// <summary>Each format over <see cref="SampleResult"/>, compared byte for byte with Golden/ (see GoldenFile).</summary>
public class GoldenTests
{
    [Theory]
    [InlineData(ReportFormat.Text, false, "check.txt")]
    [InlineData(ReportFormat.Text, true, "check.color.txt")]
    [InlineData(ReportFormat.Json, false, "check.json")]
    [InlineData(ReportFormat.Checkstyle, false, "check.checkstyle.xml")]
    [InlineData(ReportFormat.GitHub, false, "check.github.txt")]
    [InlineData(ReportFormat.CodeClimate, false, "check.codeclimate.json")]
    public void FormatMatchesGolden(ReportFormat format, bool color, string golden)
    {
        var output = SampleResult.Render(format, SampleResult.Create(), SampleResult.Options(color));
        GoldenFile.AssertMatches(golden, output);
    }

    [Theory]
    [InlineData(ReportFormat.Text, false, "empty.txt")]
    [InlineData(ReportFormat.Json, false, "empty.json")]
    [InlineData(ReportFormat.Checkstyle, false, "empty.checkstyle.xml")]
    [InlineData(ReportFormat.GitHub, false, "empty.github.txt")]
    [InlineData(ReportFormat.CodeClimate, false, "empty.codeclimate.json")]
    public void CleanRunMatchesGolden(ReportFormat format, bool color, string golden)
    {
        var clean = new CheckResult([], [], new CheckStats(1, 4, 0, 0, TimeSpan.FromSeconds(0.25)), [SampleResult.BodyNotClosed]);
        GoldenFile.AssertMatches(golden, SampleResult.Render(format, clean, SampleResult.Options(color)));
    }
}
