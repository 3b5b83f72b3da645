using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Checking;

/// <summary>An evaluated expression: how it denotes (mode), its type, and its value when constant.</summary>
internal readonly record struct Operand(OperandMode Mode, GoType Type, Constant? Value = null)
{
    public static readonly Operand Invalid = new(OperandMode.Invalid, Types.Invalid.Type);
    public static readonly Operand NoValue = new(OperandMode.NoValue, TupleType.Empty);

    public bool IsConstant => Mode == OperandMode.Constant;
    public bool IsInvalid => Mode == OperandMode.Invalid;

    public static Operand Val(GoType t) => new(OperandMode.Value, t);
    public static Operand Var(GoType t) => new(OperandMode.Variable, t);
    public static Operand Const(GoType t, Constant v) => new(OperandMode.Constant, t, v);
}
