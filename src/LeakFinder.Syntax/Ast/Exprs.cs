using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Syntax.Ast;

/// <summary>A placeholder for an expression containing syntax errors.</summary>
public sealed class BadExpr : Expr
{
    public required Pos From { get; init; }
    public required Pos To { get; init; }
    public override Pos Pos() => From;
    public override Pos End() => To;
    public override NodeKinds NodeKind => NodeKinds.BadExpr;
    internal override void WalkChildren(Visitor v) { }
}

/// <summary>An identifier.</summary>
public sealed class Ident : Expr
{
    public required Pos NamePos { get; init; }
    public required string Name { get; init; }
    public override Pos Pos() => NamePos;
    public override Pos End() => NamePos + Utf8.ByteLength(Name);
    public override NodeKinds NodeKind => NodeKinds.Ident;
    internal override void WalkChildren(Visitor v) { }
    public bool IsExported() => Name.Length > 0 && char.IsUpper(Name, 0);
    public override string ToString() => Name;
}

/// <summary>"..." in a parameter list (with Elt) or an array length [...]T (without).</summary>
public sealed class Ellipsis : Expr
{
    /// <summary>Position of "..." (go/ast's field Ellipsis.Ellipsis; C# forbids a member named like its type).</summary>
    public required Pos EllipsisPos { get; init; }
    public Expr? Elt { get; init; }
    public override Pos Pos() => EllipsisPos;
    public override Pos End() => Elt != null ? Elt.End() : EllipsisPos + 3;
    public override NodeKinds NodeKind => NodeKinds.Ellipsis;
    internal override void WalkChildren(Visitor v)
    {
        if (Elt != null) Walker.Walk(v, Elt);
    }
}

/// <summary>A literal of basic type; Value is the exact source text (e.g. 0x7f, 'a', "foo", `raw`).</summary>
public sealed class BasicLit : Expr
{
    public required Pos ValuePos { get; init; }
    public required Token Kind { get; init; }
    public required string Value { get; init; }
    public override Pos Pos() => ValuePos;
    public override Pos End() => ValuePos + Utf8.ByteLength(Value);
    public override NodeKinds NodeKind => NodeKinds.BasicLit;
    internal override void WalkChildren(Visitor v) { }
}

/// <summary>A function literal.</summary>
public sealed class FuncLit : Expr
{
    public required FuncType Type { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => Type.Pos();
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.FuncLit;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Type);
        Walker.Walk(v, Body);
    }
}

/// <summary>A composite literal T{...} (Type is null for elided types inside another literal).</summary>
public sealed class CompositeLit : Expr
{
    public Expr? Type { get; init; }
    public required Pos Lbrace { get; init; }
    public NodeList<Expr> Elts { get; init; }
    public required Pos Rbrace { get; init; }
    public bool Incomplete { get; init; }
    public override Pos Pos() => Type != null ? Type.Pos() : Lbrace;
    public override Pos End() => Rbrace + 1;
    public override NodeKinds NodeKind => NodeKinds.CompositeLit;
    internal override void WalkChildren(Visitor v)
    {
        if (Type != null) Walker.Walk(v, Type);
        foreach (var e in Elts.AsSpan()) Walker.Walk(v, e);
    }
}

/// <summary>A parenthesized expression or type.</summary>
public sealed class ParenExpr : Expr
{
    private readonly Expr _x = null!;

    public required Pos Lparen { get; init; }

    public required Expr X
    {
        get => _x;
        init
        {
            _x = value;
            Innermost = value is ParenExpr p ? p.Innermost : value;
        }
    }

    /// <summary>X without any further parentheses: kept so that unparenthesizing deep nests is not quadratic.</summary>
    internal Expr Innermost { get; private init; } = null!;

    public required Pos Rparen { get; init; }
    public override Pos Pos() => Lparen;
    public override Pos End() => Rparen + 1;
    public override NodeKinds NodeKind => NodeKinds.ParenExpr;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, X);
}

/// <summary>X.Sel.</summary>
public sealed class SelectorExpr : Expr
{
    public required Expr X { get; init; }
    public required Ident Sel { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Sel.End();
    public override NodeKinds NodeKind => NodeKinds.SelectorExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        Walker.Walk(v, Sel);
    }
}

