namespace LeakFinder.Syntax.Ast;

/// <summary>A single package import; Name is null, ".", "_" or a local name.</summary>
public sealed class ImportSpec : Spec
{
    public CommentGroup? Doc { get; init; }
    public Ident? Name { get; init; }
    public required BasicLit Path { get; init; }
    public CommentGroup? Comment { get; init; }
    public Pos EndPos { get; init; }
    public override Pos Pos() => Name != null ? Name.Pos() : Path.Pos();
    public override Pos End() => EndPos.IsValid ? EndPos : Path.End();
    public override NodeKinds NodeKind => NodeKinds.ImportSpec;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        if (Name != null) Walker.Walk(v, Name);
        Walker.Walk(v, Path);
        if (Comment != null) Walker.Walk(v, Comment);
    }
}

/// <summary>A constant or variable declaration (one line of a const or var group).</summary>
public sealed class ValueSpec : Spec
{
    public CommentGroup? Doc { get; init; }
    public required NodeList<Ident> Names { get; init; }
    public Expr? Type { get; init; }
    public NodeList<Expr> Values { get; init; }
    public CommentGroup? Comment { get; init; }
    public override Pos Pos() => Names[0].Pos();
    public override Pos End()
    {
        if (Values.Count > 0) return Values.Last.End();
        if (Type != null) return Type.End();
        return Names.Last.End();
    }
    public override NodeKinds NodeKind => NodeKinds.ValueSpec;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        foreach (var n in Names.AsSpan()) Walker.Walk(v, n);
        if (Type != null) Walker.Walk(v, Type);
        foreach (var x in Values.AsSpan()) Walker.Walk(v, x);
        if (Comment != null) Walker.Walk(v, Comment);
    }
}

/// <summary>A type declaration or alias (Assign valid), possibly generic (TypeParams non-null).</summary>
public sealed class TypeSpec : Spec
{
    public CommentGroup? Doc { get; init; }
    public required Ident Name { get; init; }
    public FieldList? TypeParams { get; init; }
    public Pos Assign { get; init; }
    public required Expr Type { get; init; }
    public CommentGroup? Comment { get; init; }
    public override Pos Pos() => Name.Pos();
    public override Pos End() => Type.End();
    public override NodeKinds NodeKind => NodeKinds.TypeSpec;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        Walker.Walk(v, Name);
        if (TypeParams != null) Walker.Walk(v, TypeParams);
        Walker.Walk(v, Type);
        if (Comment != null) Walker.Walk(v, Comment);
    }
}

/// <summary>A placeholder for a declaration containing syntax errors.</summary>
public sealed class BadDecl : Decl
{
    public required Pos From { get; init; }
    public required Pos To { get; init; }
    public override Pos Pos() => From;
    public override Pos End() => To;
    public override NodeKinds NodeKind => NodeKinds.BadDecl;
    internal override void WalkChildren(Visitor v) { }
}

/// <summary>An import, const, type or var declaration, parenthesized (Lparen valid) or not.</summary>
public sealed class GenDecl : Decl
{
    public CommentGroup? Doc { get; init; }
    public required Pos TokPos { get; init; }
    public required Token Tok { get; init; }
    public Pos Lparen { get; init; }
    public NodeList<Spec> Specs { get; init; }
    public Pos Rparen { get; init; }
    public override Pos Pos() => TokPos;
    public override Pos End() => Rparen.IsValid ? Rparen + 1 : Specs[0].End();
    public override NodeKinds NodeKind => NodeKinds.GenDecl;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        foreach (var s in Specs.AsSpan()) Walker.Walk(v, s);
    }
}

/// <summary>A function or method declaration; Body is null for functions implemented outside Go.</summary>
public sealed class FuncDecl : Decl
{
    public CommentGroup? Doc { get; init; }
    public FieldList? Recv { get; init; }
    public required Ident Name { get; init; }
    public required FuncType Type { get; init; }
    public BlockStmt? Body { get; init; }
    public override Pos Pos() => Type.Pos();
    public override Pos End() => Body != null ? Body.End() : Type.End();
    public override NodeKinds NodeKind => NodeKinds.FuncDecl;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        if (Recv != null) Walker.Walk(v, Recv);
        Walker.Walk(v, Name);
        Walker.Walk(v, Type);
        if (Body != null) Walker.Walk(v, Body);
    }
}

/// <summary>
/// A Go source file. Comments holds every comment group of the file in source order; Imports every ImportSpec.
/// FileStart and FileEnd delimit the whole file (as go/ast added in Go 1.20).
/// </summary>
public sealed class File : Node
{
    public CommentGroup? Doc { get; init; }
    public Pos Package { get; init; }
    public required Ident Name { get; init; }
    public NodeList<Decl> Decls { get; init; }
    public NodeList<ImportSpec> Imports { get; init; }
    public NodeList<CommentGroup> Comments { get; init; }
    public Pos FileStart { get; init; }
    public Pos FileEnd { get; init; }
    /// <summary>Whether the parser met a labeled statement in the file (not printed: go/ast has no such field).
    /// Label passes skip the bodies of files without one, which most files are.</summary>
    public bool HasLabels { get; init; } = true;
    /// <summary>Whether the parser met a function literal in the file (not printed either): passes looking for
    /// literals skip the files without one.</summary>
    public bool HasFuncLits { get; init; } = true;
    public override Pos Pos() => Package;
    public override Pos End() => Decls.Count > 0 ? Decls.Last.End() : Name.End();
    public override NodeKinds NodeKind => NodeKinds.File;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        Walker.Walk(v, Name);
        foreach (var d in Decls.AsSpan()) Walker.Walk(v, d);
        // Comments are not walked (except via Doc): as in go/ast, their location in the tree is unknown.
    }
}
