using LeakFinder.Analysis.Engine;
using LeakFinder.Check.Config;
using LeakFinder.Check.VetTool;

namespace LeakFinder.Analysis.Tests.VetTool;

/// <summary>Which command lines are cmd/go's (vet-tool mode) and how its flags select rules.</summary>
public class VetArgumentsTests
{
    private static VetInvocation Parse(params string[] args) => VetArguments.Parse(args, RuleRegistry.Descriptors);

    [Theory]
    [InlineData("-flags")]
    [InlineData("-V=full")]
    [InlineData("/tmp/go-build1/b001/vet.cfg")]
    [InlineData("-json", "/tmp/go-build1/b001/vet.cfg")]
    [InlineData("-LF1001=false", "-c=2", "/tmp/go-build1/b001/vet.cfg")]
    [InlineData("-enable", "LF2002", "/tmp/go-build1/b001/vet.cfg")]
    [InlineData("--json", "vet.cfg")]
    [InlineData("help")]
    public void CmdGoCommandLinesAreVetToolCalls(params string[] args) =>
        Assert.True(VetArguments.IsVetToolCall(args));

    [Theory]
    [InlineData]
    [InlineData("check", "./...")]
    [InlineData("check", "unit.cfg")]
    [InlineData("--debug", "check", "unit.cfg")]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("rules")]
    [InlineData("-x")]
    [InlineData("notes.txt")]
    public void LeakFinderCommandLinesAreNot(params string[] args) =>
        Assert.False(VetArguments.IsVetToolCall(args));

    [Fact]
    public void AConfigAfterFlagsIsAnalysed()
    {
        var v = Parse("-json", "-c", "3", "-all-contexts", "/w/b001/vet.cfg");
        Assert.Equal(VetMode.Analyse, v.Mode);
        Assert.Equal("/w/b001/vet.cfg", v.ConfigPath);
        Assert.True(v.Settings.Json);
        Assert.True(v.Settings.AllContexts);
        Assert.Equal(3, v.Settings.ContextLines);
    }

    [Fact]
    public void FlagsAndVersionNeedNoConfig()
    {
        Assert.Equal(VetMode.DescribeFlags, Parse("-flags").Mode);
        Assert.Equal(VetMode.Version, Parse("-V=full").Mode);
        Assert.Equal(VetMode.Version, Parse("--V=full").Mode);
    }

    [Fact]
    public void ARuleSetFalseIsLeftOut()
    {
        var s = Parse("-LF1001=false", "vet.cfg").Settings;
        Assert.Equal(["LF1001"], s.Disable);
        Assert.Empty(s.Enable);
    }

    [Fact]
    public void AnyRuleSetTrueRunsOnlyTheRulesSetTrue()
    {
        // multichecker's convention: with -printf the other analyzers are off, and -X=false beside it is moot.
        var s = Parse("-LF1001", "-LF2002=true", "-LF1004=false", "vet.cfg").Settings;
        Assert.Equal(["LF1001", "LF2002"], s.Enable);
        Assert.Equal([RuleSelector.All], s.Disable);
    }

    [Fact]
    public void EnableAndDisableTakeLists()
    {
        var s = Parse("-enable=LF3004,goroutine-leak", "-disable", "resource-leak", "vet.cfg").Settings;
        Assert.Equal(["LF3004", "goroutine-leak"], s.Enable);
        Assert.Equal(["resource-leak"], s.Disable);
    }

    [Fact]
    public void EveryFlagThatFlagsDescribesIsAccepted()
    {
        // cmd/go forwards exactly the flags -flags lists: each must parse, in each form cmd/go may forward it.
        foreach (var flag in VetFlags.All(RuleRegistry.Descriptors))
        {
            var value = flag.Name switch { VetFlags.Context => "1", VetFlags.Enable or VetFlags.Disable => "LF1001", _ => "true" };
            Assert.Equal(VetMode.Analyse, Parse($"-{flag.Name}={value}", "vet.cfg").Mode);
            Assert.Equal(VetMode.Analyse, (flag.IsBool ? Parse($"-{flag.Name}", "vet.cfg") : Parse($"-{flag.Name}", value, "vet.cfg")).Mode);
        }
    }

    [Theory]
    [InlineData("flag provided but not defined: -bogus", "-bogus", "vet.cfg")]
    [InlineData("invalid boolean value \"maybe\" for -json", "-json=maybe", "vet.cfg")]
    [InlineData("invalid value \"x\" for flag -c", "-c=x", "vet.cfg")]
    [InlineData("-enable LF9999: unknown rule", "-enable=LF9999", "vet.cfg")]
    [InlineData("flag needs an argument: -enable", "-enable")]
    [InlineData("no vet config given", "-json")]
    [InlineData("want one vet config file (*.cfg)", "-json", "a.cfg", "b.cfg")]
    [InlineData("unsupported flag value: -V=short", "-V=short")]
    public void BadCommandLinesSayWhatIsWrong(string message, params string[] args)
    {
        var e = Assert.Throws<VetUsageException>(() => Parse(args));
        Assert.Contains(message, e.Message);
    }
}
