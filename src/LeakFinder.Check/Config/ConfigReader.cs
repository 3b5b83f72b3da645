using LeakFinder.Analysis;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LeakFinder.Check.Config;

/// <summary>
/// Reads `.leakfinder.yml` into the pieces <see cref="LeakFinderConfig"/> holds, collecting every problem
/// (unknown key, wrong shape, bad value, duplicate key) with its line and column from YamlDotNet's marks. Only
/// malformed YAML stops the reading: past a syntax error there is no structure left to check.
/// </summary>
internal sealed partial class ConfigReader(string file)
{
    private readonly List<ConfigError> _errors = [];

    public List<(RuleSelector Selector, bool Enable, int Line, int Column)> RuleSwitches { get; } = [];
    public List<(RuleSelector Selector, Severity Severity)> Severities { get; } = [];
    public List<PathGlob> Excludes { get; } = [];
    public Dictionary<string, (Dictionary<string, SettingValue> Values, int Line, int Column)> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? GoVersion { get; private set; }
    public List<(RuleSelector Selector, int Line, int Column)> SelectorsToValidate { get; } = [];
    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Read(string text)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        var duplicates = new DuplicateKeys(new Parser(scanner));
        try
        {
            stream.Load(duplicates);
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps the real cause ("duplicate key") in an outer "while parsing" message at times.
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            _errors.Add(new ConfigError(file, (int)e.Start.Line, (int)e.Start.Column, "invalid YAML: " + Clean(message)));
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner fails this way on some unterminated constructs ("[a, b" at the end of a
            // line); where it stopped is the best position there is.
            var at = scanner.CurrentPosition;
            _errors.Add(new ConfigError(file, (int)at.Line, (int)at.Column, "invalid YAML: unexpected text (an unterminated [ ] or { } list or mapping?)"));
            return;
        }
        foreach (var (key, firstLine) in duplicates.Found)
            _errors.Add(new ConfigError(file, (int)key.Start.Line, (int)key.Start.Column, $"duplicate key \"{key.Value}\" (first at line {firstLine}): the second would silently replace the first"));
        if (stream.Documents.Count == 0) return;
        var root = stream.Documents[0].RootNode;
        DuplicateKeys.RemoveFrom(root);
        if (IsNull(root)) return;
        if (root is not YamlMappingNode map)
        {
            Error(root, "configuration must be a mapping of keys (rules, severity, exclude, settings, go)");
            return;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((keyNode as YamlScalarNode)?.Value) ?? "";
            switch (key)
            {
                case "rules": ReadRules(value); break;
                case "severity": ReadSeverity(value); break;
                case "exclude": ReadExclude(value); break;
                case "settings": ReadSettings(value); break;
                case "go": ReadGo(value); break;
                default: Error(keyNode, $"unknown key \"{key}\" (expected rules, severity, exclude, settings or go)"); break;
            }
        }
    }

