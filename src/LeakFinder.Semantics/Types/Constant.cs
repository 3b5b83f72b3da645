using System.Globalization;
using System.Numerics;

namespace LeakFinder.Semantics.Types;

public enum ConstantKind { Unknown, Bool, String, Int, Float, Complex }

/// <summary>
/// A compile-time constant's value. Integers are exact (BigInteger); floats are doubles, which is precise
/// enough for what LeakFinder needs of them (array lengths, sizes and iota arithmetic are integers).
/// </summary>
public sealed class Constant
{
    public static readonly Constant Unknown = new(ConstantKind.Unknown);
    public static readonly Constant True = new(ConstantKind.Bool) { Bool = true };
    public static readonly Constant False = new(ConstantKind.Bool) { Bool = false };

    private Constant(ConstantKind kind) => Kind = kind;

    public ConstantKind Kind { get; }
    public bool Bool { get; private init; }
    /// <summary>The value of a string constant (built on first use when it is a concatenation).</summary>
    public string String
    {
        get => _string ?? Materialize();
        private init => _string = value;
    }

    // A string constant made by + stays the pair of its operands until its text is asked for, as in
    // go/constant: folding a chain of n literals would otherwise copy O(n^2) bytes and keep every partial
    // string alive in the checker's TypeInfo (time/tzdata's zipdata.go joins 7,098 literals, 460 KB).
    private string? _string;
    private readonly Constant? _left, _right;
    public BigInteger Int { get; private init; }
    public double Float { get; private init; }

    public static Constant OfBool(bool b) => b ? True : False;

    /// <summary>`x op y` for a comparison operator, as Go evaluates it on constants; null when they do not compare.</summary>
    public static bool? Compare(LeakFinder.Syntax.Token op, Constant x, Constant y) =>
        Checking.ConstantFolding.Compare(op, x, y) is { Kind: ConstantKind.Bool } r ? r.Bool : null;
    public static Constant OfString(string s) => new(ConstantKind.String) { String = s };

    /// <summary>The string constant x + y, concatenated lazily.</summary>
    public static Constant Concat(Constant x, Constant y) => new(x, y);

    private Constant(Constant left, Constant right) : this(ConstantKind.String) => (_left, _right) = (left, right);

    // Joins the leaves left to right with an explicit stack (chains are thousands deep). Racing threads
    // compute the same text, so publishing it without a lock is safe. The operands are kept (never
    // cleared), so a thread that does not yet see the text still finds the whole tree.
    private string Materialize()
    {
        var text = new System.Text.StringBuilder();
        var pending = new Stack<Constant>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c._string != null) text.Append(c._string);
            else if (c._left != null && c._right != null)
            {
                pending.Push(c._right);
                pending.Push(c._left);
            }
        }
        var s = text.ToString();
        _string = s;
        return s;
    }
    public static Constant OfInt(BigInteger i) =>
        i >= 0 && i < SmallInts.Length ? SmallInts[(int)i] : new(ConstantKind.Int) { Int = i };

    // Constants are immutable: the small integers literals mostly are (0, 1, 8, 64...) are shared.
    private static readonly Constant[] SmallInts = Enumerable.Range(0, 1025).Select(i => new Constant(ConstantKind.Int) { Int = i }).ToArray();

    /// <summary>A decimal integer literal without sign, prefix or separators ("0", "42"), or null for any other
    /// form; spares the general parse for the common case.</summary>
    public static Constant? ParseDecimal(string text)
    {
        if (text.Length is 0 or > 18 || (text[0] == '0' && text.Length > 1)) return null;
        long v = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return null;
            v = v * 10 + (c - '0');
        }
        return OfInt(v);
    }
    public static Constant OfFloat(double f) => new(ConstantKind.Float) { Float = f };
    public static Constant OfComplex() => new(ConstantKind.Complex);

    /// <summary>A value as API records and Go literals spell it: 42, -1, 0x1F, 1.5e3, "text", true.</summary>
    public static Constant Parse(string text)
    {
        var t = text.Trim();
        if (t == "true") return True;
        if (t == "false") return False;
        if (t.Length >= 2 && t[0] == '"' && t[^1] == '"') return OfString(t[1..^1]);
        var neg = t.StartsWith('-');
        var digits = neg ? t[1..] : t;
        BigInteger value;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            BigInteger.TryParse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
            return OfInt(neg ? -value : value);
        if (BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return OfInt(neg ? -value : value);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return OfFloat(f);
        return Unknown;
    }

    public bool IsNumeric => Kind is ConstantKind.Int or ConstantKind.Float or ConstantKind.Complex;

    public double AsDouble => Kind == ConstantKind.Int ? (double)Int : Float;

    /// <summary>The value as an integer when it is one exactly (a float like 3.0 counts).</summary>
    public BigInteger? AsInt => Kind switch
    {
        ConstantKind.Int => Int,
        ConstantKind.Float when Math.Floor(Float) == Float && !double.IsInfinity(Float) => new BigInteger(Float),
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        ConstantKind.Bool => Bool ? "true" : "false",
        ConstantKind.String => TypeFormatter.GoQuote(String),
        ConstantKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        ConstantKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        ConstantKind.Complex => "(complex)",
        _ => "unknown",
    };
}
