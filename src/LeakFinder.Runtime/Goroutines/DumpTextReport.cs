using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>The human-readable form of `leakfinder dump`: summary, ranked suspects, then the largest buckets with their stacks.</summary>
public static class DumpTextReport
{
    public static void Write(TextWriter w, DumpAnalysis a, int top)
    {
        // The aggregated forms count goroutines per stack: no ids, states or wait times to show.
        var form = a.Info.Protobuf ? "protobuf ?debug=0 profile: aggregated stack counts, not individual goroutines"
            : a.Info.Aggregated ? "aggregated ?debug=1 profile: stack counts, not individual goroutines"
            : "traceback";
        w.WriteLine($"{E(a.Source)}: {a.TotalGoroutines} goroutines in {a.Buckets.Count} buckets ({form}{(a.Info.Truncated ? ", truncated" : "")})");
        if (a.Info.Panic != null) w.WriteLine($"panic: {E(a.Info.Panic)}");
        if (a.Info.FatalError != null) w.WriteLine($"fatal error: {E(a.Info.FatalError)}");
        if (a.Info.Signal != null) w.WriteLine($"signal: {E(a.Info.Signal)}");
        if (a.Info.LogPrefix != null) w.WriteLine($"read from a log: {E(a.Info.LogPrefix)}, stripped from every line");
        WriteWarnings(w, a.Warnings);
        w.WriteLine();
        WriteSuspects(w, a.Suspects, top);
        w.WriteLine();
        w.WriteLine($"Buckets (largest {Math.Min(top, a.Buckets.Count)} of {a.Buckets.Count}):");
        for (var i = 0; i < a.Buckets.Count && i < top; i++) WriteBucket(w, a.Buckets[i]);
    }

    public static void WriteDiff(TextWriter w, DumpDiffResult d, int top)
    {
        w.WriteLine($"{E(d.Old.Source)}: {d.Old.TotalGoroutines} goroutines -> {E(d.New.Source)}: {d.New.TotalGoroutines} goroutines ({d.New.TotalGoroutines - d.Old.TotalGoroutines:+#;-#;0})");
        WriteWarnings(w, d.Old.Warnings);
        WriteWarnings(w, d.New.Warnings);
        w.WriteLine();
        WriteSuspects(w, d.Suspects, top);
        w.WriteLine();
        var grew = 0;
        var table = new TextTable("OLD>", "NEW>", "GROWTH>", "STATE", "SITE");
        foreach (var c in d.Changes)
        {
            if (c.Growth <= 0 || grew++ >= top) continue;
            table.Add(c.OldCount.ToString(), c.NewCount.ToString(), $"+{c.Growth}", c.Bucket.State.Length == 0 ? "-" : E(c.Bucket.State),
                SiteText(c.Bucket) + (c.Bucket.BenignReason != null ? $" ({E(c.Bucket.BenignReason)})" : ""));
        }
        if (table.RowCount == 0) w.WriteLine("No bucket grew.");
        else
        {
            w.WriteLine("Buckets that grew:");
            table.Write(w, "  ");
        }
    }

    private static void WriteSuspects(TextWriter w, IReadOnlyList<DumpSuspect> suspects, int top)
    {
        if (suspects.Count == 0)
        {
            w.WriteLine("No leak suspects.");
            return;
        }
        w.WriteLine("Leak suspects:");
        for (var i = 0; i < suspects.Count && i < top; i++)
        {
            var s = suspects[i].Suspect;
            w.WriteLine($"  {i + 1}. [{s.Score:0.00}] {E(s.Site?.File)}:{s.Site?.Line} {E(s.Site?.Function)}");
            w.WriteLine($"     {E(s.Reason)}");
        }
    }

    private static void WriteWarnings(TextWriter w, WarningList warnings)
    {
        foreach (var warning in warnings.Items) w.WriteLine($"warning: {E(warning.ToString())}");
        if (warnings.Total > warnings.Items.Count) w.WriteLine($"warning: ... {warnings.Total - warnings.Items.Count} more warnings");
    }

    private static void WriteBucket(TextWriter w, StackBucket b)
    {
        var state = b.State.Length == 0 ? "" : $" [{E(b.State)}{WaitText(b)}{(b.LockedToThread ? ", locked to thread" : "")}]";
        var benign = b.BenignReason != null ? $"  ({E(b.BenignReason)})" : "";
        var labels = b.Labels != null ? $"  labels {E(b.Labels)}" : "";
        w.WriteLine();
        w.WriteLine($"  {b.Count} goroutine{(b.Count == 1 ? "" : "s")}{state}{benign}{labels}");
        for (var i = 0; i < b.Stack.Count;)
        {
            // Recursion prints the same frame hundreds of times: show a run once with its length.
            var call = b.Stack[i];
            var run = 1;
            while (i + run < b.Stack.Count && b.Stack[i + run] == call) run++;
            w.WriteLine($"      {E(call.Function)}  {E(call.File)}:{call.Line}{(run > 1 ? $"  (x{run})" : "")}");
            i += run;
        }
        if (b.CreatedBy != null) w.WriteLine($"    created by {E(b.CreatedBy.Function)}  {E(b.CreatedBy.File)}:{b.CreatedBy.Line}");
    }

    private static string WaitText(StackBucket b)
    {
        if (b.MaxWaitMinutes == 0) return "";
        return b.MinWaitMinutes == b.MaxWaitMinutes ? $", {b.MaxWaitMinutes} minutes" : $", {b.MinWaitMinutes}-{b.MaxWaitMinutes} minutes";
    }

    private static string SiteText(StackBucket b) => b.Site is { } s ? $"{E(s.File)}:{s.Line} {E(s.Function)}" : b.Stack.Count > 0 ? E(b.Stack[0].Function) : "?";

    // Every echoed field escaped whole, newlines included: the writer lets the report's own newlines pass.
    private static string E(string? text) => TerminalText.Escape(text);
}
