using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Runtime.GoTest;

/// <summary>`leakfinder test` for a terminal: leaks per test, hangs, races, the tests that failed, a summary line.</summary>
public static class GoTestText
{
    public static void Write(TextWriter w, GoTestReport r, int top = 20)
    {
        foreach (var t in r.WithFindings)
        {
            var outcome = t.Outcome == TestOutcome.Failed ? "FAIL" : t.Outcome.ToString().ToLowerInvariant();
            var leaked = t.Leaks.Sum(g => g.Count);
            w.WriteLine($"{E(t.Package)} {E(t.DisplayName)}: {outcome}{Elapsed(t.Elapsed)}" +
                        (leaked > 0 ? $", {leaked} leaked goroutine{Plural(leaked)}" : "") +
                        (t.HeapGrowth.Count > 0 ? ", heap grew" : ""));
            foreach (var g in t.Leaks.Take(top)) WriteGroup(w, g);
            if (t.Leaks.Count > top) w.WriteLine($"  ... {t.Leaks.Count - top} more stacks (--top)");
            foreach (var h in t.HeapGrowth) w.WriteLine($"  {E(h)}");
            w.WriteLine();
        }
        foreach (var h in r.Hangs)
        {
            var blocked = h.Blocked.Sum(g => g.Count);
            var tests = h.Tests.Count > 0 ? " " + E(string.Join(", ", h.Tests)) : "";
            w.WriteLine($"{E(h.Package)}{tests}: hung ({E(h.Reason)}), {blocked} goroutine{Plural(blocked)} blocked of {h.Goroutines} in the dump");
            foreach (var g in h.Blocked.Take(top)) WriteGroup(w, g);
            if (h.Blocked.Count > top) w.WriteLine($"  ... {h.Blocked.Count - top} more stacks (--top)");
            w.WriteLine();
        }
        if (r.Races is { Pairs.Count: > 0 } races)
        {
            RaceOutput.WriteText(w, races, top);
            w.WriteLine();
        }
        var quiet = QuietFailures(r);
        if (quiet.Count > 0)
        {
            w.WriteLine("Failed without a leak, hang or race:");
            foreach (var t in quiet) w.WriteLine($"  {E(t.Package)} {E(t.Test ?? "(package)")}{(t.FailureNote is { } note ? $": {E(note)}" : "")}");
            w.WriteLine();
        }
        foreach (var line in r.OtherOutput.Take(20)) w.WriteLine($"go: {E(line)}");
        if (r.RaceTextTruncated) w.WriteLine($"warning: more than {GoTestCollector.MaxRaceTextChars >> 20} Mi characters of output: race reports after that were not read");
        w.WriteLine(Summary(r));
    }

    /// <summary>
    /// Tests that failed for a reason of their own (an assertion, a panic): not a leak, not in a hung
    /// package, not named by a race; a failed package only when none of its tests failed (a build error).
    /// </summary>
    private static List<GoTestCase> QuietFailures(GoTestReport r)
    {
        var racing = new HashSet<string>((r.Races?.Pairs ?? []).SelectMany(p => p.Tests), StringComparer.Ordinal);
        return r.Tests.Concat(r.Packages)
            .Where(t => t.Outcome == TestOutcome.Failed && !t.HasFindings)
            .Where(t => t.Test != null ? !racing.Contains(t.Test) : !r.Tests.Any(x => x.Package == t.Package && x.Outcome == TestOutcome.Failed) && !r.Races.HasPairs())
            .Where(t => !r.Hangs.Any(h => h.Package == t.Package))
            .ToList();
    }

    private static bool HasPairs(this RaceReport? races) => races is { Pairs.Count: > 0 };

    public static string Summary(GoTestReport r)
    {
        var tests = r.Tests;
        var leaking = r.WithFindings.Count(t => t.Leaks.Count > 0); // tests (or TestMains) that did
        var heap = r.WithFindings.Count(t => t.HeapGrowth.Count > 0);
        return $"{r.Packages.Count} package{Plural(r.Packages.Count)}, {tests.Count} test{Plural(tests.Count)} " +
               $"({tests.Count(t => t.Outcome == TestOutcome.Passed)} passed, {tests.Count(t => t.Outcome == TestOutcome.Failed)} failed, " +
               $"{tests.Count(t => t.Outcome == TestOutcome.Skipped)} skipped, {tests.Count(t => t.Outcome == TestOutcome.Unfinished)} unfinished); " +
               $"{leaking} with leaked goroutines, {r.Hangs.Count} hung, {r.RacePairs} racing pair{Plural(r.RacePairs)}" +
               (heap > 0 ? $", {heap} with heap growth" : "") + $"; go test exited {r.GoExitCode}";
    }

    private static void WriteGroup(TextWriter w, GoroutineGroup g)
    {
        w.WriteLine($"  {E(g.Describe())}{(g.IsTestGoroutine ? " [the test's own goroutine]" : "")}");
        if (g.Site is { } at) w.WriteLine($"      {E(at.File)}:{at.Line}");
        if (g.CreatedBy is { } c && !g.IsTestGoroutine) w.WriteLine($"      created by {E(c.Function)} at {E(c.File)}:{c.Line}");
    }

    private static string Elapsed(double? seconds) => seconds is { } s ? $" ({s:0.00}s)" : "";
    private static string Plural(long n) => n == 1 ? "" : "s";
    private static string E(string s) => TerminalText.Escape(s);
}
