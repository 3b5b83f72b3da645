using LeakFinder.Check.Config;

namespace LeakFinder.Analysis.Tests.Config;

public sealed class ConfigTests : IDisposable
{
    private static readonly RuleDescriptor Goroutine = new("LF1001", "goroutine-blocked-forever", RuleCategory.GoroutineLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Body = new("LF1002", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Closer = new("LF1003", "closer-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Ticker = new("LF1004", "ticker-not-stopped", RuleCategory.TimerLeak, Severity.Warning, "t");
    private static readonly RuleDescriptor[] Known = [Goroutine, Body, Closer, Ticker];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lf-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private LeakFinderConfig Load(string text) => LeakFinderConfig.Load(Write(".leakfinder.yml", text));

    private ConfigError SingleError(string text)
    {
        var e = Assert.Throws<ConfigException>(() => Load(text));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void AMoreSpecificSwitchWinsOverACategory()
    {
        var c = Load("rules:\n  disable: [resource-leak]\n  enable: [LF1003]\n");
        Assert.False(c.IsEnabled(Body));
        Assert.True(c.IsEnabled(Closer));
        Assert.True(c.IsEnabled(Ticker));
    }

    [Fact]
    public void DisableAllThenEnableByNameRunsOnlyThatRule()
    {
        var c = Load("rules:\n  disable: [all]\n  enable:\n    - ticker-not-stopped\n");
        Assert.Equal([Ticker], Known.Where(c.IsEnabled));
        Assert.Empty(c.Validate(Known));
    }

    [Fact]
    public void IdsMatchWhateverTheirCase()
    {
        var c = Load("rules: {disable: [lf1002]}\n");
        Assert.False(c.IsEnabled(Body));
        Assert.True(c.IsEnabled(Closer));
    }

    [Fact]
    public void SeverityOfTheMostSpecificEntryWins()
    {
        var c = Load("severity:\n  resource-leak: warning\n  LF1003: info\n  all: error\n");
        Assert.Equal(Severity.Warning, c.SeverityFor(Body));
        Assert.Equal(Severity.Info, c.SeverityFor(Closer));
        Assert.Equal(Severity.Error, c.SeverityFor(Ticker));
        Assert.Equal(Severity.Warning, LeakFinderConfig.Default(_dir.FullName).SeverityFor(Ticker));
    }

    [Fact]
    public void ExcludePatternsAreRelativeToTheConfigFile()
    {
        var c = Load("exclude:\n  - vendor/**\n  - \"**/*_test.go\"\n  - testdata\n  - internal/gen/*.go\n");
        string P(string rel) => Path.Combine(_dir.FullName, rel);
        Assert.True(c.IsExcluded(P("vendor/github.com/x/y.go")));
        Assert.True(c.IsExcluded(P("pkg/a/a_test.go")));
        Assert.True(c.IsExcluded(P("a_test.go")));
        Assert.True(c.IsExcluded(P("pkg/testdata/leak.go")));
        Assert.True(c.IsExcluded(P("internal/gen/types.go")));
        Assert.False(c.IsExcluded(P("internal/gen/sub/types.go")));
        Assert.False(c.IsExcluded(P("pkg/vendor/x.go"))); // anchored: only the top-level vendor
        Assert.False(c.IsExcluded(P("pkg/a/a.go")));
        Assert.False(c.IsExcluded("/elsewhere/vendor/x.go"));
    }

    [Fact]
    public void SettingsAreReadThroughTypedAccessorsByIdOrName()
    {
        var c = Load("settings:\n  LF1002:\n    helpers: [closeQuietly, drain]\n    max-depth: 3\n    strict: true\n  ticker-not-stopped:\n    allow-in: main\n");
        var s = c.SettingsFor(Body);
        Assert.Equal(["closeQuietly", "drain"], s.GetStringList("helpers"));
        Assert.Equal(3, s.GetInt("max-depth", 1));
        Assert.True(s.GetBool("strict", false));
        Assert.Equal(7, s.GetInt("absent", 7));
        Assert.Equal("main", c.SettingsFor(Ticker).GetString("allow-in"));
        Assert.Empty(c.SettingsFor(Closer).Keys);

        var e = Assert.Throws<ConfigException>(() => s.GetInt("helpers", 0));
        var error = Assert.Single(e.Errors);
        Assert.Equal((3, 14), (error.Line, error.Column));
        Assert.Contains("\"helpers\" must be an integer", error.Message);
    }

    [Fact]
    public void GoVersionIsKeptAsWritten()
    {
        var c = Load("go: \"1.22\"\n");
        Assert.Equal("1.22", c.GoVersion);
        Assert.Equal((1, 22), c.GoVersionNumber);
        Assert.Equal("1.20", Load("go: 1.20\n").GoVersion); // unquoted: still the text, not the float 1.2
    }

    [Fact]
    public void UnknownKeyIsAnErrorAtItsPosition()
    {
        var e = SingleError("rules:\n  enable: [LF1001]\nexclud:\n  - vendor\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Column);
        Assert.EndsWith(".leakfinder.yml", e.File);
        Assert.Contains("unknown key \"exclud\"", e.Message);
        Assert.Matches(@"\.leakfinder\.yml:3:1: unknown key", e.ToString());
    }

    [Fact]
    public void BadValuesAreErrorsWithPositions()
    {
        var e = Assert.Throws<ConfigException>(() => Load("severity:\n  LF1001: fatal\ngo: latest\nrules:\n  enable: LF1001\n  disable: [LF1001]\n  only: [x]\n"));
        Assert.Equal(
            ["2:11: severity of \"LF1001\" must be error, warning or info",
             "3:5: \"go\" must be a Go version such as \"1.22\" (quote it so YAML keeps it a string)",
             "6:13: \"LF1001\" is both enabled (line 5) and disabled",
             "7:3: unknown key \"rules.only\" (expected enable or disable)"],
            e.Errors.Select(x => $"{x.Line}:{x.Column}: {x.Message}"));
    }

    [Fact]
    public void DuplicateKeysAreListedWithEveryOtherProblemAtAnyDepth()
    {
        var e = Assert.Throws<ConfigException>(() => LeakFinderConfig.Load(Write(".leakfinder.yml",
            "go: \"1.21\"\nseverity:\n  LF1001: info\n  LF1001: loud\n  LF7777: info\ngo: \"1.22\"\nexclud: x\nsettings:\n  LF1002: {a: 1, a: 2}\n"), Known));
        Assert.Equal(
            ["4:3: duplicate key \"LF1001\" (first at line 3): the second would silently replace the first",
             "5:3: unknown rule \"LF7777\" (not a rule id, rule name, category or \"all\")",
             "6:1: duplicate key \"go\" (first at line 1): the second would silently replace the first",
             "7:1: unknown key \"exclud\" (expected rules, severity, exclude, settings or go)",
             "9:18: duplicate key \"a\" (first at line 9): the second would silently replace the first"],
            e.Errors.Select(x => $"{x.Line}:{x.Column}: {x.Message}"));
    }

    [Fact]
    public void MalformedYamlIsAnErrorNotACrash()
    {
        var e = SingleError("rules:\n  enable: [LF1001\nexclude: x\n");
        Assert.True(e.Line >= 2, e.ToString());
        Assert.StartsWith("invalid YAML: ", e.Message);

        var dup = SingleError("go: \"1.21\"\ngo: \"1.22\"\n");
        Assert.Equal(2, dup.Line);
        Assert.Contains("key", dup.Message, StringComparison.OrdinalIgnoreCase);

        Assert.Contains("must be a mapping", SingleError("- rules\n").Message);
    }

    [Fact]
    public void EmptyFileMeansDefaults()
    {
        var c = Load("# nothing configured yet\n");
        Assert.All(Known, r => Assert.True(c.IsEnabled(r)));
        Assert.Null(c.GoVersion);
    }

    [Fact]
    public void UnknownRuleWordsAreReportedByValidate()
    {
        var c = Load("rules:\n  disable: [LF9999, timer-leak]\nseverity:\n  body-not-closed: info\n");
        Assert.Equal(["2:13", "4:3"], c.Validate(Known).Select(e => $"{e.Line}:{e.Column}"));
    }

    [Fact]
    public void FindAndLoadSearchesUpwardAndFallsBackToDefaults()
    {
        var config = Write("repo/.leakfinder.yml", "rules: {disable: [LF1004]}\n");
        var deep = Path.Combine(_dir.FullName, "repo", "svc", "api");
        Directory.CreateDirectory(deep);
        var c = LeakFinderConfig.FindAndLoad(deep);
        Assert.Equal(config, c.Path);
        Assert.False(c.IsEnabled(Ticker));

        // A nearer file wins, whole (no merging); ".yaml" is accepted too.
        var nearer = Write("repo/svc/.leakfinder.yaml", "severity: {LF1004: error}\n");
        c = LeakFinderConfig.FindAndLoad(deep);
        Assert.Equal(nearer, c.Path);
        Assert.True(c.IsEnabled(Ticker));

        var lonely = Path.Combine(_dir.FullName, "other");
        Directory.CreateDirectory(lonely);
        if (LeakFinderConfig.Find(lonely) is { } stray) Assert.Skip($"a configuration above the temp dir ({stray}) hides this case");
        Assert.Null(LeakFinderConfig.FindAndLoad(lonely).Path);
    }

    [Fact]
    public void MissingConfigFileIsAClearError()
    {
        var e = Assert.Throws<ConfigException>(() => LeakFinderConfig.Load(Path.Combine(_dir.FullName, "nope.yml")));
        Assert.Contains("cannot read configuration", Assert.Single(e.Errors).Message);
    }
}
