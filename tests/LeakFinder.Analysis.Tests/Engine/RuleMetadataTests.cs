using System.Text.RegularExpressions;
using LeakFinder.Analysis.Engine;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Analysis.Tests.Engine;

/// <summary>
/// The rule descriptors are the one source of rule metadata: each docs/rules page's header and "Since"
/// section, and the README's rule table, must read exactly as <see cref="RuleDocs"/> generates them from
/// the descriptors (the pages' prose is free). A change of title, category, severity, since or summary in
/// code fails here until the docs are regenerated.
/// </summary>
public class RuleMetadataTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var r in RuleRegistry.All) data.Add(r.Descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DescriptorCarriesSinceAndSummary(string id)
    {
        var d = RuleRegistry.Find(id)!.Descriptor;
        Assert.Matches(@"^\d+\.\d+$", d.Since);
        Assert.False(string.IsNullOrWhiteSpace(d.Summary), $"{id}: no summary");
        Assert.False(d.Summary.EndsWith('.'), $"{id}: a summary is a table cell, without a final period");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DocPageHeaderIsGeneratedFromTheDescriptor(string id)
    {
        var d = RuleRegistry.Find(id)!.Descriptor;
        var text = File.ReadAllText(RepoPaths.Combine("docs", "rules", id + ".md")).ReplaceLineEndings("\n");
        var expected = RuleDocs.Header(d);
        Assert.True(text.StartsWith(expected, StringComparison.Ordinal),
            $"docs/rules/{id}.md must start with\n{expected}\nbut starts with\n{string.Join("\n", text.Split('\n').Take(3))}");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DocPageSinceSectionIsGeneratedFromTheDescriptor(string id)
    {
        var d = RuleRegistry.Find(id)!.Descriptor;
        var text = File.ReadAllText(RepoPaths.Combine("docs", "rules", id + ".md")).ReplaceLineEndings("\n");
        var at = text.IndexOf("## Since\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/rules/{id}.md has no \"## Since\" section");
        Assert.Equal(RuleDocs.SinceSection(d), text[at..].TrimEnd() + "\n");
    }

    [Fact]
    public void ReadmeRuleTableIsGeneratedFromTheDescriptors()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("| rule | name | finds |\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no rule table");
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        Assert.Equal(RuleDocs.MarkdownTable(RuleRegistry.Descriptors), readme[start..(end + 1)]);
    }

    [Fact]
    public void HeaderLowerCasesTheTitleButNotAnAcronymOrGoCode()
    {
        Assert.Equal("goroutine blocks", RuleDocs.TitleInSentence("Goroutine blocks"));
        Assert.Equal("a mutex", RuleDocs.TitleInSentence("A mutex"));
        Assert.Equal("HTTP response", RuleDocs.TitleInSentence("HTTP response"));
        Assert.Equal("time.Ticker never stopped", RuleDocs.TitleInSentence("time.Ticker never stopped"));
    }

    [Fact]
    public void RuleOffByDefaultSaysHowToEnableItInItsHeaderAndTableRow()
    {
        var d = new RuleDescriptor("LF9002", "still-measured", RuleCategory.Deadlock, Severity.Warning, "Something odd")
        {
            Since = "0.3",
            Summary = "something odd",
            Experimental = true,
        };
        Assert.Equal("# LF9002 still-measured: something odd\n\nCategory: deadlock · Default severity: warning · Experimental · Off by default: run it with `--enable LF9002`\n",
            RuleDocs.Header(d));
        Assert.Contains("| LF9002 | still-measured | something odd (experimental, off by default: `--enable LF9002`) |", RuleDocs.MarkdownTable([d]));
        Assert.Matches(new Regex(@"^\| LF9002 "), RuleDocs.MarkdownTable([d]).Split('\n')[2]);
    }
}
