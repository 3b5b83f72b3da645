using System.Text;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// The text generated from rule descriptors, the one source of rule metadata: the header and the "Since"
/// section of each docs/rules/&lt;Id&gt;.md page (the prose between them is written by hand), and the rule
/// table of the README, which `leakfinder rules --format markdown` prints. Tests compare the files with this.
/// </summary>
public static class RuleDocs
{
    /// <summary>The page's first lines: "# LF2001 http-body-not-closed: HTTP response body not closed", a blank
    /// line, then category, severity and, for a rule that is not on by default, how to turn it on.</summary>
    public static string Header(RuleDescriptor d) => $"# {d.Id} {d.Name}: {TitleInSentence(d.Title)}\n\n{Facts(d)}\n";

    /// <summary>The last section of the page: "## Since" and the version.</summary>
    public static string SinceSection(RuleDescriptor d) => $"## Since\nLeakFinder {d.Since}.\n";

    public static string Facts(RuleDescriptor d)
    {
        var line = $"Category: {d.Category.Name()} · Default severity: {d.DefaultSeverity.ToString().ToLowerInvariant()}";
        if (d.Experimental) line += " · Experimental";
        if (!d.RunsByDefault) line += $" · Off by default: run it with `--enable {d.Id}`";
        return line;
    }

    /// <summary>The README's rule table, one row per rule in the order given.</summary>
    public static string MarkdownTable(IEnumerable<RuleDescriptor> rules)
    {
        var sb = new StringBuilder("| rule | name | finds |\n|---|---|---|\n");
        foreach (var d in rules)
        {
            var finds = d.Summary;
            if (!d.RunsByDefault) finds += $" ({(d.Experimental ? "experimental, " : "")}off by default: `--enable {d.Id}`)";
            sb.Append($"| {d.Id} | {d.Name} | {finds} |\n");
        }
        return sb.ToString();
    }

    /// <summary>A title as it reads after "LF2001 name: ": its first word lower-cased unless it is an acronym
    /// or Go code ("Goroutine blocks" → "goroutine blocks"; "HTTP response", "time.Ticker" stay).</summary>
    public static string TitleInSentence(string title)
    {
        if (title.Length == 0 || !char.IsUpper(title[0])) return title;
        if (title.Length > 1 && char.IsUpper(title[1])) return title;
        return char.ToLowerInvariant(title[0]) + title[1..];
    }
}
