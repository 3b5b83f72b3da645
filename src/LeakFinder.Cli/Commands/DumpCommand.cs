using System.CommandLine;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder dump FILE|-|URL` and `leakfinder dump --diff OLD NEW`: goroutine dump analysis (wiring only).</summary>
public static class DumpCommand
{
    public static Command Create()
    {
        var input = new Argument<string?>("input")
        {
            Description = "Goroutine dump: a file, - for standard input, or an http(s) /debug/pprof/goroutine URL",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var diff = new Option<string[]>("--diff")
        {
            Description = "Compare two dumps (OLD NEW) and rank the buckets that grew",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int>("--top") { Description = "How many suspects and buckets to show", DefaultValueFactory = _ => 10 };

        var command = new Command("dump", "Analyse a Go goroutine dump (panic, SIGQUIT, /debug/pprof/goroutine) into ranked leak suspects.");
        command.Arguments.Add(input);
        command.Options.Add(format);
        command.Options.Add(diff);
        var timeout = TimeoutOption.Create();
        command.Options.Add(top);
        command.Options.Add(timeout);
        var limits = LimitOptions.AddTo(command, InputLimits.DefaultStreamedBytes >> 20, stacks: true);
        command.SetAction(parse =>
        {
            var limit = TimeoutOption.Of(parse.GetValue(timeout));
            var caps = limits.Of(parse);
            var json = parse.GetValue(format) == "json";
            var n = Math.Max(1, parse.GetValue(top));
            var pair = parse.GetValue(diff);
            var single = parse.GetValue(input);
            if (pair is { Length: 2 })
            {
                var result = DumpDiff.Compare(DumpAnalyzer.AnalyzeSource(pair[0], timeout: limit, limits: caps), DumpAnalyzer.AnalyzeSource(pair[1], timeout: limit, limits: caps));
                if (json) WriteJson(s => DumpJsonReport.WriteDiff(s, result, n));
                else DumpTextReport.WriteDiff(TerminalOut.Writer, result, n);
                return result.Suspects.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
            }
            if (single == null)
            {
                Console.Error.WriteLine("leakfinder dump: give a dump (FILE, - or URL) or --diff OLD NEW");
                return ExitCodes.BadInput;
            }
            var analysis = DumpAnalyzer.AnalyzeSource(single, timeout: limit, limits: caps);
            if (json) WriteJson(s => DumpJsonReport.Write(s, analysis, n));
            else DumpTextReport.Write(TerminalOut.Writer, analysis, n);
            return analysis.Suspects.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }


    private static void WriteJson(Action<Stream> write)
    {
        using var stdout = Console.OpenStandardOutput();
        write(stdout);
        stdout.Write("\n"u8);
    }
}