/// <summary>X[Index]: an index expression or an instantiation with one type argument.</summary>
public sealed class IndexExpr : Expr
{
    public required Expr X { get; init; }
    public required Pos Lbrack { get; init; }
    public required Expr Index { get; init; }
    public required Pos Rbrack { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Rbrack + 1;
    public override NodeKinds NodeKind => NodeKinds.IndexExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        Walker.Walk(v, Index);
    }
}

/// <summary>X[I1, I2, ...]: an instantiation with several type arguments.</summary>
public sealed class IndexListExpr : Expr
{
    public required Expr X { get; init; }
    public required Pos Lbrack { get; init; }
    public NodeList<Expr> Indices { get; init; }
    public required Pos Rbrack { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Rbrack + 1;
    public override NodeKinds NodeKind => NodeKinds.IndexListExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        foreach (var i in Indices.AsSpan()) Walker.Walk(v, i);
    }
}

/// <summary>X[Low : High] or X[Low : High : Max].</summary>
public sealed class SliceExpr : Expr
{
    public required Expr X { get; init; }
    public required Pos Lbrack { get; init; }
    public Expr? Low { get; init; }
    public Expr? High { get; init; }
    public Expr? Max { get; init; }
    public bool Slice3 { get; init; }
    public required Pos Rbrack { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Rbrack + 1;
    public override NodeKinds NodeKind => NodeKinds.SliceExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        if (Low != null) Walker.Walk(v, Low);
        if (High != null) Walker.Walk(v, High);
        if (Max != null) Walker.Walk(v, Max);
    }
}

/// <summary>X.(Type); Type is null for the X.(type) of a type switch.</summary>
public sealed class TypeAssertExpr : Expr
{
    public required Expr X { get; init; }
    public required Pos Lparen { get; init; }
    public Expr? Type { get; init; }
    public required Pos Rparen { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Rparen + 1;
    public override NodeKinds NodeKind => NodeKinds.TypeAssertExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        if (Type != null) Walker.Walk(v, Type);
    }
}

/// <summary>Fun(Args...); Ellipsis is the position of a trailing "..." or NoPos.</summary>
public sealed class CallExpr : Expr
{
    public required Expr Fun { get; init; }
    public required Pos Lparen { get; init; }
    public NodeList<Expr> Args { get; init; }
    public Pos Ellipsis { get; init; }
    public required Pos Rparen { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Rparen + 1;
    public override NodeKinds NodeKind => NodeKinds.CallExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Fun);
        foreach (var a in Args.AsSpan()) Walker.Walk(v, a);
    }
}

/// <summary>*X: a pointer type or an indirection.</summary>
public sealed class StarExpr : Expr
{
    public required Pos Star { get; init; }
    public required Expr X { get; init; }
    public override Pos Pos() => Star;
    public override Pos End() => Expr.RightmostEnd(this);
    public override NodeKinds NodeKind => NodeKinds.StarExpr;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, X);
}

/// <summary>A unary expression (including ~T terms and the "range x" of a range clause while parsing).</summary>
public sealed class UnaryExpr : Expr
{
    public required Pos OpPos { get; init; }
    public required Token Op { get; init; }
    public required Expr X { get; init; }
    public override Pos Pos() => OpPos;
    public override Pos End() => Expr.RightmostEnd(this);
    public override NodeKinds NodeKind => NodeKinds.UnaryExpr;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, X);
}

/// <summary>A binary expression (including A | B unions in constraints).</summary>
public sealed class BinaryExpr : Expr
{
    public required Expr X { get; init; }
    public required Pos OpPos { get; init; }
    public required Token Op { get; init; }
    public required Expr Y { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Expr.RightmostEnd(this);
    public override NodeKinds NodeKind => NodeKinds.BinaryExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, X);
        Walker.Walk(v, Y);
    }
}

/// <summary>Key: Value in a composite literal.</summary>
public sealed class KeyValueExpr : Expr
{
    public required Expr Key { get; init; }
    public required Pos Colon { get; init; }
    public required Expr Value { get; init; }
    public override Pos Pos() => Expr.LeftmostPos(this);
    public override Pos End() => Expr.RightmostEnd(this);
    public override NodeKinds NodeKind => NodeKinds.KeyValueExpr;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Key);
        Walker.Walk(v, Value);
    }
}
