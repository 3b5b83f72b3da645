namespace LeakFinder.Syntax.Ast;

/// <summary>A placeholder for statements containing syntax errors.</summary>
public sealed class BadStmt : Stmt
{
    public required Pos From { get; init; }
    public required Pos To { get; init; }
    public override Pos Pos() => From;
    public override Pos End() => To;
    public override NodeKinds NodeKind => NodeKinds.BadStmt;
    internal override void WalkChildren(Visitor v) { }
}

/// <summary>A const, type or var declaration in a statement list.</summary>
public sealed class DeclStmt : Stmt
{
    public required Decl Decl { get; init; }
    public override Pos Pos() => Decl.Pos();
    public override Pos End() => Decl.End();
    public override NodeKinds NodeKind => NodeKinds.DeclStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Decl);
}

/// <summary>An explicit or implicit (inserted before a closing brace) semicolon.</summary>
public sealed class EmptyStmt : Stmt
{
    public required Pos Semicolon { get; init; }
    public bool Implicit { get; init; }
    public override Pos Pos() => Semicolon;
    public override Pos End() => Implicit ? Semicolon : Semicolon + 1;
    public override NodeKinds NodeKind => NodeKinds.EmptyStmt;
    internal override void WalkChildren(Visitor v) { }
}

public sealed class LabeledStmt : Stmt
{
    public required Ident Label { get; init; }
    public required Pos Colon { get; init; }
    public required Stmt Stmt { get; init; }
    public override Pos Pos() => Label.Pos();
    public override Pos End() => Stmt.End();
    public override NodeKinds NodeKind => NodeKinds.LabeledStmt;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Label);
        Walker.Walk(v, Stmt);
    }
}

public sealed class ExprStmt : Stmt
{
    public required Expr X { get; init; }
    public override Pos Pos() => X.Pos();
    public override Pos End() => X.End();
    public override NodeKinds NodeKind => NodeKinds.ExprStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, X);
}

/// <summary>Chan &lt;- Value.</summary>
public sealed class SendStmt : Stmt
{
    public required Expr Chan { get; init; }
    public required Pos Arrow { get; init; }
    public required Expr Value { get; init; }
    public override Pos Pos() => Chan.Pos();
    public override Pos End() => Value.End();
    public override NodeKinds NodeKind => NodeKinds.SendStmt;
    internal override void WalkChildren(Visitor v)
    {
        Walker.Walk(v, Chan);
        Walker.Walk(v, Value);
    }
}

public sealed class IncDecStmt : Stmt
{
    public required Expr X { get; init; }
    public required Pos TokPos { get; init; }
    public required Token Tok { get; init; }
    public override Pos Pos() => X.Pos();
    public override Pos End() => TokPos + 2;
    public override NodeKinds NodeKind => NodeKinds.IncDecStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, X);
}

/// <summary>An assignment or short variable declaration (Tok is Define).</summary>
public sealed class AssignStmt : Stmt
{
    public NodeList<Expr> Lhs { get; init; }
    public Pos TokPos { get; init; }
    public Token Tok { get; init; }
    public NodeList<Expr> Rhs { get; init; }
    public override Pos Pos() => Lhs[0].Pos();
    public override Pos End() => Rhs.Last.End();
    public override NodeKinds NodeKind => NodeKinds.AssignStmt;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var x in Lhs.AsSpan()) Walker.Walk(v, x);
        foreach (var x in Rhs.AsSpan()) Walker.Walk(v, x);
    }
}

public sealed class GoStmt : Stmt
{
    public required Pos Go { get; init; }
    public required CallExpr Call { get; init; }
    public override Pos Pos() => Go;
    public override Pos End() => Call.End();
    public override NodeKinds NodeKind => NodeKinds.GoStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Call);
}

public sealed class DeferStmt : Stmt
{
    public required Pos Defer { get; init; }
    public required CallExpr Call { get; init; }
    public override Pos Pos() => Defer;
    public override Pos End() => Call.End();
    public override NodeKinds NodeKind => NodeKinds.DeferStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Call);
}

public sealed class ReturnStmt : Stmt
{
    public required Pos Return { get; init; }
    public NodeList<Expr> Results { get; init; }
    public override Pos Pos() => Return;
    public override Pos End() => Results.Count > 0 ? Results.Last.End() : Return + 6;
    public override NodeKinds NodeKind => NodeKinds.ReturnStmt;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var x in Results.AsSpan()) Walker.Walk(v, x);
    }
}

/// <summary>break, continue, goto or fallthrough, with an optional label.</summary>
public sealed class BranchStmt : Stmt
{
    public required Pos TokPos { get; init; }
    public required Token Tok { get; init; }
    public Ident? Label { get; init; }
    public override Pos Pos() => TokPos;
    public override Pos End() => Label != null ? Label.End() : TokPos + Tok.ToGoString().Length;
    public override NodeKinds NodeKind => NodeKinds.BranchStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Label != null) Walker.Walk(v, Label);
    }
}

