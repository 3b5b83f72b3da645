using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A buffered send into a channel the same body has just made: `paf.doneCh = make(chan *PubAck, 1)` then
/// `paf.doneCh &lt;- paf.pa` (a future filled as it is made), or `w := &amp;watcher{eventChan: make(chan *Event, 100)}` then
/// `w.eventChan &lt;- ne` (the first event of a new watcher). The buffer is empty, so the send cannot wait, whoever its
/// consumers are: not when a loop around the send (and not around the make) sends again, nor after another send on it.
/// </summary>
internal static class FreshBuffers
{
    public static bool Holds(Node function, Node send)
    {
        if (send is not SendStmt s || ExprText.Path(s.Chan) is not { } chan) return false;
        var body = function switch { FuncDecl d => d.Body, FuncLit l => l.Body, _ => null };
        if (body == null) return false;
        var sendPos = s.Pos().Value;
        var dot = chan.LastIndexOf('.');
        var (owner, field) = dot > 0 ? (chan[..dot], chan[(dot + 1)..]) : (null, null);
        int? madeAt = null;
        var resent = false;
        var loops = new List<Node>();
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            switch (n)
            {
                case FuncLit:
                    return false;
                // The make must run before the send on every path: the block holding it holds the send too.
                case AssignStmt a when a.Pos().Value < sendPos && a.Lhs.Count == a.Rhs.Count && ancestors.Count > 0 && ancestors[^1].End().Value > sendPos:
                    for (var i = 0; i < a.Lhs.Count; i++)
                        if (ExprText.Path(a.Lhs[i]) is { } target && (target == chan && IsMake(a.Rhs[i]) || target == owner && MakesField(a.Rhs[i], field!)))
                            madeAt = a.Pos().Value;
                    break;
                case SendStmt other when !ReferenceEquals(other, s) && madeAt is { } m && other.Pos().Value > m && other.Pos().Value < sendPos && ExprText.Path(other.Chan) == chan:
                    resent = true;
                    break;
                case ForStmt or RangeStmt when n.Pos().Value < sendPos && n.End().Value > sendPos:
                    loops.Add(n);
                    break;
            }
            return true;
        });
        return madeAt is { } made && !resent && loops.TrueForAll(l => l.Pos().Value <= made && made < l.End().Value);
    }

    private static bool IsMake(Expr e) => Expr.Unparen(e) is CallExpr { Fun: Ident { Name: "make" } };

    /// <summary>`&amp;T{field: make(...)}` or `T{field: make(...)}`.</summary>
    private static bool MakesField(Expr e, string field)
    {
        e = Expr.Unparen(e);
        if (e is UnaryExpr { Op: Syntax.Token.And } u) e = Expr.Unparen(u.X);
        return e is CompositeLit lit && lit.Elts.Any(x => x is KeyValueExpr { Key: Ident key, Value: var v } && key.Name == field && IsMake(v));
    }
}
