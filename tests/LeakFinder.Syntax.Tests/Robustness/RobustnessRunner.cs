using System.Diagnostics;
using System.Text.RegularExpressions;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Syntax.Tests.Robustness;

/// <summary>
/// Parses inputs on all cores and checks the robustness contract on each: no exception escapes, the
/// parse takes time linear in the input (at most 1 s per MB), and every error is `file:line:col: message`
/// naming the file the parser was given.
/// </summary>
internal static class RobustnessRunner
{
    private const double SecondsPerMegabyte = 1.0;

    // Below this, GC pauses, JIT, and the other test projects dotnet test runs at the same time dominate
    // a measurement (a 3 KB mutant has been seen to take 25 ms on a busy machine); a super-linear parser
    // still shows on the large inputs (nesting, the 50 MB file), whose budgets are far above it.
    private const double FloorSeconds = 0.1;

    // An input over budget is measured again this many times and its fastest run kept.
    private const int Remeasures = 2;

    public sealed record Outcome(RobustnessInput Input, double Seconds, int Errors, string? Crash, string? BadError);

    public sealed record Summary(int Inputs, long Bytes, double TotalSeconds, Outcome Slowest, Outcome? WorstRate, IReadOnlyList<Outcome> Failures, int WithErrors)
    {
        public override string ToString() =>
            $"{Inputs} inputs, {Bytes / 1e6:F1} MB, {TotalSeconds:F1} s of parsing, {WithErrors} with syntax errors; " +
            $"slowest {Slowest.Input.Name} ({Slowest.Input.Source.Length} bytes) {Slowest.Seconds * 1000:F1} ms; " +
            (WorstRate is { } w
                ? $"worst rate of inputs >= 64 KB {w.Seconds / Megabytes(w.Input):F3} s/MB ({w.Input.Name}, {w.Input.Source.Length} bytes, {w.Seconds * 1000:F1} ms); "
                : "no input >= 64 KB; ") +
            $"{Failures.Count} failures";
    }

    private static double Megabytes(RobustnessInput input) => Math.Max(input.Source.Length, 1) / 1e6;

    public static double Budget(RobustnessInput input) => Math.Max(FloorSeconds, SecondsPerMegabyte * Megabytes(input));

    public static Summary Run(IReadOnlyList<RobustnessInput> inputs)
    {
        var outcomes = new Outcome[inputs.Count];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => outcomes[i] = Check(inputs[i]));
        // Wall time on a shared machine also measures everyone else's work (dotnet test runs the other test
        // projects at the same time). An input still over budget is measured once more alone, by the CPU time
        // this process spends parsing it: the parser's own work, which is what must be linear.
        for (var i = 0; i < outcomes.Length; i++)
            if (outcomes[i].Crash == null && outcomes[i].Seconds > Budget(outcomes[i].Input))
                outcomes[i] = MeasureCpu(outcomes[i]);
        var failures = new List<Outcome>();
        var slowest = outcomes[0];
        Outcome? worstRate = null;
        double total = 0;
        long bytes = 0;
        var withErrors = 0;
        foreach (var o in outcomes)
        {
            total += o.Seconds;
            bytes += o.Input.Source.Length;
            if (o.Errors > 0) withErrors++;
            if (o.Seconds > slowest.Seconds) slowest = o;
            // The rate is only meaningful where the input is large enough for the measurement to be.
            if (o.Input.Source.Length >= 64 * 1024 && (worstRate == null || o.Seconds / Megabytes(o.Input) > worstRate.Seconds / Megabytes(worstRate.Input))) worstRate = o;
            if (o.Crash != null || o.BadError != null || o.Seconds > Budget(o.Input)) failures.Add(o);
        }
        return new Summary(outcomes.Length, bytes, total, slowest, worstRate, failures, withErrors);
    }

    public static string Describe(Outcome o) =>
        o.Crash != null ? $"{o.Input.Name}: threw {o.Crash}" :
        o.BadError != null ? $"{o.Input.Name}: error not formatted '{o.Input.Name}:line:col: message': {o.BadError}" :
        $"{o.Input.Name}: {o.Seconds * 1000:F1} ms for {o.Input.Source.Length} bytes, over the budget of {Budget(o.Input) * 1000:F1} ms";

    private static Outcome Check(RobustnessInput input)
    {
        var best = Parse(input);
        // Over budget once may be a GC pause or another process's work; a slow parser is slow every time.
        for (var i = 0; i < Remeasures && best.Crash == null && best.Seconds > Budget(input); i++)
        {
            var again = Parse(input);
            if (again.Seconds < best.Seconds) best = again;
        }
        return best;
    }

    private static Outcome MeasureCpu(Outcome wall)
    {
        var best = double.MaxValue;
        for (var i = 0; i <= Remeasures; i++)
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            Parser.ParseFile(new FileSet(), wall.Input.Name, wall.Input.Source, ParserMode.ParseComments);
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - before).TotalSeconds);
        }
        return wall with { Seconds = best };
    }

    private static Outcome Parse(RobustnessInput input)
    {
        var format = new Regex("^" + Regex.Escape(input.Name) + @":\d+:\d+: .+$", RegexOptions.Singleline);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = Parser.ParseFile(new FileSet(), input.Name, input.Source, ParserMode.ParseComments);
            clock.Stop();
            string? bad = null;
            foreach (var e in result.Errors)
            {
                var text = e.ToString();
                if (!format.IsMatch(text))
                {
                    bad = text;
                    break;
                }
            }
            return new Outcome(input, clock.Elapsed.TotalSeconds, result.Errors.Count, null, bad);
        }
        catch (Exception e)
        {
            return new Outcome(input, clock.Elapsed.TotalSeconds, 0, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace, null);
        }
    }
}
