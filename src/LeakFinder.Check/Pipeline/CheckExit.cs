using LeakFinder.Check;
using LeakFinder.Analysis;
namespace LeakFinder.Check.Pipeline;

/// <summary>
/// The exit code a CI gate reads: 0 clean, 1 findings, 2 when input could not be read (a file that does not
/// parse, a broken go.mod) or the usage was wrong. Unreadable input wins over findings: the scan was incomplete.
/// Unresolved imports also leave the scan incomplete, but a missing module cache is common on a developer's
/// machine, so they only warn unless the caller asks for strictness (--strict-deps), where they count as
/// unreadable input.
/// </summary>
public static class CheckExit
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    /// <param name="recordedBaseline">The run wrote its findings as the baseline (--write-baseline): recording
    /// them is what was asked, so they do not fail it.</param>
    public static int For(CheckResult result, bool strictDeps = false, bool recordedBaseline = false) =>
        result.Errors.Count > 0 || (strictDeps && result.Dependencies.IsPartial) ? BadInput
        : result.Findings.Count > 0 && !recordedBaseline ? Findings
        : Clean;
}
