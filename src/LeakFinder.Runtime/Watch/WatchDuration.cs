using System.Globalization;

namespace LeakFinder.Runtime.Watch;

/// <summary>Durations as `watch` takes them on the command line: 200ms, 10s, 10m, 2h, 7d (one number, one unit).</summary>
public static class WatchDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.')) split++;
        if (split == 0 || !double.TryParse(s[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return false;
        double? ms = s[split..] switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            "d" => n * 86_400_000,
            _ => null,
        };
        if (ms is not { } m || m <= 0 || m > TimeSpan.MaxValue.TotalMilliseconds / 2) return false;
        value = TimeSpan.FromMilliseconds(m);
        return true;
    }

    public static TimeSpan Parse(string text, string what) =>
        TryParse(text, out var v) ? v : throw new Input.InputException($"{what}: '{text}' is no duration (examples: 200ms, 10s, 10m, 2h, 7d)");

    public static string Format(TimeSpan t) =>
        t.TotalSeconds < 1 ? $"{t.TotalMilliseconds:0} ms" : t.TotalMinutes < 2 ? $"{t.TotalSeconds:0.#} s" : t.TotalHours < 2 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalHours:0.#} h";
}
