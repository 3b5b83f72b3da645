using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>The one value a local variable is given in a body: what rules that follow a local to where it came from
/// (`ch := make(chan T)`, `ctx, cancel := context.WithCancel(parent)`, `run := func() {...}`) ask before trusting it.</summary>
internal static class LocalValues
{
    /// <summary>Where v got its value and what it is.</summary>
    /// <param name="At">The assignment or spec.</param>
    /// <param name="Value">The expression on the right: v's own value when the two sides pair up, else the one
    /// multi-value call of which v takes result <paramref name="TupleIndex"/>.</param>
    /// <param name="TupleIndex">-1 when the sides pair up (`a, b := x, y`), else v's position among the call's results.</param>
    /// <param name="AddressTaken">Whether body takes v's address (`&amp;v`), through which it may be given other values.</param>
    public readonly record struct Sole(Node At, Expr Value, int TupleIndex, bool AddressTaken)
    {
        /// <summary>v's own value when the two sides pair up, else null.</summary>
        public Expr? Paired => TupleIndex < 0 ? Value : null;
    }

    /// <summary>The one assignment or spec in body that gives v a value, when there is exactly one and it gives a
    /// value (not `var v T` alone); null otherwise.</summary>
    public static Sole? Of(TypeInfo info, Node body, Var v)
    {
        Sole? given = null;
        var assignments = 0;
        var addressTaken = false;
        void Given(Node at, int index, IReadOnlyList<Expr> names, IReadOnlyList<Expr> values)
        {
            assignments++;
            if (values.Count == names.Count) given = new Sole(at, values[index], -1, false);
            else if (values is [var tuple]) given = new Sole(at, tuple, index, false);
        }
        info.Nodes.Inspect(body, NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.UnaryExpr, n =>
        {
            switch (n)
            {
                case AssignStmt a:
                    for (var i = 0; i < a.Lhs.Count; i++)
                        if (Expr.Unparen(a.Lhs[i]) is Ident id && ReferenceEquals(info.ObjectOf(id), v)) Given(a, i, a.Lhs, a.Rhs);
                    break;
                case ValueSpec vs:
                    for (var i = 0; i < vs.Names.Count; i++)
                        if (ReferenceEquals(info.ObjectOf(vs.Names[i]), v))
                        {
                            if (vs.Values.Count == 0) assignments++; // `var v T` then assigned: two values
                            else Given(vs, i, vs.Names, vs.Values);
                        }
                    break;
                case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is Ident addressed && ReferenceEquals(info.ObjectOf(addressed), v):
                    addressTaken = true;
                    break;
            }
            return true;
        });
        return assignments == 1 && given is { } g ? g with { AddressTaken = addressTaken } : null;
    }
}
