using LeakFinder.Analysis;
namespace LeakFinder.Check.Pipeline;

/// <summary>
/// Leaves out (or, with --all-contexts, demotes to info and explains) the findings whose leak only costs
/// something in a long-running process but sits in command or test code (<see cref="CodeContexts"/>): the
/// default output is what a reviewer would fix, and a CI gate does not fail on an unclosed file in a test.
/// </summary>
public static class LowImpact
{
    /// <summary>Filters or rewrites <paramref name="findings"/> in place; returns how many were low-impact.</summary>
    public static int Apply(List<Diagnostic> findings, CodeContexts contexts, bool keep)
    {
        var count = 0;
        for (var i = findings.Count - 1; i >= 0; i--)
        {
            var d = findings[i];
            if (CodeContexts.LowImpactReason(d, contexts.Of(d.Span)) is not { } why) continue;
            count++;
            if (keep) findings[i] = d with { Severity = Severity.Info, Message = $"{d.Message} (low impact: {why})" };
            else findings.RemoveAt(i);
        }
        return count;
    }
}
