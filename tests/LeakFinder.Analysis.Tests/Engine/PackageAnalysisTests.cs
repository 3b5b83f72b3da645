using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Tests.Rules;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Engine;

/// <summary>
/// Declared analyses: each runs once per package, its requirements first, and a rule gets the results of
/// the analyses it requires; reading one it did not declare is a failure of that rule.
/// </summary>
public class PackageAnalysisTests
{
    private static readonly List<string> Log = [];

    private static readonly PackageAnalysis<string> Base =
        new("test-base", "the package path", pass => { lock (Log) Log.Add("base " + pass.Package.Checked.Package.Path); return pass.Package.Checked.Package.Path; });

    private static readonly PackageAnalysis<string> Derived =
        new("test-derived", "the package path's length", pass => { lock (Log) Log.Add("derived"); return pass.ResultOf(Base).Length.ToString(System.Globalization.CultureInfo.InvariantCulture); }, Base);

    private static readonly PackageAnalysis<string> Undeclared =
        new("test-undeclared", "reads Base without requiring it", pass => pass.ResultOf(Base));

    private static readonly PackageAnalysis<string> OnDemand =
        new("test-on-demand", "computed only when a rule asks", pass => { lock (Log) Log.Add("on-demand"); return "asked"; }) { OnDemand = true };

    /// <summary>Requires <see cref="OnDemand"/> and reads it only when told to.</summary>
    private sealed class MaybeAskingRule(string id, bool asks) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = new(id, "maybe-asks-" + id.ToLowerInvariant(), RuleCategory.Race, Severity.Info, "test rule");
        public override IReadOnlyList<PackageAnalysis> Requires { get; } = [OnDemand];

        public override void Run(Pass pass)
        {
            if (asks) pass.Report(pass.Files[0].File.Name, $"{Descriptor.Id}: {pass.ResultOf(OnDemand)}");
        }
    }

    private sealed class ReportingRule(string id, params PackageAnalysis[] requires) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = new(id, "reports-" + id.ToLowerInvariant(), RuleCategory.Race, Severity.Info, "test rule");
        public override IReadOnlyList<PackageAnalysis> Requires => requires;

        public override void Run(Pass pass)
        {
            var text = requires.Length > 0 ? pass.ResultOf(Derived) : pass.ResultOf(Base);
            pass.Report(pass.Files[0].File.Name, $"{Descriptor.Id}: {text}");
        }
    }

    private static IReadOnlyList<AnalysisPackage> OnePackage()
    {
        var packages = new TestdataLoader(RepoPaths.Combine("testdata", "facts", "recursion")).LoadAll();
        Assert.Single(packages);
        return packages;
    }

    [Fact]
    public void AnAnalysisRunsOncePerPackageRequirementsFirstAndItsResultIsShared()
    {
        lock (Log) Log.Clear();
        var result = Analyzer.Run(OnePackage(), [new ReportingRule("LF9101", Derived), new ReportingRule("LF9102", Derived)], TestContext.Current.CancellationToken);
        Assert.Empty(result.Errors);
        Assert.Equal(["LF9101: 15", "LF9102: 15"], result.Diagnostics.Select(d => d.Message));
        Assert.Equal(["base example.com/rec", "derived"], Log);
    }

    [Fact]
    public void ARuleReadingAnAnalysisItDidNotRequireFails()
    {
        var result = Analyzer.Run(OnePackage(), [new ReportingRule("LF9103")], TestContext.Current.CancellationToken);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("rule LF9103 reads analysis test-base without requiring it", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void AnAnalysisReadingOneItDidNotRequireFailsTheRuleThatNeedsIt()
    {
        var result = Analyzer.Run(OnePackage(), [new ReportingRule("LF9104", Undeclared)], TestContext.Current.CancellationToken);
        Assert.Contains("analysis test-undeclared reads test-base without requiring it", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void AnOnDemandAnalysisRunsOnlyWhenARuleAsksAndThenOnce()
    {
        lock (Log) Log.Clear();
        var silent = Analyzer.Run(OnePackage(), [new MaybeAskingRule("LF9105", asks: false)], TestContext.Current.CancellationToken);
        Assert.Empty(silent.Errors);
        Assert.Empty(silent.Diagnostics);
        Assert.Empty(Log);

        var asking = Analyzer.Run(OnePackage(), [new MaybeAskingRule("LF9106", asks: false), new MaybeAskingRule("LF9107", asks: true), new MaybeAskingRule("LF9108", asks: true)],
            TestContext.Current.CancellationToken);
        Assert.Empty(asking.Errors);
        Assert.Equal(["LF9107: asked", "LF9108: asked"], asking.Diagnostics.Select(d => d.Message));
        Assert.Equal(["on-demand"], Log);
    }
}
