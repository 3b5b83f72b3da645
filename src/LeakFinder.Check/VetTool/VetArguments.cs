using System.Globalization;
using LeakFinder.Analysis;
using LeakFinder.Check.Config;

namespace LeakFinder.Check.VetTool;

/// <summary>What cmd/go asked the vet tool for.</summary>
public enum VetMode
{
    /// <summary>`-flags`: describe the flags in JSON.</summary>
    DescribeFlags,
    /// <summary>`-V=full`: the version line cmd/go derives the tool's cache ID from.</summary>
    Version,
    /// <summary>`[flags] vet.cfg`: analyse the package the config describes.</summary>
    Analyse,
    /// <summary>`help`: what cmd/go tells a user who gave go vet a flag it does not know to run.</summary>
    Help,
}

/// <summary>How to analyse and report, from the vet flags.</summary>
public sealed record VetSettings
{
    public bool Json { get; init; }
    /// <summary>-c=N: lines of context around each finding; negative for none.</summary>
    public int ContextLines { get; init; } = -1;
    public IReadOnlyList<string> Enable { get; init; } = [];
    public IReadOnlyList<string> Disable { get; init; } = [];
    public bool AllContexts { get; init; }
}

/// <summary>One invocation in vet-tool mode: what to do, and the vet.cfg for <see cref="VetMode.Analyse"/>.</summary>
public sealed record VetInvocation(VetMode Mode, string? ConfigPath, VetSettings Settings);

/// <summary>
/// Recognises and parses the command lines cmd/go gives a vet tool, before (and instead of) LeakFinder's own
/// command line: `-flags`, `-V=full`, and `[flags] path/vet.cfg`. Flags follow Go's flag package: one or two
/// dashes, `-name=value`, `-name value` for non-boolean flags, a bare `-name` for true, `--` ending them.
/// </summary>
public static class VetArguments
{
    // LeakFinder's own options that may come first; with them the command line is LeakFinder's, never cmd/go's.
    private static readonly HashSet<string> OwnOptions = new(StringComparer.Ordinal) { "--debug", "--help", "-h", "-?", "/?", "/h", "--version" };

    /// <summary>
    /// Whether the command line is cmd/go's: it asks for -flags or -V, or it is flags followed by one
    /// argument ending in .cfg (a single .cfg argument included). LeakFinder's own commands start with a
    /// command name, so `leakfinder check x.cfg` is never taken for a vet config.
    /// </summary>
    public static bool IsVetToolCall(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || OwnOptions.Contains(args[0])) return false;
        if (args is ["help"]) return true; // "Run 'leakfinder help' for a full list of flags and analyzers." (cmd/go)
        var last = args[^1];
        if (args.Count == 1 && !last.StartsWith('-')) return last.EndsWith(".cfg", StringComparison.Ordinal);
        if (!args[0].StartsWith('-')) return false;
        return args.Any(a => FlagName(a) is "flags" or "V") || last.EndsWith(".cfg", StringComparison.Ordinal);
    }

    /// <summary>Parses a vet-tool command line; throws <see cref="VetUsageException"/> on a bad one.</summary>
    public static VetInvocation Parse(IReadOnlyList<string> args, IReadOnlyList<RuleDescriptor> rules)
    {
        if (args is ["help"]) return new VetInvocation(VetMode.Help, null, new VetSettings());
        var flags = VetFlags.All(rules).ToDictionary(f => f.Name, StringComparer.Ordinal);
        bool json = false, allContexts = false, describe = false, version = false;
        var context = -1;
        var enable = new List<string>();
        var disable = new List<string>();
        var ruleOn = new List<string>();
        var ruleOff = new List<string>();
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (FlagName(arg) is not { } name)
            {
                positional.AddRange(args.Skip(i));
                break;
            }
            var eq = arg.IndexOf('=');
            var value = eq >= 0 ? arg[(eq + 1)..] : null;
            if (name == "flags")
            {
                describe = ParseBool(name, value ?? "true");
                continue;
            }
            if (name == "V")
            {
                // unitchecker knows only -V=full; a bare -V asks for the same line.
                if (value is not (null or "full")) throw new VetUsageException($"unsupported flag value: -V={value} (want -V=full)");
                version = true;
                continue;
            }
            if (!flags.TryGetValue(name, out var flag)) throw new VetUsageException($"flag provided but not defined: -{name}");
            if (!flag.IsBool && value == null)
            {
                if (i + 1 >= args.Count) throw new VetUsageException($"flag needs an argument: -{name}");
                value = args[++i];
            }
            switch (name)
            {
                case VetFlags.Json: json = ParseBool(name, value ?? "true"); break;
                case VetFlags.AllContexts: allContexts = ParseBool(name, value ?? "true"); break;
                case VetFlags.Context:
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out context))
                        throw new VetUsageException($"invalid value \"{value}\" for flag -{name}: want an integer");
                    break;
                case VetFlags.Enable: enable.AddRange(Selectors(name, value!, rules)); break;
                case VetFlags.Disable: disable.AddRange(Selectors(name, value!, rules)); break;
                default:
                    (ParseBool(name, value ?? "true") ? ruleOn : ruleOff).Add(name);
                    break;
            }
        }
        // As multichecker: any rule flag set true runs only the rules set true; otherwise those set false are left out.
        if (ruleOn.Count > 0)
        {
            enable.AddRange(ruleOn);
            disable.Add(RuleSelector.All);
        }
        else disable.AddRange(ruleOff);
        var settings = new VetSettings { Json = json, ContextLines = context, Enable = enable, Disable = disable, AllContexts = allContexts };
        if (describe) return new VetInvocation(VetMode.DescribeFlags, null, settings);
        if (version) return new VetInvocation(VetMode.Version, null, settings);
        if (positional.Count != 1 || !positional[0].EndsWith(".cfg", StringComparison.Ordinal))
            throw new VetUsageException(positional.Count == 0
                ? "no vet config given: this mode is for `go vet -vettool=$(command -v leakfinder) ./...`"
                : $"want one vet config file (*.cfg) after the flags, have {string.Join(" ", positional)}: run it as `go vet -vettool=$(command -v leakfinder) ./...`");
        return new VetInvocation(VetMode.Analyse, positional[0], settings);
    }

    /// <summary>The flag's name when the argument is a flag (-name, --name, -name=value), else null.</summary>
    private static string? FlagName(string arg)
    {
        if (arg.Length < 2 || arg[0] != '-') return null;
        var body = arg[1] == '-' ? arg[2..] : arg[1..];
        if (body.Length == 0 || body[0] == '-' || body[0] == '=') return null;
        var eq = body.IndexOf('=');
        return eq >= 0 ? body[..eq] : body;
    }

    // strconv.ParseBool's spellings, which Go's flag package accepts.
    private static bool ParseBool(string name, string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new VetUsageException($"invalid boolean value \"{value}\" for -{name}"),
    };

    private static IEnumerable<string> Selectors(string flag, string value, IReadOnlyList<RuleDescriptor> rules)
    {
        var words = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var word in words)
            if (!new RuleSelector(word).IsKnown(rules))
                throw new VetUsageException($"-{flag} {word}: unknown rule (not a rule id, rule name, category or \"all\")");
        return words;
    }
}

/// <summary>A vet-tool command line LeakFinder cannot follow: exit code 2.</summary>
public sealed class VetUsageException(string message) : Exception(message);
