using System.Runtime.CompilerServices;

namespace LeakFinder.Syntax.Ast;

/// <summary>
/// Expressions as map keys by identity (as <see cref="ReferenceEqualityComparer"/>), hashed, for the kinds most
/// expressions are, by a position the node holds in a field (tagged by kind, so that a call and its function
/// name never share a hash) rather than by the object header's hash, a runtime call that writes the header the
/// first time. Other kinds fall back to the header hash: Pos() is computed (a loop down a left-nested chain).
/// For the type checker's Types and Selections, looked up millions of times per check.
/// </summary>
public sealed class ExprIdentity : IEqualityComparer<Expr>
{
    public static readonly ExprIdentity Instance = new();

    private ExprIdentity()
    {
    }

    public bool Equals(Expr? x, Expr? y) => ReferenceEquals(x, y);

    public int GetHashCode(Expr e) => e switch
    {
        Ident id => id.NamePos.Value * 4,
        SelectorExpr sel => sel.Sel.NamePos.Value * 4 + 1,
        CallExpr call => call.Lparen.Value * 4 + 2,
        BasicLit lit => lit.ValuePos.Value * 4 + 3,
        _ => RuntimeHelpers.GetHashCode(e),
    };
}
