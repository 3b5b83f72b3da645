using LeakFinder.Analysis;
using System.Globalization;

namespace LeakFinder.Check.Config;

/// <summary>
/// One rule's `settings:` map, free-form in the file and read through typed accessors. A value of the wrong
/// type is a <see cref="ConfigException"/> that points at the value in the file, so a rule never guesses.
/// </summary>
public sealed class RuleSettings
{
    public static readonly RuleSettings Empty = new(new Dictionary<string, SettingValue>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, SettingValue> _values;

    internal RuleSettings(IReadOnlyDictionary<string, SettingValue> values) => _values = values;

    public IEnumerable<string> Keys => _values.Keys;
    public bool Has(string key) => _values.ContainsKey(key);

    public string? GetString(string key, string? fallback = null) =>
        _values.TryGetValue(key, out var v) ? v.Scalar ?? throw Wrong(v, key, "a string") : fallback;

    public int GetInt(string key, int fallback)
    {
        if (!_values.TryGetValue(key, out var v)) return fallback;
        if (v.Scalar != null && int.TryParse(v.Scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        throw Wrong(v, key, "an integer");
    }

    public bool GetBool(string key, bool fallback)
    {
        if (!_values.TryGetValue(key, out var v)) return fallback;
        return v.Scalar switch
        {
            "true" or "True" or "yes" or "on" => true,
            "false" or "False" or "no" or "off" => false,
            _ => throw Wrong(v, key, "true or false"),
        };
    }

    /// <summary>A list of strings; a single scalar counts as a list of one.</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        if (!_values.TryGetValue(key, out var v)) return [];
        if (v.List != null) return v.List;
        if (v.Scalar != null) return [v.Scalar];
        throw Wrong(v, key, "a list of strings");
    }

    private static ConfigException Wrong(SettingValue v, string key, string expected) =>
        new([new ConfigError(v.File, v.Line, v.Column, $"setting \"{key}\" must be {expected}")]);
}

/// <summary>A setting's value with where it was written: a scalar, a list of scalars, or something else (a map).</summary>
internal sealed record SettingValue(string? Scalar, IReadOnlyList<string>? List, string File, int Line, int Column);
