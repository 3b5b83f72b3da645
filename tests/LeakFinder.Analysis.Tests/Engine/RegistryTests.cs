using System.Text.RegularExpressions;
using LeakFinder.Analysis.Engine;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Engine;

public class RegistryTests
{
    [Fact]
    public void IdsAreStableFormatAndUniqueAndNamesAreKebabCase()
    {
        Assert.Equal(RuleRegistry.All.Count, RuleRegistry.All.Select(r => r.Descriptor.Id).Distinct().Count());
        Assert.Equal(RuleRegistry.All.Count, RuleRegistry.All.Select(r => r.Descriptor.Name).Distinct().Count());
        foreach (var r in RuleRegistry.All)
        {
            Assert.Matches("^LF[1-8][0-9]{3}$", r.Descriptor.Id);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", r.Descriptor.Name);
            Assert.False(string.IsNullOrWhiteSpace(r.Descriptor.Title));
        }
    }

    [Fact]
    public void EachRuleLivesInItsOwnFileNamedAfterItsId()
    {
        var rulesDir = RepoPaths.Combine("src", "LeakFinder.Analysis", "Rules");
        foreach (var r in RuleRegistry.All)
        {
            var className = r.GetType().Name;
            Assert.StartsWith(r.Descriptor.Id, className);
            var files = Directory.GetFiles(rulesDir, className + ".cs", SearchOption.AllDirectories);
            Assert.Single(files);
        }
    }

    [Fact]
    public void FindAcceptsIdOrNameCaseInsensitively()
    {
        Assert.Equal("LF2001", RuleRegistry.Find("lf2001")!.Descriptor.Id);
        Assert.Equal("LF2001", RuleRegistry.Find("http-body-not-closed")!.Descriptor.Id);
        Assert.Null(RuleRegistry.Find("LF9999"));
    }

    [Fact]
    public void RuleIdFamiliesMatchTheirCategories()
    {
        foreach (var r in RuleRegistry.All)
        {
            var expected = r.Descriptor.Id[2] switch
            {
                '1' => RuleCategory.GoroutineLeak,
                '2' => RuleCategory.ResourceLeak,
                '3' => RuleCategory.TimerLeak,
                '4' => RuleCategory.ContextLeak,
                _ => r.Descriptor.Category,
            };
            Assert.True(expected == r.Descriptor.Category, $"{r}: family {r.Descriptor.Id[..3]} is not {r.Descriptor.Category.Name()}");
        }
        Assert.Matches(new Regex("^LF1"), RuleRegistry.All[0].Descriptor.Id);
    }
}
