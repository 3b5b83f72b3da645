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

    /// <summary>The node's type as one bit of <see cref="NodeKinds"/>.</summary>
    public abstract NodeKinds NodeKind { get; }

    /// <summary>The go/ast type name without package, e.g. "CallExpr".</summary>
    public string TypeName => GetType().Name;
}

/// <summary>An expression or type node: go/ast.Expr.</summary>
public abstract class Expr : Node
{
    /// <summary>The expression inside any parentheses, as go/ast's Unparen: `((x))` gives `x`. Constant time, however
    /// deep the nest (each ParenExpr keeps its innermost operand). The one Unparen of LeakFinder.</summary>
    public static Expr Unparen(Expr x) => x is ParenExpr p ? p.Innermost : x;

    // Pos() and End() of left- and right-nested expressions (a+b+c+..., x.f.g..., -*-*x) are computed by loops
    // rather than recursion, so that a very long chain cannot exhaust the stack.

    internal static Pos LeftmostPos(Expr x)
    {
        while (true)
        {
            switch (x)
            {
                case BinaryExpr b: x = b.X; break;
                case SelectorExpr s: x = s.X; break;
                case CallExpr c: x = c.Fun; break;
                case IndexExpr i: x = i.X; break;
                case IndexListExpr l: x = l.X; break;
                case SliceExpr s: x = s.X; break;
                case TypeAssertExpr t: x = t.X; break;
                case KeyValueExpr k: x = k.Key; break;
                case CompositeLit { Type: { } t }: x = t; break;
                default: return x.Pos();
            }
        }
    }

    internal static Pos RightmostEnd(Expr x)
    {
        while (true)
        {
            switch (x)
            {
                case BinaryExpr b: x = b.Y; break;
                case UnaryExpr u: x = u.X; break;
                case StarExpr s: x = s.X; break;
                case KeyValueExpr k: x = k.Value; break;
                case SelectorExpr s: x = s.Sel; break;
                case ArrayType a: x = a.Elt; break;
                case MapType m: x = m.Value; break;
                case ChanType c: x = c.Value; break;
                case Ellipsis { Elt: { } e }: x = e; break;
                default: return x.End();
            }
        }
    }
}

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
