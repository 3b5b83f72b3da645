using System.Numerics;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;

namespace LeakFinder.Semantics.Checking;

/// <summary>
/// Constant arithmetic for the operators Go allows on constants. Integer results are exact and wrapped to
/// the bit size of a typed integer type; anything we do not model yields Unknown (never a wrong value).
/// </summary>
internal static class ConstantFolding
{
    public static Constant Unary(Token op, Constant x, GoType type)
    {
        switch (op)
        {
            case Token.Add:
                return x;
            case Token.Sub:
                return x.Kind switch
                {
                    ConstantKind.Int => Wrap(-x.Int, type),
                    ConstantKind.Float => Constant.OfFloat(-x.Float),
                    _ => Constant.Unknown,
                };
            case Token.Xor when x.Kind == ConstantKind.Int:
                // ^x is -x-1 for signed and untyped values, and x xor all-ones for unsigned ones.
                if (type.Underlying is BasicType { Kind: >= BasicKind.Uint and <= BasicKind.Uintptr } b)
                    return Constant.OfInt((BigInteger.One << BitSize(b.Kind)) - 1 - x.Int);
                return Constant.OfInt(-x.Int - 1);
            default:
                return Constant.Unknown;
        }
    }

    public static Constant Binary(Token op, Constant x, Constant y, GoType type)
    {
        if (x.Kind == ConstantKind.String && y.Kind == ConstantKind.String && op == Token.Add)
            return Constant.Concat(x, y);
        if (x.Kind == ConstantKind.Bool && y.Kind == ConstantKind.Bool)
        {
            return op switch
            {
                Token.LAnd => Constant.OfBool(x.Bool && y.Bool),
                Token.LOr => Constant.OfBool(x.Bool || y.Bool),
                _ => Constant.Unknown,
            };
        }
        var isIntType = type.Underlying is BasicType { IsInteger: true };
        if (x.Kind == ConstantKind.Int && y.Kind == ConstantKind.Int || isIntType && x.AsInt != null && y.AsInt != null)
        {
            var a = x.AsInt!.Value;
            var b = y.AsInt!.Value;
            switch (op)
            {
                case Token.Add: return Wrap(a + b, type);
                case Token.Sub: return Wrap(a - b, type);
                case Token.Mul: return Wrap(a * b, type);
                case Token.Quo:
                    if (b.IsZero) return Constant.Unknown;
                    // Untyped integer division of constants stays integer; a float context divides exactly.
                    if (type.Underlying is BasicType { Kind: BasicKind.UntypedFloat or BasicKind.Float32 or BasicKind.Float64 })
                        return Constant.OfFloat((double)a / (double)b);
                    return Wrap(BigInteger.Divide(a, b), type);
                case Token.Rem: return b.IsZero ? Constant.Unknown : Wrap(BigInteger.Remainder(a, b), type);
                case Token.And: return Wrap(a & b, type);
                case Token.Or: return Wrap(a | b, type);
                case Token.Xor: return Wrap(a ^ b, type);
                case Token.AndNot: return Wrap(a & ~b, type);
                default: return Constant.Unknown;
            }
        }
        if (x.IsNumeric && y.IsNumeric && x.Kind != ConstantKind.Complex && y.Kind != ConstantKind.Complex)
        {
            var a = x.AsDouble;
            var b = y.AsDouble;
            return op switch
            {
                Token.Add => Constant.OfFloat(a + b),
                Token.Sub => Constant.OfFloat(a - b),
                Token.Mul => Constant.OfFloat(a * b),
                Token.Quo => b == 0 ? Constant.Unknown : Constant.OfFloat(a / b),
                _ => Constant.Unknown,
            };
        }
        return Constant.Unknown;
    }

    public static Constant Shift(Token op, Constant x, Constant y, GoType type)
    {
        if (x.AsInt is not { } a || y.AsInt is not { } s || s < 0 || s > 10000) return Constant.Unknown;
        var shift = (int)s;
        return op == Token.Shl ? Wrap(a << shift, type) : Wrap(a >> shift, type);
    }

    public static Constant? Compare(Token op, Constant x, Constant y)
    {
        int? cmp = null;
        if (x.Kind == ConstantKind.String && y.Kind == ConstantKind.String) cmp = string.CompareOrdinal(x.String, y.String);
        else if (x.Kind == ConstantKind.Int && y.Kind == ConstantKind.Int) cmp = x.Int.CompareTo(y.Int);
        else if (x.IsNumeric && y.IsNumeric && x.Kind != ConstantKind.Complex && y.Kind != ConstantKind.Complex) cmp = x.AsDouble.CompareTo(y.AsDouble);
        else if (x.Kind == ConstantKind.Bool && y.Kind == ConstantKind.Bool && op is Token.Eql or Token.Neq)
            return Constant.OfBool((x.Bool == y.Bool) == (op == Token.Eql));
        if (cmp is not { } c) return null;
        return Constant.OfBool(op switch
        {
            Token.Eql => c == 0,
            Token.Neq => c != 0,
            Token.Lss => c < 0,
            Token.Leq => c <= 0,
            Token.Gtr => c > 0,
            _ => c >= 0,
        });
    }

    /// <summary>Integer constants are exact; typed ones must fit their type (we keep the exact value, as Go rejects overflow).</summary>
    private static Constant Wrap(BigInteger v, GoType type) =>
        type.Underlying is BasicType { Kind: BasicKind.UntypedFloat or BasicKind.Float32 or BasicKind.Float64 } ? Constant.OfFloat((double)v) : Constant.OfInt(v);

    private static int BitSize(BasicKind k) => k switch
    {
        BasicKind.Uint8 => 8,
        BasicKind.Uint16 => 16,
        BasicKind.Uint32 => 32,
        _ => 64,
    };
}
