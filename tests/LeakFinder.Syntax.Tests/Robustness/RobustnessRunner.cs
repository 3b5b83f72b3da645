using System.Text.RegularExpressions;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Syntax.Tests.Robustness;

/// <summary>
/// Parses inputs on all cores and checks the robustness contract on each: no exception escapes, the parse
/// does work linear in the input (<see cref="ParseResult.Steps"/>, tokens read plus recursion levels entered,
/// at most <see cref="StepsPerByte"/> per byte), and every error is `file:line:col: message` naming the file
/// the parser was given. Work is counted, not timed: the count is the same on a busy machine, and a parser
/// that backtracks or re-scans shows as steps growing faster than bytes. Timing lives in
/// bench/parse/nesting.sh.
/// </summary>
internal static class RobustnessRunner
{
    // Measured: at most 0.86 steps per byte on the 20,000 mutants, 0.47 on the 50 MB file and 5.4 on the
    // nesting shapes (an unclosed paren enters several productions, and deep input is parsed twice, as the
    // parser restarts it on a larger stack); the same per byte at 10,000 and 100,000 levels. A quadratic
    // parse of a 100 KB input would take ~100,000 per byte.
    public const double StepsPerByte = 8.0;

    // Tiny inputs (an empty file, a package clause) read a few tokens more than their bytes.
    private const long FloorSteps = 64;

    public sealed record Outcome(RobustnessInput Input, long Steps, int Errors, string? Crash, string? BadError);

    public sealed record Summary(int Inputs, long Bytes, long Steps, Outcome WorstRate, IReadOnlyList<Outcome> Failures, int WithErrors)
    {
        public override string ToString() =>
            $"{Inputs} inputs, {Bytes / 1e6:F1} MB, {Steps} parser steps ({(double)Steps / Math.Max(Bytes, 1):F2} per byte), {WithErrors} with syntax errors; " +
            $"worst {Rate(WorstRate):F2} steps per byte ({WorstRate.Input.Name}, {WorstRate.Input.Source.Length} bytes); {Failures.Count} failures";
    }

    private static double Rate(Outcome o) => (double)o.Steps / Math.Max(o.Input.Source.Length, 1);

    public static long Budget(RobustnessInput input) => FloorSteps + (long)(StepsPerByte * input.Source.Length);

    public static Summary Run(IReadOnlyList<RobustnessInput> inputs)
    {
        var outcomes = new Outcome[inputs.Count];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => outcomes[i] = Parse(inputs[i]));
        var failures = new List<Outcome>();
        var worst = outcomes[0];
        long bytes = 0, steps = 0;
        var withErrors = 0;
        foreach (var o in outcomes)
        {
            bytes += o.Input.Source.Length;
            steps += o.Steps;
            if (o.Errors > 0) withErrors++;
            if (o.Input.Source.Length >= 1024 && Rate(o) > Rate(worst)) worst = o;
            if (o.Crash != null || o.BadError != null || o.Steps > Budget(o.Input)) failures.Add(o);
        }
        return new Summary(outcomes.Length, bytes, steps, worst, failures, withErrors);
    }

    public static string Describe(Outcome o) =>
        o.Crash != null ? $"{o.Input.Name}: threw {o.Crash}" :
        o.BadError != null ? $"{o.Input.Name}: error not formatted '{o.Input.Name}:line:col: message': {o.BadError}" :
        $"{o.Input.Name}: {o.Steps} parser steps for {o.Input.Source.Length} bytes, over the budget of {Budget(o.Input)}";

    private static Outcome Parse(RobustnessInput input)
    {
        var format = new Regex("^" + Regex.Escape(input.Name) + @":\d+:\d+: .+$", RegexOptions.Singleline);
        try
        {
            var result = Parser.ParseFile(new FileSet(), input.Name, input.Source, ParserMode.ParseComments);
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
            return new Outcome(input, result.Steps, result.Errors.Count, null, bad);
        }
        catch (Exception e)
        {
            return new Outcome(input, 0, 0, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace, null);
        }
    }
}
