using LeakFinder.Analysis.Facts;
using LeakFinder.Analysis.Tests.Rules;
using LeakFinder.Semantics.Types;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Engine;

/// <summary>
/// Function summaries are settled one call-graph component at a time, callees first, recursive components
/// by a fixpoint: what a summary says never depends on which function was asked for first.
/// </summary>
public class FunctionSummaryTests
{
    private static (ModuleFacts Facts, Func<string, Func> Lookup) Load()
    {
        var packages = new TestdataLoader(RepoPaths.Combine("testdata", "facts", "recursion")).LoadAll();
        var p = Assert.Single(packages);
        var facts = new ModuleFacts(ResourceKinds.All);
        facts.AddPackage(p.Files.Select(f => f.File).ToList(), p.Checked.Info);
        return (facts, name => (Func)p.Checked.Package.Scope.Names[name]);
    }

    private static string Describe(FunctionSummary s) =>
        $"owns [{string.Join(",", s.OwnsParam)}] fresh [{string.Join(",", s.FreshResults.Select(k => k?.Id ?? "-"))}]";

    [Theory]
    [InlineData("open", "again")]
    [InlineData("again", "open")]
    public void MutuallyRecursiveFunctionsGetTheSameSummariesWhicheverIsAskedFirst(string first, string second)
    {
        var (facts, lookup) = Load();
        var a = facts.SummaryOf(lookup(first))!;
        var b = facts.SummaryOf(lookup(second))!;
        var summaries = new Dictionary<string, string> { [first] = Describe(a), [second] = Describe(b) };
        // Both hand name to the other (a call of a function still being settled owns what it is given); again
        // hands depth itself to open, which owns it, while open passes depth-1, a new value. Neither returns a
        // fresh file: a result is fresh only when every return gives one, and the return through the other
        // starts the fixpoint at "nothing fresh" and stays there.
        Assert.Equal("owns [True,False] fresh [-,-]", summaries["open"]);
        Assert.Equal("owns [True,True] fresh [-,-]", summaries["again"]);
    }

    [Fact]
    public void SelfRecursionKeepsWhatTheBodyDoes()
    {
        var (facts, lookup) = Load();
        Assert.Equal("owns [True,False] fresh []", Describe(facts.SummaryOf(lookup("closeAll"))!));
        // The fixpoint starts at "owns everything", so a parameter passed only to itself stays owned.
        Assert.Equal("owns [True,False] fresh []", Describe(facts.SummaryOf(lookup("log"))!));
        Assert.Equal("owns [] fresh [-]", Describe(facts.SummaryOf(lookup("plain"))!));
    }

    [Fact]
    public void CallGraphComponentsComeCalleesFirstWithMembersInTheGivenOrder()
    {
        var graph = new Dictionary<string, string[]>
        {
            ["main"] = ["a", "x"], ["a"] = ["b"], ["b"] = ["a", "c"], ["c"] = [], ["x"] = ["x"],
        };
        var components = CallGraphComponents.Of(["main", "a", "b", "c", "x"], n => graph[n]);
        Assert.Equal(["c", "a b", "x", "main"], components.Select(c => string.Join(" ", c)));
    }
}
