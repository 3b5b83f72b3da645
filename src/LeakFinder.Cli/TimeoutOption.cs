using System.CommandLine;

namespace LeakFinder.Cli;

/// <summary>--timeout for the commands that read live /debug/pprof endpoints: a busy server under a leak can
/// take long to write a 40 MB dump, and a dead one should fail fast in a script.</summary>
public static class TimeoutOption
{
    public static Option<double> Create() => new("--timeout")
    {
        Description = "For URLs: seconds the whole fetch (response and body) may take",
        DefaultValueFactory = _ => 60,
        Validators =
        {
            r =>
            {
                // A token that is no number is the parser's error already; only range-check numbers.
                if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    && seconds is <= 0 or > 86400)
                    r.AddError("--timeout must be between 0 and 86400 seconds");
            },
        },
    };

    public static TimeSpan Of(double seconds) => TimeSpan.FromSeconds(seconds);
}
