using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// A value reached from a variable through fields (mu, s.mu, s.inner.wg, &amp;mu, *p): how the sync rules name
/// a mutex or WaitGroup, so that the same one reached the same way in two places compares equal (by Key).
/// </summary>
public sealed record FieldPath(string Key, Var Root, string Text)
{
    /// <summary>The variable itself, no field.</summary>
    public bool IsVariable => Text == Root.Name;

    public static FieldPath? Of(Pass pass, Expr e)
    {
        switch (Expr.Unparen(e))
        {
            case Ident id when pass.Info.ObjectOf(id) is Var v:
                return new FieldPath($"{v.Pos}:{v.Name}", v, id.Name);
            case SelectorExpr s when Of(pass, s.X) is { } inner && pass.Info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal:
                return new FieldPath(inner.Key + "." + s.Sel.Name, inner.Root, inner.Text + "." + s.Sel.Name);
            case UnaryExpr { Op: Syntax.Token.And } u:
                return Of(pass, u.X);
            case StarExpr st:
                return Of(pass, st.X);
            default:
                return null;
        }
    }
}
