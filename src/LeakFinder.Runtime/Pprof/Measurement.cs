using System.Globalization;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// pprof's value formatting (internal/measurement): memory and time units scale to the largest unit the
/// value reaches; counts stay plain numbers; percentages print as pprof prints them, so our text matches
/// `go tool pprof -top` character for character.
/// </summary>
public static class Measurement
{
    private sealed record Unit(string Name, string[] Aliases, double Factor);
    private sealed record UnitType(Unit[] Units, Unit Default);

    private static readonly UnitType[] UnitTypes =
    [
        new([
            new("B", ["b", "byte"], 1), new("kB", ["kb", "kbyte", "kilobyte"], 1 << 10),
            new("MB", ["mb", "mbyte", "megabyte"], 1 << 20), new("GB", ["gb", "gbyte", "gigabyte"], 1 << 30),
            new("TB", ["tb", "tbyte", "terabyte"], 1L << 40), new("PB", ["pb", "pbyte", "petabyte"], 1L << 50),
        ], new("B", ["b", "byte"], 1)),
        new([
            new("ns", ["ns", "nanosecond"], 1), new("us", ["μs", "us", "microsecond"], 1e3),
            new("ms", ["ms", "millisecond"], 1e6), new("s", ["s", "sec", "second"], 1e9),
            new("hrs", ["hour", "hr"], 3600e9),
        ], new("s", [], 1e9)),
    ];

    /// <summary>Converts <paramref name="value"/> in <paramref name="fromUnit"/> to <paramref name="toUnit"/> ("minimum"/"auto" pick the best).</summary>
    public static (double Value, string Unit) Scale(long value, string fromUnit, string toUnit)
    {
        if (value < 0 && -value > 0)
        {
            var (v, u) = Scale(-value, fromUnit, toUnit);
            return (-v, u);
        }
        foreach (var type in UnitTypes)
        {
            var from = Sniff(type, fromUnit);
            if (from is null) continue;
            var scaled = value * from.Factor;
            if (toUnit is "minimum" or "auto")
            {
                double factor = 0;
                var name = "";
                foreach (var u in type.Units)
                    if (u.Factor >= factor && scaled / u.Factor >= 1.0) { factor = u.Factor; name = u.Name; }
                return factor == 0 ? (scaled / type.Default.Factor, type.Default.Name) : (scaled / factor, name);
            }
            var to = Sniff(type, toUnit) ?? type.Default;
            return (scaled / to.Factor, to.Name);
        }
        return toUnit is "count" or "sample" or "unit" or "minimum" or "auto" ? (value, "") : (value, toUnit);
    }

    private static Unit? Sniff(UnitType type, string unit)
    {
        unit = unit.ToLowerInvariant();
        if (unit.Length > 2 && unit.EndsWith('s')) unit = unit[..^1];
        foreach (var u in type.Units)
            if (Array.IndexOf(u.Aliases, unit) >= 0) return u;
        return null;
    }

    /// <summary>pprof's ScaledLabel: two decimals, a trailing ".00" dropped, the unit appended.</summary>
    public static string Label(long value, string fromUnit, string toUnit)
    {
        var (v, u) = Scale(value, fromUnit, toUnit);
        var text = v.ToString("F2", CultureInfo.InvariantCulture);
        if (text.EndsWith(".00")) text = text[..^3];
        return text is "0" or "-0" ? "0" : text + u;
    }

    /// <summary>The unit pprof's "minimum" output unit settles on for a report (report.selectOutputUnit).</summary>
    public static string SelectOutputUnit(IEnumerable<(long Flat, long Cum)> nodes, long total, string sampleUnit)
    {
        long min = 0;
        var any = false;
        foreach (var (flat, cum) in nodes)
        {
            any = true;
            var nodeMin = Math.Abs(flat);
            if (nodeMin == 0) nodeMin = Math.Abs(cum);
            if (nodeMin > 0 && (min == 0 || nodeMin < min)) min = nodeMin;
        }
        if (!any) return "minimum";
        var max = total;
        if (min == 0) min = max;
        var minUnit = Scale(min, sampleUnit, "minimum").Unit;
        var maxUnit = Scale(max, sampleUnit, "minimum").Unit;
        var unit = minUnit;
        if (minUnit != maxUnit && min * 100 < max) unit = Scale(100 * min, sampleUnit, "minimum").Unit;
        return unit == "" ? "minimum" : unit;
    }

    /// <summary>pprof's Percentage: "  100%" near 100, "%5.2f%%" from 1, "%5.2g%%" below.</summary>
    public static string Percentage(long value, long total)
    {
        double ratio = 0;
        if (total != 0) ratio = Math.Abs((double)value / total) * 100;
        if (ratio >= 99.95 && ratio <= 100.05) return "  100%";
        if (ratio >= 1.0) return ratio.ToString("F2", CultureInfo.InvariantCulture).PadLeft(5) + "%";
        return GoG2(ratio).PadLeft(5) + "%";
    }

    // Go's %.2g: two significant digits, exponent form (e-05) only below 1e-4, no trailing zeros.
    private static string GoG2(double x)
    {
        if (x == 0) return "0";
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(x)));
        var rounded = double.Parse(x.ToString("E1", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        exponent = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (exponent < -4 || exponent >= 2)
        {
            var mantissa = rounded / Math.Pow(10, exponent);
            var m = mantissa.ToString("0.#", CultureInfo.InvariantCulture);
            return $"{m}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        var decimals = Math.Max(0, 1 - exponent);
        return rounded.ToString("F" + decimals, CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
    }
}
