using LeakFinder.Check;
using System.CommandLine;
using LeakFinder.Check.Cache;
using LeakFinder.Check.Pipeline;
using LeakFinder.Reporting;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Cli.Commands;

/// <summary>
/// `leakfinder check [patterns]`: the CI gate. Exit 0 when clean, 1 with findings, 2 for bad usage or
/// input that could not be read (a file that does not parse is reported and the rest still analysed).
/// Unresolved imports print one warning on standard error; with --strict-deps they exit 2. --fix applies the
/// suggested fixes of the reported findings (FixApplier) and reports what is left; --fix --diff prints them.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var patterns = new Argument<string[]>("PATTERN") { Description = "Packages to check: ./..., ./pkg/..., directories or .go files", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "Output format: " + string.Join(", ", ReportFormats.Names), DefaultValueFactory = _ => "text" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of standard output" };
        var config = new Option<string?>("--config") { Description = "Configuration file (default: .leakfinder.yml found upward from the working directory)" };
        var tests = new Option<bool>("--tests") { Description = "Also check _test.go files and external test packages" };
        var tags = new Option<string?>("--tags") { Description = "Comma-separated build tags" };
        var goos = new Option<string?>("--goos") { Description = "Target GOOS (default linux, or $GOOS)" };
        var goarch = new Option<string?>("--goarch") { Description = "Target GOARCH (default amd64, or $GOARCH)" };
        var go = new Option<string?>("--go") { Description = "Go version to assume (default: go.mod's go line)" };
        var baseline = new Option<string?>("--baseline") { Description = "Report only findings not recorded in this baseline file" };
        var writeBaseline = new Option<string?>("--write-baseline") { Description = "Record the current findings in this baseline file" };
        var newFromRev = new Option<string?>("--new-from-rev") { Description = "Report only findings on lines changed since this git revision" };
        var noColor = new Option<bool>("--no-color") { Description = "Never colour the text output (NO_COLOR is honoured too)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the time each phase took (load, type-check, rules) to standard error" };
        var allContexts = new Option<bool>("--all-contexts") { Description = "Also report resource, timer and context leaks in command (package main) and test code, as info" };
        var enable = new Option<string[]>("--enable") { Description = "Also run these rules (id or name; repeat or separate with commas): rules off by default run only when named", AllowMultipleArgumentsPerToken = false };
        var strictDeps = new Option<bool>("--strict-deps") { Description = "Exit 2 when imported packages are unresolved (analysis partial) instead of only warning" };
        var followSymlinks = new Option<bool>("--follow-symlinks") { Description = "Read files that symbolic links place outside the module root (by default they are skipped, each named in a warning)" };
        var fix = new Option<bool>("--fix") { Description = "Apply the suggested fixes of the reported findings to the files, then report what is left (findings fixed do not count for the exit code)" };
        var diff = new Option<bool>("--diff") { Description = "With --fix: print the fixes as a unified diff instead of writing the files" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Keep findings per package here between runs (default $XDG_CACHE_HOME/leakfinder or ~/.cache/leakfinder)" };
        var noCache = new Option<bool>("--no-cache") { Description = "Analyse every package afresh and store nothing (LEAKFINDER_CACHE=off does the same)" };
        var reportUnused = new Option<bool>("--report-unused-suppressions") { Description = "List //nolint and //lint:ignore directives for LeakFinder that suppressed nothing" };
        var command = new Command("check", "Find goroutine, resource, timer and context leaks in Go packages.")
        {
            patterns, format, output, config, tests, tags, goos, goarch, go, baseline, writeBaseline, newFromRev, noColor, allContexts, enable, strictDeps, followSymlinks, reportUnused, fix, diff, cacheDir, noCache, verbose,
        };
        command.SetAction(parse =>
        {
            if (ReportFormats.Parse(parse.GetValue(format)!) is not { } reportFormat)
            {
                Console.Error.WriteLine($"leakfinder check: unknown --format {parse.GetValue(format)} (want {string.Join(", ", ReportFormats.Names)})");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(diff) && !parse.GetValue(fix))
            {
                Console.Error.WriteLine("leakfinder check: --diff shows the fixes --fix would make: use it with --fix");
                return ExitCodes.BadInput;
            }
            var outputPath = parse.GetValue(output);
            var progress = !Console.IsErrorRedirected ? new ProgressLine(Console.Error) : null;
            var options = new CheckOptions
            {
                WorkDir = Directory.GetCurrentDirectory(),
                Patterns = parse.GetValue(patterns) is { Length: > 0 } p ? p : ["./..."],
                ConfigPath = parse.GetValue(config),
                Tests = parse.GetValue(tests),
                BuildTags = (parse.GetValue(tags) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                GOOS = parse.GetValue(goos),
                GOARCH = parse.GetValue(goarch),
                GoVersion = parse.GetValue(go),
                BaselinePath = parse.GetValue(baseline),
                WriteBaselinePath = parse.GetValue(writeBaseline),
                NewFromRev = parse.GetValue(newFromRev),
                AllContexts = parse.GetValue(allContexts),
                FollowSymlinks = parse.GetValue(followSymlinks),
                Enable = (parse.GetValue(enable) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Progress = progress == null ? null : progress.Show,
                Cache = CacheOptions.FromCommandLine(parse.GetValue(noCache), parse.GetValue(cacheDir), Environment.GetEnvironmentVariable),
            };
            CheckResult result;
            try
            {
                GcBudget.Defer();
                result = CheckRunner.Run(options);
            }
            catch (CheckUsageException e)
            {
                progress?.Clear();
                // One problem a line (every configuration error at once); each may quote the file's text.
                foreach (var line in e.Message.Split('\n')) Console.Error.WriteLine(TerminalText.Escape(line));
                return ExitCodes.BadInput;
            }
            progress?.Clear();
            var color = outputPath == null && reportFormat == ReportFormat.Text && !parse.GetValue(noColor) && ColorPolicy.ForStandardOutput();
            var reportOptions = new ReportOptions { WorkingDirectory = options.WorkDir, Color = color };
            if (DependencyWarning.ForStandardError(result, reportOptions) is { } partial) Console.Error.WriteLine(partial);
            foreach (var warning in result.Warnings) Console.Error.WriteLine($"leakfinder: warning: {TerminalText.Escape(warning)}");
            if (parse.GetValue(fix))
            {
                var sources = new LeakFinder.Check.Baseline.SourceFiles(options.WorkDir);
                var plan = LeakFinder.Check.Fixes.FixApplier.Plan(result.Findings, sources);
                if (parse.GetValue(diff))
                {
                    // The diff is the output; no source is written, so every finding is still there for the exit code.
                    try
                    {
                        using var diffOut = outputPath != null ? new StreamWriter(outputPath) : null;
                        FixReport.WriteDiff(plan, diffOut ?? Console.Out, reportOptions with { Color = false });
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        Console.Error.WriteLine($"leakfinder check: cannot write {outputPath}: {e.Message}");
                        return ExitCodes.BadInput;
                    }
                    FixReport.WriteSkipped(plan, Console.Error, reportOptions);
                    return CheckExit.For(result, parse.GetValue(strictDeps));
                }
                try
                {
                    LeakFinder.Check.Fixes.FixApplier.Write(plan, sources);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"leakfinder check: cannot write a fixed file: {e.Message}");
                    return ExitCodes.BadInput;
                }
                FixReport.WriteApplied(plan, Console.Error, reportOptions);
                result = LeakFinder.Check.Fixes.FixApplier.WithoutFixed(result, plan);
            }
            var renderer = ReportRenderers.Create(reportFormat, reportOptions);
            if (outputPath != null)
            {
                try
                {
                    using var writer = new StreamWriter(outputPath);
                    renderer.Render(result, writer);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"leakfinder check: cannot write {outputPath}: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                renderer.Render(result, Console.Out);
            }
            if (parse.GetValue(verbose))
            {
                foreach (var phase in result.Stats.Phases) Console.Error.WriteLine($"leakfinder: {phase.Phase} took {phase.Elapsed.TotalSeconds:F3}s ({phase.Cpu.TotalSeconds:F3}s CPU), allocated {phase.AllocatedBytes >> 20} MiB; peak RSS {phase.PeakResidentBytes >> 20} MiB, heap after last full GC {phase.HeapAfterLastGcBytes >> 20} MiB");
                Console.Error.WriteLine($"leakfinder: {result.Stats.Packages} packages, {result.Stats.Files} files in {result.Stats.Elapsed.TotalSeconds:F3}s");
                foreach (var line in result.Cache.Describe(options.Cache)) Console.Error.WriteLine($"leakfinder: {TerminalText.Escape(line)}");
                Console.Error.WriteLine($"leakfinder: GC: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:F3}s paused, {GC.GetTotalAllocatedBytes() >> 20} MiB allocated");
            }
            if (parse.GetValue(reportUnused))
                foreach (var d in result.UnusedSuppressions) Console.Error.WriteLine($"{TerminalText.Escape(d.ToString())}: unused suppression (no LeakFinder finding here)");
            if (options.WriteBaselinePath is { } written)
                Console.Error.WriteLine($"leakfinder: recorded {result.Findings.Count} finding{(result.Findings.Count == 1 ? "" : "s")} in {written} as the baseline; `check --baseline {written}` reports only new ones");
            return CheckExit.For(result, parse.GetValue(strictDeps), recordedBaseline: options.WriteBaselinePath != null);
        });
        return command;
    }
}
