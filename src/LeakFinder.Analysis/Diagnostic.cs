namespace LeakFinder.Analysis;

/// <summary>How serious a finding is; a CI gate fails on any finding whatever its severity (exit code 1).</summary>
public enum Severity { Error, Warning, Info }

/// <summary>The fixed set of rule categories; configuration can enable or disable a whole category.</summary>
public enum RuleCategory
{
    GoroutineLeak,
    Deadlock,
    ResourceLeak,
    TimerLeak,
    ContextLeak,
    MemoryRetention,
    CgoLeak,
    Race,
}

public static class RuleCategories
{
    /// <summary>The kebab-case name users write in configuration and see in output ("goroutine-leak").</summary>
    public static string Name(this RuleCategory c) => c switch
    {
        RuleCategory.GoroutineLeak => "goroutine-leak",
        RuleCategory.Deadlock => "deadlock",
        RuleCategory.ResourceLeak => "resource-leak",
        RuleCategory.TimerLeak => "timer-leak",
        RuleCategory.ContextLeak => "context-leak",
        RuleCategory.MemoryRetention => "memory-retention",
        RuleCategory.CgoLeak => "cgo-leak",
        RuleCategory.Race => "race",
        _ => c.ToString(),
    };

    public static RuleCategory? Parse(string name) =>
        Enum.GetValues<RuleCategory>().Cast<RuleCategory?>().FirstOrDefault(c => c!.Value.Name() == name);
}

/// <summary>
/// Everything known about a rule apart from its code, in one place: a stable id that never changes meaning
/// (LF1001), a kebab-case name, a category, a default severity, a one-line title that states the finding in
/// plain words, the release it first shipped in, the summary the README's rule table shows, and whether it
/// runs without being asked for. The header of docs/rules/&lt;Id&gt;.md, the README table and `leakfinder
/// rules` are generated from it (<see cref="Engine.RuleDocs"/>), and tests fail when they drift.
/// </summary>
public sealed record RuleDescriptor(string Id, string Name, RuleCategory Category, Severity DefaultSeverity, string Title)
{
    /// <summary>The LeakFinder version the rule first shipped in ("0.1").</summary>
    public string Since { get; init; } = "";

    /// <summary>What the rule finds, as the README's rule table says it: lower case, no final period.</summary>
    public string Summary { get; init; } = "";

    /// <summary>False for rules that run only when enabled by id or name (`check --enable ID`, `enable:`).</summary>
    public bool EnabledByDefault { get; init; } = true;

    /// <summary>Still being measured for precision: off by default, and its findings may change without notice.</summary>
    public bool Experimental { get; init; }

    /// <summary>Whether the rule runs when nobody enabled it by id or name.</summary>
    public bool RunsByDefault => EnabledByDefault && !Experimental;

    public string DocPath => $"docs/rules/{Id}.md";
}

/// <summary>A range of source text: 1-based lines, 1-based byte columns (as Go tools print them).</summary>
public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public override string ToString() => $"{File}:{Line}:{Column}";

    /// <summary>Source order: by file name, line, column. Not by position, which follows the order files were read in.</summary>
    public static int Compare(SourceSpan a, SourceSpan b)
    {
        var c = string.CompareOrdinal(a.File, b.File);
        if (c == 0) c = a.Line.CompareTo(b.Line);
        if (c == 0) c = a.Column.CompareTo(b.Column);
        return c;
    }
}

/// <summary>Another place that explains a finding, e.g. where the leaked resource was acquired.</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message);

public sealed record TextEdit(SourceSpan Span, string NewText);

/// <summary>An edit that fixes the finding; applied only with --fix.</summary>
public sealed record SuggestedFix(string Message, IReadOnlyList<TextEdit> Edits);

/// <summary>One finding of one rule.</summary>
public sealed record Diagnostic(
    RuleDescriptor Rule,
    Severity Severity,
    string Message,
    SourceSpan Span,
    IReadOnlyList<RelatedLocation> Related,
    SuggestedFix? Fix = null)
{
    /// <summary>Every path that leads to the finding first marks a test failed or skipped (t.Error, t.Fatal,
    /// t.Skip): a goroutine a test leaks only when it already fails.</summary>
    public bool OnlyWhenTestFails { get; init; }
}

/// <summary>Input we could not read or parse, reported as file:line:col: message; the scan goes on without it.</summary>
public sealed record InputError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : File.Length > 0 ? $"{File}: {Message}" : Message;
}
