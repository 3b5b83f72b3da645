using LeakFinder.Check;
using System.Text.Json;
using LeakFinder.Analysis;
using LeakFinder.Check.Pipeline;
using LeakFinder.Tests.Shared;
using NJsonSchema;

namespace LeakFinder.Reporting.Tests;

public class SarifTests
{
    /// <summary>The vendored copy always; the shared copy beside the clone too when it is there (CI has it).</summary>
    private static IEnumerable<string> SchemaPaths()
    {
        yield return RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");
        var shared = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "sarif", "sarif-schema-2.1.0.json"));
        if (File.Exists(shared)) yield return shared;
    }

    private static string Sarif(CheckResult result) => SampleResult.Render(ReportFormat.Sarif, result, SampleResult.Options());

    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> Validate(string schemaPath, string json)
    {
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaPath, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return schema.Validate(json);
    }

    [Fact]
    public async Task OutputValidatesAgainstTheOfficialSchema()
    {
        var outputs = new[]
        {
            Sarif(SampleResult.Create()),
            Sarif(new CheckResult([], [], new CheckStats(0, 0, 0, 0, TimeSpan.Zero), [])),
        };
        foreach (var schemaPath in SchemaPaths())
            foreach (var json in outputs)
            {
                var errors = await Validate(schemaPath, json);
                Assert.True(errors.Count == 0, $"{schemaPath}: " + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
            }
    }

    [Fact]
    public void VendoredSchemaIsTheSharedOne()
    {
        var paths = SchemaPaths().ToList();
        if (paths.Count < 2) Assert.Skip("shared/sarif is not beside the repository");
        Assert.Equal(File.ReadAllBytes(paths[0]), File.ReadAllBytes(paths[1]));
    }

    [Fact]
    public async Task SchemaValidationCatchesABrokenLog()
    {
        // Guards the test above: the validator must reject what SARIF forbids, or a pass would mean nothing.
        var json = Sarif(SampleResult.Create()).Replace("\"level\": \"warning\"", "\"level\": \"severe\"", StringComparison.Ordinal);
        var errors = await Validate(SchemaPaths().First(), json);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void ResultsPointAtRelativeUrisUnderSrcRootWithUtf16Columns()
    {
        using var doc = JsonDocument.Parse(Sarif(SampleResult.Create()));
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var srcRoot = run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.StartsWith("file:///", srcRoot);
        Assert.EndsWith("/Golden/src/", srcRoot);

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(5, results.Count);
        var retention = results.Single(r => r.GetProperty("ruleId").GetString() == "LF5001");
        var loc = retention.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("svc/main.go", loc.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", loc.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        // Byte column 23 follows "é" (2 bytes, 1 UTF-16 unit): SARIF column 22; the end moves the same way.
        Assert.Equal(22, loc.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal(33, loc.GetProperty("region").GetProperty("endColumn").GetInt32());
        Assert.Equal("note", retention.GetProperty("level").GetString());

        // A file outside the working directory is an absolute file URI without a base.
        var body = results.Single(r => r.GetProperty("ruleId").GetString() == "LF2001");
        var related = body.GetProperty("relatedLocations");
        Assert.Equal(2, related.GetArrayLength());
        var outside = related[1].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("file:///usr/lib/go-1.19/src/net/http/client.go", outside.GetProperty("uri").GetString());
        Assert.False(outside.TryGetProperty("uriBaseId", out _));
    }

    [Fact]
    public void SuggestedFixesAreArtifactChangesWhoseEmptyDeletedRegionIsTheInsertionPoint()
    {
        using var doc = JsonDocument.Parse(Sarif(SampleResult.Create()));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var body = results.Single(r => r.GetProperty("ruleId").GetString() == "LF2001");
        var fix = Assert.Single(body.GetProperty("fixes").EnumerateArray().ToList());
        Assert.Equal("close the body when fetch returns", fix.GetProperty("description").GetProperty("text").GetString());
        var change = Assert.Single(fix.GetProperty("artifactChanges").EnumerateArray().ToList());
        Assert.Equal("svc/main.go", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", change.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var replacement = Assert.Single(change.GetProperty("replacements").EnumerateArray().ToList());
        var region = replacement.GetProperty("deletedRegion");
        Assert.Equal((12, 3, 12, 3), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(),
            region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        Assert.Equal("\n\tdefer resp.Body.Close()", replacement.GetProperty("insertedContent").GetProperty("text").GetString());
        // Findings without a fix carry no fixes property.
        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() != "LF2001"), r => Assert.False(r.TryGetProperty("fixes", out _)));
    }

    [Fact]
    public void RulesCarryHelpLevelAndCategoryAndResultsIndexThem()
    {
        using var doc = JsonDocument.Parse(Sarif(SampleResult.Create()));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        // The four rules that ran plus LF5001, which only a finding names.
        Assert.Equal(["LF1001", "LF2001", "LF3001", "LF4001", "LF5001"], rules.Select(r => r.GetProperty("id").GetString()));
        var ticker = rules[2];
        Assert.Equal("ticker-not-stopped", ticker.GetProperty("name").GetString());
        Assert.Equal("warning", ticker.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.EndsWith("docs/rules/LF3001.md", ticker.GetProperty("helpUri").GetString());
        Assert.Contains(ticker.GetProperty("helpUri").GetString()!, ticker.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Contains("timer-leak", ticker.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
        }
    }

    [Fact]
    public void InputErrorsAreToolNotificationsOfASuccessfulRun()
    {
        using var doc = JsonDocument.Parse(Sarif(SampleResult.Create()));
        var invocation = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notes = invocation.GetProperty("toolExecutionNotifications").EnumerateArray()
            .Where(n => n.GetProperty("level").GetString() == "error").ToList();
        Assert.Equal(2, notes.Count);
        Assert.Equal("expected ';', found 'EOF'", notes[0].GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(3, notes[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.False(notes[1].GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _));
    }

    [Fact]
    public void UnresolvedImportsAreOneWarningNotificationAtTheFirstImport()
    {
        using var doc = JsonDocument.Parse(Sarif(SampleResult.Create()));
        var notes = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        var warning = Assert.Single(notes, n => n.GetProperty("level").GetString() == "warning");
        Assert.Equal("2 of 14 imported packages unresolved (first: github.com/absent/metrics): analysis is partial; run `go mod download` or `go mod vendor`",
            warning.GetProperty("message").GetProperty("text").GetString());
        var location = warning.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("svc/main.go", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        var properties = warning.GetProperty("properties");
        Assert.Equal(14, properties.GetProperty("importedPackages").GetInt32());
        Assert.Equal(
            ["github.com/absent/metrics (svc/main.go:4:2): module github.com/absent/metrics@v1.2.0 is not in the module cache",
             "github.com/absent/tracing/span (svc/main.go:5:2): no required module provides package github.com/absent/tracing/span"],
            properties.GetProperty("unresolvedImports").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ACompleteCheckHasNoWarningNotification()
    {
        var complete = SampleResult.Create() with { Dependencies = DependencyReport.Complete };
        using var doc = JsonDocument.Parse(Sarif(complete));
        var notes = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray();
        Assert.DoesNotContain(notes, n => n.GetProperty("level").GetString() == "warning");
    }

    [Fact]
    public void FingerprintsSurviveLinesInsertedAbove()
    {
        var dir = Directory.CreateTempSubdirectory("lf-sarif-");
        try
        {
            var file = Path.Combine(dir.FullName, "a.go");
            var body = "func f() {\n\tresp, _ := http.Get(u)\n\t_ = resp\n}\n";
            File.WriteAllText(file, "package a\n\n" + body);
            var before = FingerprintOf(dir.FullName, file, line: 4);
            File.WriteAllText(file, "package a\n\n// a comment\n// and another\n\n" + body);
            var after = FingerprintOf(dir.FullName, file, line: 7);
            Assert.Equal(before, after);
            File.WriteAllText(file, "package a\n\n" + body.Replace("http.Get(u)", "http.Get(v)", StringComparison.Ordinal));
            Assert.NotEqual(before, FingerprintOf(dir.FullName, file, line: 4));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string FingerprintOf(string dir, string file, int line)
    {
        var d = new Diagnostic(SampleResult.BodyNotClosed, Severity.Error, "body not closed", new SourceSpan(file, line, 13, line, 24), []);
        var result = new CheckResult([d], [], new CheckStats(1, 1, 1, 0, TimeSpan.Zero), [SampleResult.BodyNotClosed]);
        var json = SampleResult.Render(ReportFormat.Sarif, result, SampleResult.Options() with { WorkingDirectory = dir });
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty(SarifRenderer.FingerprintKey).GetString()!;
    }
}
