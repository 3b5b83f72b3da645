using LeakFinder.Check;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using LeakFinder.Analysis;
using NJsonSchema;

namespace LeakFinder.Reporting.Tests;

/// <summary>
/// Whatever a rule or the loader puts in a CheckResult (positions of 0, ends before starts, lines past the end
/// of the file, control characters, lone surrogates, paths with spaces and '%'), every format renders it
/// without throwing, JSON and SARIF stay parseable, SARIF stays schema-valid and checkstyle stays well-formed.
/// </summary>
public class RobustnessTests
{
    private static readonly string[] Texts =
    [
        "", "plain", "tab\there", "new\nline\r\nand CR\r", "ctrl \u0001\u0007\u001b[31m", "lone \ud800 surrogate",
        "emoji 😀 and 日本語", "percent % comma , colon :", "<xml attr=\"&amp;\">", "]]>", "::error::injected",
    ];

    private static CheckResult RandomResult(Random rng, string workDir)
    {
        string Pick() => Texts[rng.Next(Texts.Length)];
        string File() => rng.Next(5) switch
        {
            0 => SampleResult.MainGo,
            1 => "relative dir/with space.go",
            2 => "/abs/outside/100%.go",
            3 => Path.Combine(workDir, "svc", "missing.go"),
            _ => "",
        };
        SourceSpan Span() => new(File(), rng.Next(-1, 30), rng.Next(-1, 80), rng.Next(-1, 30), rng.Next(-1, 80));
        var rules = new[] { SampleResult.BodyNotClosed, SampleResult.TickerNotStopped, SampleResult.Retention };
        var findings = new List<Diagnostic>();
        for (var i = 0; i < 12; i++)
        {
            var rule = rules[rng.Next(rules.Length)];
            var related = Enumerable.Range(0, rng.Next(3)).Select(_ => new RelatedLocation(Span(), Pick())).ToList();
            var fix = rng.Next(3) == 0 ? new SuggestedFix(Pick(), [new TextEdit(Span(), Pick())]) : null;
            findings.Add(new Diagnostic(rule, (Severity)rng.Next(3), Pick(), Span(), related, fix));
        }
        var errors = Enumerable.Range(0, rng.Next(3)).Select(_ => new InputError(File(), rng.Next(-1, 5), rng.Next(-1, 5), Pick())).ToList();
        return new CheckResult(findings, errors, new CheckStats(1, 2, findings.Count, rng.Next(3), TimeSpan.FromSeconds(rng.NextDouble())), rules);
    }

    [Fact]
    public async Task DegenerateResultsRenderValidlyInEveryFormat()
    {
        var schema = await JsonSchema.FromFileAsync(
            LeakFinder.Tests.Shared.RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json"), TestContext.Current.CancellationToken);
        var rng = new Random(20261125);
        for (var round = 0; round < 25; round++)
        {
            var result = RandomResult(rng, SampleResult.WorkingDirectory);
            foreach (var format in Enum.GetValues<ReportFormat>())
            {
                var output = SampleResult.Render(format, result, SampleResult.Options(color: round % 2 == 0));
                switch (format)
                {
                    case ReportFormat.Json:
                        using (var doc = JsonDocument.Parse(output))
                            Assert.Equal(12, doc.RootElement.GetProperty("findings").GetArrayLength());
                        break;
                    case ReportFormat.Sarif:
                        var problems = schema.Validate(output);
                        Assert.True(problems.Count == 0, $"round {round}: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Kind}")));
                        break;
                    case ReportFormat.Checkstyle:
                        Assert.Equal("checkstyle", XDocument.Parse(output).Root!.Name.LocalName);
                        break;
                    case ReportFormat.CodeClimate:
                        // One issue per finding and error, each with the fields GitLab requires.
                        using (var issues = JsonDocument.Parse(output))
                        {
                            Assert.Equal(result.Findings.Count + result.Errors.Count, issues.RootElement.GetArrayLength());
                            foreach (var issue in issues.RootElement.EnumerateArray())
                            {
                                Assert.Equal(32, issue.GetProperty("fingerprint").GetString()!.Length);
                                Assert.True(issue.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32() >= 1);
                                Assert.False(string.IsNullOrEmpty(issue.GetProperty("description").GetString()));
                            }
                        }
                        break;
                    case ReportFormat.GitHub:
                        // One command per finding and error, each on one line: messages cannot break out.
                        var commands = output.Split('\n').Count(l => l.StartsWith("::", StringComparison.Ordinal));
                        Assert.Equal(result.Findings.Count + result.Errors.Count, commands);
                        break;
                    case ReportFormat.Text:
                        var plain = System.Text.RegularExpressions.Regex.Replace(output, "\u001b\\[[0-9;]*m", "");
                        Assert.EndsWith("s)\n", plain); // the summary line closes the report
                        Assert.DoesNotContain("\u0007", output);
                        if (round % 2 == 1) Assert.DoesNotContain("\u001b", output); // no colour asked: no escape at all
                        break;
                }
            }
        }
    }
}
