using System.CommandLine;
using LeakFinder.Runtime.GoTest;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder test [go test flags] [packages]`: runs go test -json and reports leaks, hangs and races per test (wiring only).</summary>
public static class TestCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text, json or sarif (SARIF 2.1.0)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var top = new Option<int>("--top") { Description = "How many stack groups per test the text shows (all in json and sarif)", DefaultValueFactory = _ => 20 };
        var command = new Command("test",
            "Run `go test -json` with every other argument (flags such as -race, -run, -count, -timeout, and packages) and report, " +
            "per test, the goroutines leakcheck.VerifyNone found leaked (grouped by stack, with where they were created), the goroutines " +
            "a hung test was blocked in when go test's -timeout fired (default 10m: pass -timeout 30s for a quicker answer) or the runtime " +
            "declared a deadlock, and with -race the data races grouped by racing pair. Needs the go command on PATH.")
        {
            format, top,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var goArguments = parse.UnmatchedTokens.ToList();
            var report = GoTestRunner.Run(goArguments, Console.Error);
            switch (parse.GetValue(format))
            {
                case "json":
                    WriteTo(s => GoTestJson.Write(s, report));
                    break;
                case "sarif":
                    WriteTo(s => GoTestSarif.Write(s, report, typeof(TestCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", "https://github.com/leakfinder/leakfinder"));
                    break;
                default:
                    GoTestText.Write(TerminalOut.Writer, report, Math.Max(1, parse.GetValue(top)));
                    break;
            }
            // go test exits non-zero without a test result when its flags or packages are wrong: that is usage.
            if (report.Packages.Count == 0 && report.Tests.Count == 0 && report.GoExitCode != 0)
            {
                Console.Error.WriteLine($"leakfinder test: go test exited {report.GoExitCode} without running a test (see its message above)");
                return ExitCodes.BadInput;
            }
            return report.Clean ? ExitCodes.Clean : ExitCodes.Findings;
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
