using System.CommandLine;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder race FILE|-`: Go race-detector reports grouped by racing pair (wiring only).</summary>
public static class RaceCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE")
        {
            Description = "Race-detector output: stderr of a -race binary, `go test -race` output (test output and log prefixes are tolerated) or `go test -json -race` records, or - for stdin; --max-stacks caps the distinct racing pairs",
        };
        var format = new Option<string>("--format") { Description = "text, json or sarif (SARIF 2.1.0)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var top = new Option<int>("--top") { Description = "How many racing pairs the text shows (all in json and sarif)", DefaultValueFactory = _ => 20 };
        var command = new Command("race",
            "Group Go race-detector reports (WARNING: DATA RACE) by the pair of racing source sites, count them, name where " +
            "the racing goroutines were created, and rank the pairs: most reported first, write/write before write/read.")
        {
            input, format, top,
        };
        var limits = LimitOptions.AddTo(command, InputLimits.DefaultStreamedBytes >> 20, stacks: true);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var name = path == "-" ? "<stdin>" : path;
            var caps = limits.Of(parse);
            RaceReport report;
            try
            {
                report = path == "-"
                    ? RaceAnalysis.Analyze(Console.OpenStandardInput(), name, caps.MaxBytes, caps.MaxStacks)
                    : RaceAnalysis.Analyze(path, caps.MaxBytes, caps.MaxStacks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"leakfinder race: {Runtime.Output.TerminalText.Escape(name)}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
                return ExitCodes.BadInput;
            }
            switch (parse.GetValue(format))
            {
                case "json":
                    WriteTo(s => RaceOutput.WriteJson(s, report));
                    break;
                case "sarif":
                    WriteTo(s => RaceSarif.Write(s, report, typeof(RaceCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", "https://github.com/leakfinder/leakfinder"));
                    break;
                default:
                    RaceOutput.WriteText(TerminalOut.Writer, report, Math.Max(1, parse.GetValue(top)));
                    break;
            }
            if (report.Reports == 0)
                Console.Error.WriteLine($"leakfinder race: {Runtime.Output.TerminalText.Escape(name)}: no race report (no complete WARNING: DATA RACE block); " +
                                        "was the program built or tested with -race?");
            return report.Reports > 0 ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }

    private static void WriteTo(Action<Stream> write)
    {
        using var stdout = Console.OpenStandardOutput();
        write(stdout);
        stdout.Write("\n"u8);
    }
}
