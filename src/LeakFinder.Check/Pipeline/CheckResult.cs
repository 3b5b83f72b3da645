using LeakFinder.Analysis;

namespace LeakFinder.Check;

public sealed record CheckStats(int Packages, int Files, int Findings, int Suppressed, TimeSpan Elapsed)
{
    /// <summary>Wall time and allocations per phase (load, type-check, rules, filters), in order; shown with --verbose.</summary>
    public IReadOnlyList<PhaseTiming> Phases { get; init; } = [];
    /// <summary>Low-impact findings (leaks in command or test code) left out; --all-contexts reports them.</summary>
    public int LowImpactHidden { get; init; }
}

/// <summary>One phase of a check: its wall time, the process's CPU time and the bytes it allocated (all threads),
/// and memory at its end: the process's peak resident set so far, and the GC heap the last full collection left
/// (the live set then: collections are paced by it, see the CLI's GcBudget).</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes)
{
    public long PeakResidentBytes { get; init; }
    public long HeapAfterLastGcBytes { get; init; }
}

/// <summary>Everything one `leakfinder check` run produced; every output format renders this.</summary>
public sealed record CheckResult(IReadOnlyList<Diagnostic> Findings, IReadOnlyList<InputError> Errors, CheckStats Stats, IReadOnlyList<RuleDescriptor> Rules)
{
    /// <summary>Suppression directives naming our rules that suppressed nothing (shown with --report-unused-suppressions).</summary>
    public IReadOnlyList<Suppressions.SuppressionDirective> UnusedSuppressions { get; init; } = [];

    /// <summary>Imported packages that stayed unresolved: when any did, the analysis was partial.</summary>
    public Pipeline.DependencyReport Dependencies { get; init; } = Pipeline.DependencyReport.Complete;

    /// <summary>What the scan left out without failing (files outside the module root reached through symbolic links).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Which root packages came from the cache and which were analysed (shown with --verbose).</summary>
    public Cache.CacheReport Cache { get; init; } = LeakFinder.Check.Cache.CacheReport.Off;
}
