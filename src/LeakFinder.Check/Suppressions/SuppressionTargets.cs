using LeakFinder.Analysis;
using LeakFinder.Check.Config;

namespace LeakFinder.Check.Suppressions;

/// <summary>Whether a directive's check words concern LeakFinder, and whether they cover a given rule.</summary>
internal static class SuppressionTargets
{
    public const string ToolName = "leakfinder";

    /// <summary>
    /// True when a word is ours: "leakfinder", "all", an LF id or id prefix ("LF1*"), a category, or the name
    /// of a known rule. Words of other linters (errcheck, SA1000) are not.
    /// </summary>
    public static bool IsOurs(string word, IReadOnlyCollection<RuleDescriptor>? knownRules)
    {
        if (word.Equals(ToolName, StringComparison.OrdinalIgnoreCase) || word.Equals(RuleSelector.All, StringComparison.OrdinalIgnoreCase)) return true;
        if (word.StartsWith("LF", StringComparison.OrdinalIgnoreCase)) return true;
        var selector = new RuleSelector(word);
        if (selector.Specificity == 1) return true;
        return knownRules != null && selector.IsKnown(knownRules);
    }

    public static bool Covers(string word, RuleDescriptor rule)
    {
        if (word.Equals(ToolName, StringComparison.OrdinalIgnoreCase)) return true;
        if (word.EndsWith('*'))
            return rule.Id.StartsWith(word[..^1], StringComparison.OrdinalIgnoreCase);
        return new RuleSelector(word).Matches(rule);
    }
}
