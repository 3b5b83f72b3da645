namespace LeakFinder.Syntax.Ast;

/// <summary>
/// Every AST node: go/ast.Node. Pos() is the position of the first character of the node and End() the position
/// just after it, computed exactly as go/ast's methods compute them.
/// </summary>
public abstract class Node
{
    public abstract Pos Pos();

    public abstract Pos End();

    /// <summary>Calls Walker.Walk(v, child) for each non-null child in go/ast.Walk's order.</summary>
    internal abstract void WalkChildren(Visitor v);

    /// <summary>The go/ast type name without package, e.g. "CallExpr".</summary>
    public string TypeName => GetType().Name;
}

/// <summary>An expression or type node: go/ast.Expr.</summary>
public abstract class Expr : Node;

/// <summary>A statement node: go/ast.Stmt.</summary>
public abstract class Stmt : Node;

/// <summary>A declaration node: go/ast.Decl.</summary>
public abstract class Decl : Node;

/// <summary>An ImportSpec, ValueSpec or TypeSpec: go/ast.Spec.</summary>
public abstract class Spec : Node;

/// <summary>A channel direction, as go/ast.ChanDir: Send, Recv, or both for a bidirectional channel.</summary>
[Flags]
public enum ChanDir
{
    Send = 1,
    Recv = 2,
}
