using System.CommandLine;
using LeakFinder.Runtime.GcTrace;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder gctrace FILE|-`: live-heap trend and GC summary from GODEBUG=gctrace=1 output.</summary>
public static class GcTraceCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE") { Description = "stderr of a program run with GODEBUG=gctrace=1 (other output may be mixed in), or - for stdin" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("gctrace", "Live heap after each GC, heap goal, GC CPU and pauses, and whether live heap (or, Go 1.18+, goroutine stacks) grows.") { input, format };
        var limits = LimitOptions.AddTo(command, Runtime.Input.InputLimits.DefaultStreamedBytes >> 20, stacks: false);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            GcTraceReport report;
            try
            {
                var maxBytes = limits.Of(parse).MaxBytes;
                report = path == "-" ? GcTraceAnalysis.Analyze(Console.OpenStandardInput(), "<stdin>", maxBytes) : GcTraceAnalysis.Analyze(path, maxBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"leakfinder gctrace: {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(format) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                GcTraceOutput.WriteJson(stdout, report);
                stdout.WriteByte((byte)'\n');
            }
            else
            {
                GcTraceOutput.WriteText(TerminalOut.Writer, report);
            }
            if (report.Log.Cycles.Count == 0)
            {
                Console.Error.WriteLine($"leakfinder gctrace: {Runtime.Output.TerminalText.Escape(path == "-" ? "<stdin>" : path)}: no gctrace line found (run the program with GODEBUG=gctrace=1)");
                return ExitCodes.BadInput;
            }
            return report.Suspects.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean; // live heap or goroutine stacks growing
        });
        return command;
    }
}
