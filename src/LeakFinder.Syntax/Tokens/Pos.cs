namespace LeakFinder.Syntax;

/// <summary>
/// A compact source position within a <see cref="FileSet"/>, exactly like go/token.Pos: file base plus byte
/// offset. <see cref="NoPos"/> (0) means "no position". Resolve it to a <see cref="Position"/> through the file set.
/// </summary>
public readonly struct Pos(int value) : IEquatable<Pos>, IComparable<Pos>
{
    public static readonly Pos NoPos = default;

    public int Value { get; } = value;

    public bool IsValid => Value != 0;

    public static Pos operator +(Pos p, int n) => new(p.Value + n);
    public static Pos operator -(Pos p, int n) => new(p.Value - n);
    public static int operator -(Pos p, Pos q) => p.Value - q.Value;
    public static bool operator ==(Pos p, Pos q) => p.Value == q.Value;
    public static bool operator !=(Pos p, Pos q) => p.Value != q.Value;
    public static bool operator <(Pos p, Pos q) => p.Value < q.Value;
    public static bool operator >(Pos p, Pos q) => p.Value > q.Value;
    public static bool operator <=(Pos p, Pos q) => p.Value <= q.Value;
    public static bool operator >=(Pos p, Pos q) => p.Value >= q.Value;

    public bool Equals(Pos other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Pos p && p.Value == Value;
    public override int GetHashCode() => Value;
    public int CompareTo(Pos other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A resolved source position, like go/token.Position. Columns count bytes, starting at 1.</summary>
public readonly record struct Position(string Filename, int Offset, int Line, int Column)
{
    public bool IsValid => Line > 0;

    /// <summary>file:line:column, file:line, line:column, line, file, or "-", exactly as go/token prints it.</summary>
    public override string ToString()
    {
        var s = Filename ?? "";
        if (IsValid)
        {
            if (s.Length != 0) s += ":";
            s += Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Column != 0) s += ":" + Column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return s.Length == 0 ? "-" : s;
    }
}