/// <summary>A braced statement list; Rbrace is NoPos when the closing brace is missing.</summary>
public sealed class BlockStmt : Stmt
{
    public required Pos Lbrace { get; init; }
    public NodeList<Stmt> List { get; init; }
    public Pos Rbrace { get; init; }
    public override Pos Pos() => Lbrace;
    public override Pos End()
    {
        if (Rbrace.IsValid) return Rbrace + 1;
        return List.Count > 0 ? List.Last.End() : Lbrace + 1;
    }
    public override NodeKinds NodeKind => NodeKinds.BlockStmt;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var s in List.AsSpan()) Walker.Walk(v, s);
    }
}

public sealed class IfStmt : Stmt
{
    public required Pos If { get; init; }
    public Stmt? Init { get; init; }
    public required Expr Cond { get; init; }
    public required BlockStmt Body { get; init; }
    public Stmt? Else { get; init; }
    public override Pos Pos() => If;
    public override Pos End() => Else != null ? Else.End() : Body.End();
    public override NodeKinds NodeKind => NodeKinds.IfStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Init != null) Walker.Walk(v, Init);
        Walker.Walk(v, Cond);
        Walker.Walk(v, Body);
        if (Else != null) Walker.Walk(v, Else);
    }
}

/// <summary>A case or default clause of an expression or type switch; an empty List means default.</summary>
public sealed class CaseClause : Stmt
{
    public required Pos Case { get; init; }
    public NodeList<Expr> List { get; init; }
    public required Pos Colon { get; init; }
    public NodeList<Stmt> Body { get; init; }
    public override Pos Pos() => Case;
    public override Pos End() => Body.Count > 0 ? Body.Last.End() : Colon + 1;
    public override NodeKinds NodeKind => NodeKinds.CaseClause;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var x in List.AsSpan()) Walker.Walk(v, x);
        foreach (var s in Body.AsSpan()) Walker.Walk(v, s);
    }
}

public sealed class SwitchStmt : Stmt
{
    public required Pos Switch { get; init; }
    public Stmt? Init { get; init; }
    public Expr? Tag { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => Switch;
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.SwitchStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Init != null) Walker.Walk(v, Init);
        if (Tag != null) Walker.Walk(v, Tag);
        Walker.Walk(v, Body);
    }
}

public sealed class TypeSwitchStmt : Stmt
{
    public required Pos Switch { get; init; }
    public Stmt? Init { get; init; }
    public required Stmt Assign { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => Switch;
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.TypeSwitchStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Init != null) Walker.Walk(v, Init);
        Walker.Walk(v, Assign);
        Walker.Walk(v, Body);
    }
}

/// <summary>A case or default clause of a select statement; Comm is null for default.</summary>
public sealed class CommClause : Stmt
{
    public required Pos Case { get; init; }
    public Stmt? Comm { get; init; }
    public required Pos Colon { get; init; }
    public NodeList<Stmt> Body { get; init; }
    public override Pos Pos() => Case;
    public override Pos End() => Body.Count > 0 ? Body.Last.End() : Colon + 1;
    public override NodeKinds NodeKind => NodeKinds.CommClause;
    internal override void WalkChildren(Visitor v)
    {
        if (Comm != null) Walker.Walk(v, Comm);
        foreach (var s in Body.AsSpan()) Walker.Walk(v, s);
    }
}

public sealed class SelectStmt : Stmt
{
    public required Pos Select { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => Select;
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.SelectStmt;
    internal override void WalkChildren(Visitor v) => Walker.Walk(v, Body);
}

public sealed class ForStmt : Stmt
{
    public required Pos For { get; init; }
    public Stmt? Init { get; init; }
    public Expr? Cond { get; init; }
    public Stmt? Post { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => For;
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.ForStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Init != null) Walker.Walk(v, Init);
        if (Cond != null) Walker.Walk(v, Cond);
        if (Post != null) Walker.Walk(v, Post);
        Walker.Walk(v, Body);
    }
}

/// <summary>for Key, Value := range X; TokPos is NoPos and Tok Illegal when there is no Key.</summary>
public sealed class RangeStmt : Stmt
{
    public required Pos For { get; init; }
    public Expr? Key { get; init; }
    public Expr? Value { get; init; }
    public Pos TokPos { get; init; }
    public Token Tok { get; init; }
    public required Expr X { get; init; }
    public required BlockStmt Body { get; init; }
    public override Pos Pos() => For;
    public override Pos End() => Body.End();
    public override NodeKinds NodeKind => NodeKinds.RangeStmt;
    internal override void WalkChildren(Visitor v)
    {
        if (Key != null) Walker.Walk(v, Key);
        if (Value != null) Walker.Walk(v, Value);
        Walker.Walk(v, X);
        Walker.Walk(v, Body);
    }
}
