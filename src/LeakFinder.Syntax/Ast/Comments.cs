using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Syntax.Ast;

/// <summary>A single //-style or /*-style comment; Text excludes the '\n' of //-comments.</summary>
public sealed class Comment : Node
{
    public required Pos Slash { get; init; }
    public required string Text { get; init; }

    public override Pos Pos() => Slash;
    public override Pos End() => Slash + Utf8.ByteLength(Text);
    public override NodeKinds NodeKind => NodeKinds.Comment;
    internal override void WalkChildren(Visitor v) { }
}

/// <summary>A sequence of comments with no other tokens and no empty lines between them.</summary>
public sealed class CommentGroup : Node
{
    public required NodeList<Comment> List { get; init; }

    public override Pos Pos() => List[0].Pos();
    public override Pos End() => List.Last.End();

    public override NodeKinds NodeKind => NodeKinds.CommentGroup;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var c in List.AsSpan()) Walker.Walk(v, c);
    }

    /// <summary>The text of the comment group as go/ast's CommentGroup.Text() returns it.</summary>
    public string Text() => CommentText.Of(this);
}

/// <summary>
/// A field declaration in a struct, a method or embedded element in an interface, or a (type) parameter or
/// result in a signature.
/// </summary>
public sealed class Field : Node
{
    public CommentGroup? Doc { get; init; }
    public NodeList<Ident> Names { get; init; }
    public Expr? Type { get; init; }
    public BasicLit? Tag { get; init; }
    public CommentGroup? Comment { get; init; }

    public override Pos Pos()
    {
        if (Names.Count > 0) return Names[0].Pos();
        return Type?.Pos() ?? Syntax.Pos.NoPos;
    }

    public override Pos End()
    {
        if (Tag != null) return Tag.End();
        if (Type != null) return Type.End();
        if (Names.Count > 0) return Names.Last.End();
        return Syntax.Pos.NoPos;
    }

    public override NodeKinds NodeKind => NodeKinds.Field;
    internal override void WalkChildren(Visitor v)
    {
        if (Doc != null) Walker.Walk(v, Doc);
        foreach (var n in Names.AsSpan()) Walker.Walk(v, n);
        if (Type != null) Walker.Walk(v, Type);
        if (Tag != null) Walker.Walk(v, Tag);
        if (Comment != null) Walker.Walk(v, Comment);
    }
}

/// <summary>A list of Fields enclosed by parentheses, braces or brackets (Opening/Closing may be absent).</summary>
public sealed class FieldList : Node
{
    public Pos Opening { get; init; }
    public NodeList<Field> List { get; init; }
    public Pos Closing { get; init; }

    public override Pos Pos()
    {
        if (Opening.IsValid) return Opening;
        return List.Count > 0 ? List[0].Pos() : Syntax.Pos.NoPos;
    }

    public override Pos End()
    {
        if (Closing.IsValid) return Closing + 1;
        return List.Count > 0 ? List.Last.End() : Syntax.Pos.NoPos;
    }

    /// <summary>The number of parameters or struct fields (a Field with n names counts n, an embedded one 1).</summary>
    public int NumFields()
    {
        var n = 0;
        foreach (var g in List) n += Math.Max(1, g.Names.Count);
        return n;
    }

    public override NodeKinds NodeKind => NodeKinds.FieldList;
    internal override void WalkChildren(Visitor v)
    {
        foreach (var f in List.AsSpan()) Walker.Walk(v, f);
    }
}
