using System.CommandLine;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder profile [--base OLD] NEW`: pprof top reports, and growth suspects with --base.</summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var newProfile = new Argument<string>("NEW") { Description = "pprof profile (gzipped or raw protobuf): a file, - for stdin, or an http(s) URL such as http://127.0.0.1:6060/debug/pprof/heap" };
        var baseProfile = new Option<string?>("--base") { Description = "older profile of the same process (file, - or URL): report NEW minus OLD, like go tool pprof -base" };
        var sampleIndex = new Option<string?>("--sample-index") { Description = "sample type: inuse_space (heap default), inuse_objects, alloc_space, alloc_objects, contentions, delay..." };
        var top = new Option<int>("--top") { Description = "rows to show (0 = all)", DefaultValueFactory = _ => 20 };
        var by = new Option<string>("--by") { Description = "group by function or by allocation site (file:line)", DefaultValueFactory = _ => "function" };
        by.AcceptOnlyFromAmong("function", "site");
        var cum = new Option<bool>("--cum") { Description = "order by cumulative value instead of flat" };
        var unit = new Option<string>("--unit") { Description = "unit for values: minimum (pprof's choice), B, kB, MB, ns, ms, s", DefaultValueFactory = _ => "minimum" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var timeout = TimeoutOption.Create();
        var command = new Command("profile", "Top functions or sites of a pprof profile; with --base, the growth between two profiles and its leak suspects.")
        {
            newProfile, baseProfile, sampleIndex, top, by, cum, unit, format, timeout,
        };
        var limits = LimitOptions.AddTo(command, InputLimits.DefaultWholeBytes >> 20, stacks: false);
        command.SetAction(parse =>
        {
            var limit = TimeoutOption.Of(parse.GetValue(timeout));
            var maxBytes = limits.Of(parse).MaxWholeBytes;
            var current = ProfileAnalysis.LoadSource(parse.GetValue(newProfile)!, limit, maxBytes);
            var basePath = parse.GetValue(baseProfile);
            var options = new TopOptions
            {
                SampleIndex = parse.GetValue(sampleIndex),
                NodeCount = parse.GetValue(top),
                Granularity = parse.GetValue(by) == "site" ? Granularity.Lines : Granularity.Functions,
                CumSort = parse.GetValue(cum),
                Unit = parse.GetValue(unit)!,
            };
            ProfileDiff? diff = null;
            TopReport report;
            if (basePath != null)
            {
                diff = ProfileAnalysis.Diff(ProfileAnalysis.LoadSource(basePath, limit, maxBytes), current, options.SampleIndex);
                report = TopReport.Build(diff.Growth, options);
            }
            else
            {
                report = ProfileAnalysis.Top(current, options);
            }

            if (parse.GetValue(format) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                ProfileJson.Write(stdout, current, report, diff);
                stdout.WriteByte((byte)'\n');
            }
            else
            {
                TopReportText.Write(TerminalOut.Writer, report, basePath != null ? $"Growth from {basePath}" : null);
                if (diff != null) SuspectText.Write(TerminalOut.Writer, diff.Suspects);
            }
            return diff is { Suspects.Count: > 0 } ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }
}
