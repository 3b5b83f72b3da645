using LeakFinder.Analysis;
using LeakFinder.Analysis.Engine;
using LeakFinder.Check.Pipeline;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.VetTool;

/// <summary>
/// `go vet -vettool=$(command -v leakfinder) ./...`: the unitchecker protocol. cmd/go runs the tool with
/// `-flags` (<see cref="VetFlags"/>), with `-V=full` (<see cref="VetVersion"/>), then once per package with
/// a vet.cfg (<see cref="VetConfig"/>). Each package goes through the pipeline `leakfinder check` uses on
/// the package's files: .leakfinder.yml found upward from the package, dependencies loaded from source,
/// //nolint honoured. Exit codes: 0 clean (always with -json, and for a package analysed only for facts),
/// 1 findings, 2 bad usage, an unreadable vet.cfg, a bad .leakfinder.yml or source that does not load
/// (0 then when the config says SucceedOnTypecheckFailure: the compiler will report it); 3 stays the
/// internal error of every command. cmd/go treats any non-zero status as the package failing vet.
/// </summary>
public static class VetToolMain
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var rules = RuleRegistry.Descriptors;
        VetInvocation invocation;
        try
        {
            invocation = VetArguments.Parse(args, rules);
        }
        catch (VetUsageException e)
        {
            error.WriteLine("leakfinder: " + e.Message);
            return BadInput;
        }
        switch (invocation.Mode)
        {
            case VetMode.DescribeFlags:
                output.Write(VetFlags.Describe(rules));
                return Clean;
            case VetMode.Version:
                output.WriteLine(VetVersion.Line());
                return Clean;
            case VetMode.Help:
                output.Write(VetFlags.Help(rules));
                return Clean;
        }
        try
        {
            return Analyse(VetConfig.Read(invocation.ConfigPath!), invocation.Settings, output, error);
        }
        catch (Exception e) when (e is VetConfigException or CheckUsageException)
        {
            error.WriteLine("leakfinder: " + e.Message);
            return BadInput;
        }
    }

    public static int Analyse(VetConfig config, VetSettings settings, TextWriter output, TextWriter error)
    {
        // The standard library is modelled, not analysed (as `check` leaves it): its facts say so at once, which
        // matters because cmd/go asks about every std package a program imports.
        if (config.VetxOnly && IsStandardLibrary(config))
        {
            if (config.VetxOutput.Length > 0) VetFacts.Write(config.VetxOutput, config, analysed: false, [], []);
            return Clean;
        }
        var files = config.SourceFiles();
        var dir = config.Dir.Length > 0 ? config.Dir : Path.GetDirectoryName(files[0])!;
        CheckResult result;
        try
        {
            result = CheckRunner.Run(new CheckOptions
            {
                WorkDir = dir,
                Patterns = files,
                Enable = settings.Enable,
                Disable = settings.Disable,
                AllContexts = settings.AllContexts,
                FactsFromModule = true,
            });
        }
        catch (CheckUsageException) when (config.VetxOnly)
        {
            return Clean; // a bad .leakfinder.yml is reported by the run of a package that is vetted, not by its dependencies'
        }
        if (result.Errors.Count > 0 && config.SucceedOnTypecheckFailure) return Clean;
        if (config.VetxOutput.Length > 0) VetFacts.Write(config.VetxOutput, config, analysed: true, result.Findings, result.Errors);
        if (config.VetxOnly) return Clean;
        if (settings.Json)
        {
            VetReport.WriteErrors(error, result.Errors);
            VetReport.WriteJson(output, config.ID, result.Findings);
            return result.Errors.Count > 0 ? BadInput : Clean;
        }
        VetReport.WritePlain(error, result.Findings, settings.ContextLines);
        VetReport.WriteErrors(error, result.Errors);
        return result.Errors.Count > 0 ? BadInput : result.Findings.Count > 0 ? Findings : Clean;
    }

    // The package's directory is in GOROOT/src (Debian links it elsewhere: both spellings count).
    private static bool IsStandardLibrary(VetConfig config)
    {
        if (GoEnvironment.FromProcess().GoRoot is not { } root || config.Dir.Length == 0) return false;
        var src = Path.Combine(root, "src");
        return IsUnder(config.Dir, src) || IsUnder(SymbolicLinks.RealPath(config.Dir), SymbolicLinks.RealPath(src));
    }

    private static bool IsUnder(string path, string dir) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(dir).TrimEnd('/') + "/", StringComparison.Ordinal);
}

