using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The local variables of one function body that only ever hold function literals and are only called
/// (`cleanup := func() { resp.Body.Close() }` ... `defer cleanup()`): what such a literal does to a value it
/// mentions happens where the variable is called, not where the literal is written. A variable that is
/// passed, stored, compared, or mentioned inside another literal may run anywhere, so it is left out and its
/// literals stay captures.
/// </summary>
public sealed class LocalClosures
{
    private readonly Dictionary<GoObject, List<FuncLit>> _literals = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<FuncLit> _bound = new(ReferenceEqualityComparer.Instance);

    private LocalClosures() { }

    public static readonly LocalClosures None = new();

    public bool IsEmpty => _literals.Count == 0;

    /// <summary>Whether the literal is the value of one of these variables.</summary>
    public bool IsBound(FuncLit lit) => _bound.Contains(lit);

    /// <summary>The literals the variable a call calls may hold (every one assigned to it), or null when the
    /// call's function is no such variable.</summary>
    public IReadOnlyList<FuncLit>? LiteralsCalledBy(TypeInfo info, CallExpr call) =>
        Expr.Unparen(call.Fun) is Ident id && info.ObjectOf(id) is { } v && _literals.TryGetValue(v, out var lits) ? lits : null;

    public IEnumerable<KeyValuePair<GoObject, List<FuncLit>>> Variables => _literals;

    public static LocalClosures Find(BlockStmt body, TypeInfo info)
    {
        var found = new Dictionary<GoObject, List<FuncLit>>(ReferenceEqualityComparer.Instance);
        var invalid = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        info.Nodes.Inspect(body, NodeKinds.Ident, (n, above) =>
        {
            if (n is Ident id && info.ObjectOf(id) is Var { IsField: false } v && v.Type.Underlying is SignatureType
                && v.Pos >= body.Pos().Value && v.Pos < body.End().Value)
            {
                var anc = above.ToList();
                FuncLit? lit = null;
                var ok = !anc.Exists(a => a is FuncLit);
                if (ok) lit = AssignedLiteral(anc, id, out ok, info.Defs.ContainsKey(id));
                if (ok && (lit != null || IsCalled(anc, id) || IsBareDeclaration(anc)))
                {
                    if (lit != null) (found.TryGetValue(v, out var l) ? l : found[v] = []).Add(lit);
                }
                else invalid.Add(v);
            }
            return true;
        });
        var result = new LocalClosures();
        foreach (var (v, lits) in found)
        {
            if (invalid.Contains(v)) continue;
            result._literals[v] = lits;
            foreach (var l in lits) result._bound.Add(l);
        }
        return result;
    }

    /// <summary>The literal assigned to <paramref name="id"/> when it is an assignment's or declaration's
    /// left-hand side (ok), null and not ok when it is assigned anything else.</summary>
    private static FuncLit? AssignedLiteral(List<Node> anc, Ident id, out bool ok, bool isDef)
    {
        ok = true;
        if (anc.Count == 0) return null;
        switch (anc[^1])
        {
            case AssignStmt { Tok: Token.Define or Token.Assign } a when a.Lhs.IndexOf(id) is var i and >= 0:
                ok = a.Lhs.Count == a.Rhs.Count && Expr.Unparen(a.Rhs[i]) is FuncLit;
                return ok ? (FuncLit)Expr.Unparen(a.Rhs[i]) : null;
            case ValueSpec vs when isDef:
                var j = 0;
                while (j < vs.Names.Count && !ReferenceEquals(vs.Names[j], id)) j++;
                if (vs.Values.Count == 0) return null;
                ok = vs.Values.Count == vs.Names.Count && Expr.Unparen(vs.Values[j]) is FuncLit;
                return ok ? (FuncLit)Expr.Unparen(vs.Values[j]) : null;
            default:
                // Any other definition (a parameter, a range variable) binds values we do not see.
                ok = !isDef;
                return null;
        }
    }

    private static bool IsBareDeclaration(List<Node> anc) => anc.Count > 0 && anc[^1] is ValueSpec { Values.Count: 0 };

    private static bool IsCalled(List<Node> anc, Ident id)
    {
        Expr node = id;
        var k = anc.Count - 1;
        while (k >= 0 && anc[k] is ParenExpr p)
        {
            node = p;
            k--;
        }
        return k >= 0 && anc[k] is CallExpr c && ReferenceEquals(c.Fun, node);
    }

}
