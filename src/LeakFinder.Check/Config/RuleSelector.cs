using LeakFinder.Analysis;
namespace LeakFinder.Check.Config;

/// <summary>
/// A word that picks rules, as users write it in configuration and suppressions: a rule id ("LF1002", any
/// case), a rule name ("http-body-not-closed"), a category ("resource-leak") or "all". More specific words win
/// over less specific ones (rule over category over all), so `disable: [resource-leak]` with
/// `enable: [LF1003]` keeps LF1003 on.
/// </summary>
public readonly record struct RuleSelector(string Text)
{
    public const string All = "all";

    /// <summary>0 for "all", 1 for a category, 2 for a rule id or name.</summary>
    public int Specificity =>
        Text.Equals(All, StringComparison.OrdinalIgnoreCase) ? 0 : RuleCategories.Parse(Text.ToLowerInvariant()) != null ? 1 : 2;

    public bool Matches(RuleDescriptor rule) => Specificity switch
    {
        0 => true,
        1 => rule.Category.Name().Equals(Text, StringComparison.OrdinalIgnoreCase),
        _ => rule.Id.Equals(Text, StringComparison.OrdinalIgnoreCase) || rule.Name.Equals(Text, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>True when the word names something that exists: all, a category, or one of the known rules.</summary>
    public bool IsKnown(IEnumerable<RuleDescriptor> rules)
    {
        if (Specificity < 2) return true;
        foreach (var r in rules)
            if (Matches(r)) return true;
        return false;
    }

    public override string ToString() => Text;
}
