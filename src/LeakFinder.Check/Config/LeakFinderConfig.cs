using LeakFinder.Analysis;
using System.Globalization;

namespace LeakFinder.Check.Config;

/// <summary>
/// The project's `.leakfinder.yml`: which rules run, at what severity, which paths are skipped, per-rule
/// settings, and the Go version to assume when go.mod does not say. Found by <see cref="FindAndLoad"/>
/// searching upward from the scanned directory to the filesystem root (the first file found wins; there is
/// no merging), or given with `--config FILE` (<see cref="Load"/>). Without a file every rule runs at its
/// default severity and nothing is excluded.
/// </summary>
public sealed class LeakFinderConfig
{
    public static readonly IReadOnlyList<string> FileNames = [".leakfinder.yml", ".leakfinder.yaml"];

    private readonly List<(RuleSelector Selector, bool Enable, int Line, int Column)> _switches;
    private readonly List<(RuleSelector Selector, Severity Severity)> _severities;
    private readonly List<PathGlob> _excludes;
    private readonly Dictionary<string, (Dictionary<string, SettingValue> Values, int Line, int Column)> _settings;
    private readonly List<(RuleSelector Selector, int Line, int Column)> _selectors;
    private IReadOnlyList<RuleSelector> _commandLineEnables = [];
    private IReadOnlyList<RuleSelector> _commandLineDisables = [];

    private LeakFinderConfig(string? path, string baseDirectory, ConfigReader? reader)
    {
        Path = path;
        BaseDirectory = System.IO.Path.GetFullPath(baseDirectory);
        _switches = reader?.RuleSwitches ?? [];
        _severities = reader?.Severities ?? [];
        _excludes = reader?.Excludes ?? [];
        _settings = reader?.Settings ?? new(StringComparer.OrdinalIgnoreCase);
        _selectors = reader?.SelectorsToValidate ?? [];
        GoVersion = reader?.GoVersion;
    }

    /// <summary>The configuration file, or null for the defaults.</summary>
    public string? Path { get; }

    /// <summary>The directory `exclude:` patterns are relative to: the configuration file's.</summary>
    public string BaseDirectory { get; }

    /// <summary>The Go version to assume when go.mod has no `go` line ("1.22"), or null.</summary>
    public string? GoVersion { get; }

    /// <summary>Every rule on at its default severity, nothing excluded.</summary>
    public static LeakFinderConfig Default(string baseDirectory) => new(null, baseDirectory, null);

