namespace LeakFinder.Syntax.Ast;

/// <summary>[Len]Elt; Len is an Ellipsis for [...]T and null for slices.</summary>
public sealed class ArrayType : Expr
{
    public required Pos Lbrack { get; init; }
    public Expr? Len { get; init; }
    public required Expr Elt { get; init; }
    public override Pos Pos() => Lbrack;
    public override Pos End() => Elt.End();
    public override NodeKinds NodeKind => NodeKinds.ArrayType;
    internal override void WalkChildren(Visitor v)
    {
        if (Len != null) Walker.Walk(v, Len);
        Walker.Walk(v, Elt);
    }
}

public sealed class StructType : Expr
{
    public required Pos Struct { get; init; }
    public required FieldList Fields { get; init; }
    public bool Incomplete { get; init; }
    public override Pos Pos() => Struct;
    public override Pos End() => Fields.End();
    public override NodeKinds NodeKind => NodeKinds.StructType;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Fields);
}

/// <summary>A function signature; Func is NoPos for interface methods.</summary>
public sealed class FuncType : Expr
{
    public Pos Func { get; init; }
    public FieldList? TypeParams { get; init; }
    public required FieldList Params { get; init; }
    public FieldList? Results { get; init; }
    public override Pos Pos() => Func.IsValid || Params == null ? Func : Params.Pos();
    public override Pos End() => Results != null ? Results.End() : Params.End();
    public override NodeKinds NodeKind => NodeKinds.FuncType;
    internal override void WalkChildren(Visitor v)
    {
        if (TypeParams != null) Walker.Walk(v, TypeParams);
        if (Params != null) Walker.Walk(v, Params);
        if (Results != null) Walker.Walk(v, Results);
    }
}

public sealed class InterfaceType : Expr
{
    public required Pos Interface { get; init; }
    public required FieldList Methods { get; init; }
    public bool Incomplete { get; init; }
    public override Pos Pos() => Interface;
    public override Pos End() => Methods.End();
    public override NodeKinds NodeKind => NodeKinds.InterfaceType;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Methods);
}

public sealed class MapType : Expr
{
    public required Pos Map { get; init; }
    public required Expr Key { get; init; }
    public required Expr Value { get; init; }
    public override Pos Pos() => Map;
    public override Pos End() => Value.End();
    public override NodeKinds NodeKind => NodeKinds.MapType;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Key);
        Walker.Walk(v, Value);
    }
}

/// <summary>chan T, chan&lt;- T or &lt;-chan T; Begin is the first of "chan" and "&lt;-", Arrow NoPos if absent.</summary>
public sealed class ChanType : Expr
{
    public required Pos Begin { get; init; }
    public Pos Arrow { get; init; }
    public required ChanDir Dir { get; init; }
    public required Expr Value { get; init; }
    public override Pos Pos() => Begin;
    public override Pos End() => Value.End();
    public override NodeKinds NodeKind => NodeKinds.ChanType;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Value);
}
