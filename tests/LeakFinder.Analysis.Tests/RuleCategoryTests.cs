namespace LeakFinder.Analysis.Tests;

public class RuleCategoryTests
{
    [Fact]
    public void EveryCategoryHasAKebabCaseNameThatParsesBack()
    {
        foreach (var c in Enum.GetValues<RuleCategory>())
        {
            var name = c.Name();
            Assert.Matches("^[a-z]+(-[a-z]+)*$", name);
            Assert.Equal(c, RuleCategories.Parse(name));
        }
        Assert.Null(RuleCategories.Parse("GoroutineLeak"));
    }
}