    private void ReadRules(YamlNode node)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map)
        {
            Error(node, "\"rules\" must be a mapping with \"enable\" and/or \"disable\" lists");
            return;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is not ("enable" or "disable"))
            {
                Error(keyNode, $"unknown key \"rules.{key}\" (expected enable or disable)");
                continue;
            }
            foreach (var item in ScalarList(value, $"rules.{key}"))
            {
                var selector = new RuleSelector(item.Value!);
                RuleSwitches.Add((selector, key == "enable", Line(item), Column(item)));
                SelectorsToValidate.Add((selector, Line(item), Column(item)));
            }
        }
        // The same word in both lists has no sensible meaning: say so rather than pick one silently.
        foreach (var on in RuleSwitches.Where(s => s.Enable))
            foreach (var off in RuleSwitches.Where(s => !s.Enable && s.Selector.Text.Equals(on.Selector.Text, StringComparison.OrdinalIgnoreCase)))
                _errors.Add(new ConfigError(file, off.Line, off.Column, $"\"{off.Selector}\" is both enabled (line {on.Line}) and disabled"));
    }

    private void ReadSeverity(YamlNode node)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map)
        {
            Error(node, "\"severity\" must be a mapping from rule id, name or category to error, warning or info");
            return;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } word })
            {
                Error(keyNode, "severity keys must be rule ids, names or categories");
                continue;
            }
            var selector = new RuleSelector(word);
            SelectorsToValidate.Add((selector, Line(keyNode), Column(keyNode)));
            Severity? severity = (value as YamlScalarNode)?.Value?.ToLowerInvariant() switch
            {
                "error" => Severity.Error,
                "warning" => Severity.Warning,
                "info" => Severity.Info,
                _ => null,
            };
            if (severity == null) Error(value, $"severity of \"{word}\" must be error, warning or info");
            else Severities.Add((selector, severity.Value));
        }
    }

    private void ReadExclude(YamlNode node)
    {
        foreach (var item in ScalarList(node, "exclude"))
        {
            if (item.Value!.Length == 0)
            {
                Error(item, "empty exclude pattern");
                continue;
            }
            Excludes.Add(new PathGlob(item.Value));
        }
    }

    private void ReadSettings(YamlNode node)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map)
        {
            Error(node, "\"settings\" must be a mapping from rule id or name to that rule's settings");
            return;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var rule = (keyNode as YamlScalarNode)?.Value ?? "";
            var selector = new RuleSelector(rule);
            if (selector.Specificity < 2)
            {
                Error(keyNode, $"settings belong to one rule: \"{rule}\" is not a rule id or name");
                continue;
            }
            SelectorsToValidate.Add((selector, Line(keyNode), Column(keyNode)));
            var values = new Dictionary<string, SettingValue>(StringComparer.Ordinal);
            if (value is YamlMappingNode settings)
            {
                foreach (var (k, v) in settings.Children)
                {
                    var name = (k as YamlScalarNode)?.Value ?? "";
                    values[name] = v switch
                    {
                        YamlScalarNode s => new SettingValue(s.Value ?? "", null, file, Line(v), Column(v)),
                        YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) =>
                            new SettingValue(null, seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(), file, Line(v), Column(v)),
                        _ => new SettingValue(null, null, file, Line(v), Column(v)),
                    };
                }
            }
            else if (!IsNull(value))
            {
                Error(value, $"settings of \"{rule}\" must be a mapping");
                continue;
            }
            Settings[rule] = (values, Line(keyNode), Column(keyNode));
        }
    }

    private void ReadGo(YamlNode node)
    {
        var text = (node as YamlScalarNode)?.Value?.Trim() ?? "";
        if (text.StartsWith("go", StringComparison.Ordinal)) text = text[2..];
        if (!GoVersionPattern().IsMatch(text))
        {
            Error(node, "\"go\" must be a Go version such as \"1.22\" (quote it so YAML keeps it a string)");
            return;
        }
        GoVersion = text;
    }

    private List<YamlScalarNode> ScalarList(YamlNode node, string what)
    {
        var result = new List<YamlScalarNode>();
        if (IsNull(node)) return result;
        if (node is YamlScalarNode single)
        {
            result.Add(single); // one word instead of a list: accepted
            return result;
        }
        if (node is not YamlSequenceNode seq)
        {
            Error(node, $"\"{what}\" must be a list");
            return result;
        }
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: not null } s) result.Add(s);
            else Error(item, $"\"{what}\" entries must be strings");
        }
        return result;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private void Error(YamlNode node, string message) => _errors.Add(new ConfigError(file, Line(node), Column(node), message));

    private static int Line(YamlNode node) => (int)node.Start.Line;
    private static int Column(YamlNode node) => (int)node.Start.Column;

    private static string Clean(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already ours.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex(@"^1\.\d+(\.\d+)?$")]
    private static partial Regex GoVersionPattern();
}
