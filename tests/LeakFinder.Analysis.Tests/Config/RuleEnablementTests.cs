using LeakFinder.Check.Config;

namespace LeakFinder.Analysis.Tests.Config;

/// <summary>
/// Rules off by default (EnabledByDefault = false) and experimental rules run only when named by id or name,
/// in the configuration's `enable:` or with `check --enable`; "all" and categories never opt a project into
/// them. No shipped rule is off by default yet, so these descriptors exist only here.
/// </summary>
public sealed class RuleEnablementTests : IDisposable
{
    private static readonly RuleDescriptor OnByDefault = new("LF5001", "on-by-default", RuleCategory.Deadlock, Severity.Error, "t");
    private static readonly RuleDescriptor Experimental = new("LF5098", "still-measured", RuleCategory.Deadlock, Severity.Error, "t") { Experimental = true };
    private static readonly RuleDescriptor OffByDefault = new("LF5099", "opt-in", RuleCategory.Deadlock, Severity.Error, "t") { EnabledByDefault = false };
    private static readonly RuleDescriptor[] Known = [OnByDefault, Experimental, OffByDefault];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lf-enable-");

    public void Dispose() => _dir.Delete(recursive: true);

    private LeakFinderConfig Load(string text)
    {
        var path = Path.Combine(_dir.FullName, ".leakfinder.yml");
        File.WriteAllText(path, text);
        return LeakFinderConfig.Load(path);
    }

    private static RuleSelector[] Words(params string[] words) => words.Select(w => new RuleSelector(w)).ToArray();

    [Fact]
    public void WithoutConfigurationOnlyDefaultRulesRun()
    {
        var c = LeakFinderConfig.Default(_dir.FullName);
        Assert.Equal([OnByDefault], Known.Where(c.IsEnabled));
    }

    [Fact]
    public void EnableAllOrACategoryDoesNotTurnOnRulesThatAreOffByDefault()
    {
        Assert.Equal([OnByDefault], Known.Where(Load("rules:\n  enable: [all]\n").IsEnabled));
        Assert.Equal([OnByDefault], Known.Where(Load("rules:\n  enable: [deadlock]\n").IsEnabled));
    }

    [Fact]
    public void ConfigurationEnableByIdOrNameTurnsThemOn()
    {
        var c = Load("rules:\n  enable: [LF5098, opt-in]\n");
        Assert.Equal(Known, Known.Where(c.IsEnabled));
        Assert.Empty(c.Validate(Known));
    }

    [Fact]
    public void CommandLineEnableByIdTurnsOnOnlyThatRule()
    {
        var c = LeakFinderConfig.Default(_dir.FullName).WithEnabled(Words("lf5099"));
        Assert.Equal([OnByDefault, OffByDefault], Known.Where(c.IsEnabled));
        Assert.Equal([OnByDefault], Known.Where(LeakFinderConfig.Default(_dir.FullName).WithEnabled(Words("all")).IsEnabled));
    }

    [Fact]
    public void CommandLineEnableWinsOverConfigurationDisable()
    {
        var c = Load("rules:\n  disable: [LF5001, LF5098]\n").WithEnabled(Words("LF5001", "still-measured"));
        Assert.Equal([OnByDefault, Experimental], Known.Where(c.IsEnabled));
    }

    [Fact]
    public void CommandLineEnableOfAnUnknownRuleIsAUsageError()
    {
        var c = LeakFinderConfig.Default(_dir.FullName).WithEnabled(Words("LF7777"));
        var error = Assert.Single(c.Validate(Known));
        Assert.Contains("--enable LF7777: unknown rule", error.ToString());
    }

    [Fact]
    public void CommandLineDisablesWinOverTheFileAndLoseToCommandLineEnables()
    {
        // go vet -vettool's -LF5099=true is "enable LF5099, disable all": only the rule named runs.
        var file = Load("rules:\n  enable: [LF5098]\n");
        Assert.Equal([OnByDefault, Experimental], Known.Where(file.IsEnabled));
        Assert.Equal([OnByDefault], Known.Where(file.WithDisabled(Words("LF5098")).IsEnabled));
        Assert.Equal([OffByDefault], Known.Where(file.WithEnabled(Words("LF5099")).WithDisabled(Words("all")).IsEnabled));
        Assert.Single(file.WithDisabled(Words("nosuch")).Validate(Known));
    }
}
