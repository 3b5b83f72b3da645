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
/// What identifies a rule everywhere (output, configuration, suppressions, docs): a stable id that never
/// changes meaning (LF1001), a kebab-case name, a category, a default severity, and a one-line title that
/// states the finding in plain words. Docs live at docs/rules/&lt;Id&gt;.md.
/// </summary>
public sealed record RuleDescriptor(string Id, string Name, RuleCategory Category, Severity DefaultSeverity, string Title)
{
    public string DocPath => $"docs/rules/{Id}.md";
}

/// <summary>A range of source text: 1-based lines, 1-based byte columns (as Go tools print them).</summary>
public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
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
    SuggestedFix? Fix = null);

/// <summary>Input we could not read or parse, reported as file:line:col: message; the scan goes on without it.</summary>
public sealed record InputError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : File.Length > 0 ? $"{File}: {Message}" : Message;
}

public sealed record CheckStats(int Packages, int Files, int Findings, int Suppressed, TimeSpan Elapsed)
{
    /// <summary>Wall time and allocations per phase (load, type-check, rules, filters), in order; shown with --verbose.</summary>
    public IReadOnlyList<PhaseTiming> Phases { get; init; } = [];
    /// <summary>Low-impact findings (leaks in command or test code) left out; --all-contexts reports them.</summary>
    public int LowImpactHidden { get; init; }
}

/// <summary>One phase of a check: its wall time, the process's CPU time and the bytes it allocated (all threads).</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes);

/// <summary>Everything one `leakfinder check` run produced; every output format renders this.</summary>
public sealed record CheckResult(IReadOnlyList<Diagnostic> Findings, IReadOnlyList<InputError> Errors, CheckStats Stats, IReadOnlyList<RuleDescriptor> Rules)
{
    /// <summary>Suppression directives naming our rules that suppressed nothing (shown with --report-unused-suppressions).</summary>
    public IReadOnlyList<Suppressions.SuppressionDirective> UnusedSuppressions { get; init; } = [];

    /// <summary>Imported packages that stayed unresolved: when any did, the analysis was partial.</summary>
    public Pipeline.DependencyReport Dependencies { get; init; } = Pipeline.DependencyReport.Complete;
}
