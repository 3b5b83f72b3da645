using System.Globalization;

namespace LeakFinder.Runtime.GcTrace;

/// <summary>
/// Reads one `gc N @Ts P%: ... ms clock, ... ms cpu, X->Y->Z MB[, G MB goal][, S MB stacks][, L MB globals], N P[ (forced)]`
/// line with a cursor over the span: a gctrace log can hold millions of these, and a regex with named groups
/// costs ten times as much per line (and allocates a string per group).
/// </summary>
internal ref struct GcLineScanner(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _s = text;
    private int _i;

    public static GcCycle? TryParse(ReadOnlySpan<char> line, long lineNumber)
    {
        var c = new GcLineScanner(line);
        if (!c.Literal("gc ")) return null;
        c.Literal("#");
        if (!c.Int(out var number) || !c.Literal(" @") || !c.Double(out var at) || !c.Literal("s ") || !c.Int(out var cpu) || !c.Literal("%: ")) return null;
        var clock = c.Times(allowSlash: false);
        if (clock is null || !c.Literal(" ms clock, ")) return null;
        var cpuMs = c.Times(allowSlash: true);
        if (cpuMs is null || !c.Literal(" ms cpu, ")) return null;
        if (!c.Int(out var h0) || !c.Literal("->") || !c.Int(out var h1) || !c.Literal("->") || !c.Int(out var h2) || !c.Literal(" MB, ")) return null;
        long? goal = null, stacks = null, globals = null;
        long procs;
        while (true)
        {
            if (!c.Int(out var value)) return null;
            if (c.Literal(" P")) { procs = value; break; }
            if (c.Literal(" MB goal, ")) goal = value;
            else if (c.Literal(" MB stacks, ")) stacks = value;
            else if (c.Literal(" MB globals, ")) globals = value;
            else return null;
        }
        var forced = c.Literal(" (forced)");
        return new GcCycle
        {
            Line = lineNumber,
            Number = (int)Math.Min(int.MaxValue, number),
            AtSeconds = at,
            CpuPercent = (int)Math.Min(int.MaxValue, cpu),
            ClockMs = clock,
            CpuMs = cpuMs,
            HeapStartMB = h0,
            HeapEndMB = h1,
            LiveMB = h2,
            GoalMB = goal,
            StacksMB = stacks,
            GlobalsMB = globals,
            Procs = (int)Math.Min(int.MaxValue, procs),
            Forced = forced,
        };
    }

    private bool Literal(string literal)
    {
        if (!_s[_i..].StartsWith(literal, StringComparison.Ordinal)) return false;
        _i += literal.Length;
        return true;
    }

    private bool Int(out long value)
    {
        var start = _i;
        while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        return long.TryParse(_s[start.._i], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private bool Double(out double value)
    {
        var start = _i;
        while (_i < _s.Length && (char.IsAsciiDigit(_s[_i]) || _s[_i] == '.')) _i++;
        return double.TryParse(_s[start.._i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    // "0.030+1.2+0.004" or "0.12+0.35/1.1/2.3+0.017"
    private double[]? Times(bool allowSlash)
    {
        Span<double> buffer = stackalloc double[8];
        var n = 0;
        while (true)
        {
            if (n == buffer.Length || !Double(out buffer[n])) return null;
            n++;
            if (_i < _s.Length && (_s[_i] == '+' || (allowSlash && _s[_i] == '/'))) { _i++; continue; }
            return buffer[..n].ToArray();
        }
    }
}