    /// <summary>
    /// Reads a configuration file; throws <see cref="ConfigException"/> listing every problem in it, in file order.
    /// With <paramref name="knownRules"/>, words naming no rule are among them (else <see cref="Validate"/> finds them).
    /// </summary>
    public static LeakFinderConfig Load(string path, IReadOnlyList<RuleDescriptor>? knownRules = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(path, 0, 0, "cannot read configuration: " + e.Message)]);
        }
        return Parse(text, path, knownRules);
    }

    /// <summary>Parses configuration text as if read from <paramref name="path"/> (which sets the base directory).</summary>
    public static LeakFinderConfig Parse(string text, string path, IReadOnlyList<RuleDescriptor>? knownRules = null)
    {
        var reader = new ConfigReader(path);
        reader.Read(text);
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var config = new LeakFinderConfig(path, dir, reader);
        // Every problem at once, shape and rule words alike: fixing one to be shown the next is a slow loop.
        var errors = reader.Errors.Concat(knownRules != null ? config.Validate(knownRules) : []).ToList();
        if (errors.Count > 0) throw new ConfigException(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        return config;
    }

    /// <summary>The nearest configuration file in <paramref name="directory"/> or above it, or null.</summary>
    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetFullPath(directory)); dir != null; dir = dir.Parent)
            foreach (var name in FileNames)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Loads the nearest configuration above <paramref name="directory"/>, or the defaults when there is none.</summary>
    public static LeakFinderConfig FindAndLoad(string directory, IReadOnlyList<RuleDescriptor>? knownRules = null)
    {
        var path = Find(directory);
        return path != null ? Load(path, knownRules) : Default(directory);
    }

    /// <summary>
    /// Whether the rule runs: as its descriptor says unless switched; among the enable/disable words that
    /// match it the most specific wins (rule over category over "all"), and at equal specificity disable wins.
    /// A rule that is off by default (or experimental) is turned on only by its id or name: `enable: [all]`
    /// must not opt a project into rules still being measured. Words given on the command line
    /// (<see cref="WithEnabled"/>, then <see cref="WithDisabled"/>) win over the file.
    /// </summary>
    public bool IsEnabled(RuleDescriptor rule)
    {
        foreach (var selector in _commandLineEnables)
            if (selector.Matches(rule) && (rule.RunsByDefault || selector.Specificity == 2)) return true;
        foreach (var selector in _commandLineDisables)
            if (selector.Matches(rule)) return false;
        var best = -1;
        var enabled = rule.RunsByDefault;
        foreach (var (selector, enable, _, _) in _switches)
        {
            if (!selector.Matches(rule)) continue;
            var s = selector.Specificity;
            if (enable && !rule.RunsByDefault && s < 2) continue;
            if (s > best || (s == best && !enable))
            {
                best = s;
                enabled = enable;
            }
        }
        return enabled;
    }

    /// <summary>The rule's severity: the most specific `severity:` entry that matches it, else its default.</summary>
    public Severity SeverityFor(RuleDescriptor rule)
    {
        var best = -1;
        var severity = rule.DefaultSeverity;
        foreach (var (selector, s) in _severities)
        {
            if (selector.Matches(rule) && selector.Specificity >= best)
            {
                best = selector.Specificity;
                severity = s;
            }
        }
        return severity;
    }

    /// <summary>Whether an `exclude:` pattern matches the path (or a directory above it) relative to <see cref="BaseDirectory"/>.</summary>
    public bool IsExcluded(string path)
    {
        if (_excludes.Count == 0) return false;
        var rel = System.IO.Path.GetRelativePath(BaseDirectory, System.IO.Path.GetFullPath(path)).Replace('\\', '/');
        if (rel == "." || rel.StartsWith("../", StringComparison.Ordinal) || rel == ".." || System.IO.Path.IsPathRooted(rel)) return false;
        foreach (var glob in _excludes)
            if (glob.Matches(rel)) return true;
        return false;
    }

    /// <summary>The rule's `settings:` entry (by id or name), or empty settings.</summary>
    public RuleSettings SettingsFor(RuleDescriptor rule)
    {
        if (_settings.TryGetValue(rule.Id, out var byId)) return new RuleSettings(byId.Values);
        if (_settings.TryGetValue(rule.Name, out var byName)) return new RuleSettings(byName.Values);
        return RuleSettings.Empty;
    }

    /// <summary>The Go version as (major, minor), or null.</summary>
    public (int Major, int Minor)? GoVersionNumber
    {
        get
        {
            if (GoVersion == null) return null;
            var parts = GoVersion.Split('.');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>This configuration with rules also switched on from the command line (`check --enable ID`).</summary>
    public LeakFinderConfig WithEnabled(IEnumerable<RuleSelector> selectors)
    {
        var copy = (LeakFinderConfig)MemberwiseClone();
        copy._commandLineEnables = [.. _commandLineEnables, .. selectors];
        return copy;
    }

    /// <summary>
    /// This configuration with rules switched off from the command line (`go vet -vettool` with `-LF1001=false`,
    /// `-disable`): over the file, under the command line's enables (naming a rule on is the more deliberate act).
    /// </summary>
    public LeakFinderConfig WithDisabled(IEnumerable<RuleSelector> selectors)
    {
        var copy = (LeakFinderConfig)MemberwiseClone();
        copy._commandLineDisables = [.. _commandLineDisables, .. selectors];
        return copy;
    }

    /// <summary>
    /// Problems only the rule list can reveal: a word in rules/severity/settings or given to --enable that names
    /// no known rule or category (a typo would otherwise silently do nothing). The caller reports them as errors.
    /// </summary>
    public IReadOnlyList<ConfigError> Validate(IReadOnlyList<RuleDescriptor> knownRules)
    {
        var errors = new List<ConfigError>();
        foreach (var selector in _commandLineEnables)
            if (!selector.IsKnown(knownRules))
                errors.Add(new ConfigError("leakfinder check", 0, 0, $"--enable {selector}: unknown rule (not a rule id, rule name, category or \"all\")"));
        foreach (var selector in _commandLineDisables)
            if (!selector.IsKnown(knownRules))
                errors.Add(new ConfigError("leakfinder", 0, 0, $"disable {selector}: unknown rule (not a rule id, rule name, category or \"all\")"));
        foreach (var (selector, line, column) in _selectors)
            if (!selector.IsKnown(knownRules))
                errors.Add(new ConfigError(Path ?? "", line, column, $"unknown rule \"{selector}\" (not a rule id, rule name, category or \"all\")"));
        return errors;
    }
}
