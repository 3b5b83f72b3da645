using LeakFinder.Check.Baseline;

namespace LeakFinder.Analysis.Tests.Baseline;

public sealed class BaselineTests : IDisposable
{
    private static readonly RuleDescriptor Body = new("LF1002", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Ticker = new("LF1004", "ticker-not-stopped", RuleCategory.TimerLeak, Severity.Warning, "t");

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lf-baseline-");
    private string Src => Path.Combine(_dir.FullName, "svc", "main.go");
    private string BaselinePath => Path.Combine(_dir.FullName, "leakfinder-baseline.json");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Original = """
        package svc

        func fetch(u string) {
        	resp, _ := http.Get(u)
        	t := time.NewTicker(time.Second)
        	_, _ = resp, t
        }

        func other(u string) {
        	_ = u
        }
        """;

    private void WriteSource(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Src)!);
        File.WriteAllText(Src, text);
    }

    /// <summary>Findings as a rule would report them: at the line where the given text occurs, in order.</summary>
    private List<Diagnostic> FindingsAt(params (RuleDescriptor Rule, string LineText)[] wanted)
    {
        var lines = File.ReadAllLines(Src);
        var found = new List<Diagnostic>();
        var from = 0;
        foreach (var (rule, text) in wanted)
        {
            var i = Array.FindIndex(lines, from, l => l.Contains(text, StringComparison.Ordinal));
            Assert.True(i >= 0, $"no line with {text}");
            from = i + 1;
            var col = lines[i].IndexOf(text, StringComparison.Ordinal) + 1;
            found.Add(new Diagnostic(rule, rule.DefaultSeverity, $"{rule.Name} here", new SourceSpan(Src, i + 1, col, i + 1, col + text.Length), []));
        }
        return found;
    }

    private (IReadOnlyList<Diagnostic> New, int Baselined) Filter(List<Diagnostic> findings) =>
        BaselineFile.Load(BaselinePath).Filter(findings, new SourceFiles());

    private void WriteBaseline(List<Diagnostic> findings) => BaselineFile.Write(BaselinePath, findings, new SourceFiles());

    [Fact]
    public void FindingsMovedByInsertedLinesStayBaselined()
    {
        WriteSource(Original);
        WriteBaseline(FindingsAt((Body, "http.Get(u)"), (Ticker, "time.NewTicker")));
        Assert.Equal(2, BaselineFile.Load(BaselinePath).Count);

        WriteSource(Original.Replace("package svc\n", "package svc\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n// fetch does things.\n", StringComparison.Ordinal)
            .Replace("\tresp, _ :=", "\tlog.Print(u)\n\n\t  resp ,  _  :=", StringComparison.Ordinal)); // moved, reindented
        var moved = FindingsAt((Body, "http.Get(u)"), (Ticker, "time.NewTicker"));
        Assert.True(moved[0].Span.Line > 4 + 5);
        var (fresh, baselined) = Filter(moved);
        Assert.Empty(fresh);
        Assert.Equal(2, baselined);
    }

    [Fact]
    public void ChangingTheOffendingLineReportsTheFindingAgain()
    {
        WriteSource(Original);
        WriteBaseline(FindingsAt((Body, "http.Get(u)"), (Ticker, "time.NewTicker")));
        WriteSource(Original.Replace("http.Get(u)", "http.Get(u + \"/health\")", StringComparison.Ordinal));
        var (fresh, baselined) = Filter(FindingsAt((Body, "http.Get(u"), (Ticker, "time.NewTicker")));
        Assert.Equal(Body, Assert.Single(fresh).Rule);
        Assert.Equal(1, baselined);
    }

    [Fact]
    public void TheSameLineInAnotherFunctionIsNew()
    {
        WriteSource(Original);
        WriteBaseline(FindingsAt((Body, "http.Get(u)")));
        WriteSource(Original.Replace("\t_ = u\n", "\tresp, _ := http.Get(u)\n\t_ = resp\n", StringComparison.Ordinal));
        var (fresh, baselined) = Filter(FindingsAt((Body, "http.Get(u)"), (Body, "http.Get(u)")));
        Assert.Equal(1, baselined);
        Assert.Equal(10, Assert.Single(fresh).Span.Line); // the copy in other(), not the accepted one in fetch()
    }

    [Fact]
    public void AnExtraOccurrenceOfAnAcceptedLineIsNew()
    {
        WriteSource(Original);
        WriteBaseline(FindingsAt((Body, "http.Get(u)")));
        WriteSource(Original.Replace("\tresp, _ := http.Get(u)\n", "\tresp, _ := http.Get(u)\n\tresp, _ := http.Get(u)\n", StringComparison.Ordinal));
        var (fresh, baselined) = Filter(FindingsAt((Body, "http.Get(u)"), (Body, "http.Get(u)")));
        Assert.Equal(1, baselined);
        Assert.Single(fresh);
    }

    [Fact]
    public void ADeletedFileStillMatchesByMessage()
    {
        WriteSource(Original);
        var findings = FindingsAt((Body, "http.Get(u)"));
        File.Delete(Src);
        WriteBaseline(findings);
        Assert.Empty(Filter(findings).New);
    }

    [Fact]
    public void WritingTouchesOnlyTheBaselineFile()
    {
        WriteSource(Original);
        var before = Directory.GetFiles(_dir.FullName, "*", SearchOption.AllDirectories).Order().ToList();
        WriteBaseline(FindingsAt((Body, "http.Get(u)")));
        var after = Directory.GetFiles(_dir.FullName, "*", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(before.Append(BaselinePath).Order(), after);
        var text = File.ReadAllText(BaselinePath);
        Assert.Contains("\"file\": \"svc/main.go\"", text); // relative to the baseline, portable across checkouts
        Assert.Contains("\"function\": \"fetch\"", text);
    }

    [Theory]
    [InlineData("{\"version\": 1, \"findings\": [\n  {\"rule\": \"LF1002\",}\n]}", ":2:21: baseline is not valid JSON")]
    [InlineData("", ":1:1: baseline is not valid JSON")]
    [InlineData("[]", ": baseline must be a JSON object")]
    [InlineData("{\"version\": 7, \"findings\": []}", ": unsupported baseline version")]
    [InlineData("{\"version\": 1}", ": baseline has no \"findings\" array")]
    [InlineData("{\"version\": 1, \"findings\": [{\"rule\": \"LF1002\", \"file\": 3}]}", ": findings[0] has no string \"file\"")]
    public void CorruptBaselinesAreClearErrors(string content, string expected)
    {
        File.WriteAllText(BaselinePath, content);
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Load(BaselinePath));
        Assert.StartsWith(BaselinePath + expected, e.Message);
    }

    [Fact]
    public void MissingBaselineIsAClearError()
    {
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Load(BaselinePath));
        Assert.StartsWith(BaselinePath + ": cannot read baseline", e.Message);
    }
}
