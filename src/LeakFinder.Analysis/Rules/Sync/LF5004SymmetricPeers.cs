using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5004 for two values of one type linked to each other through a field (`a.peer, b.peer = b, a`: the two ends of a
/// pipe, two sides of a connection), when a function holding one's mutex takes its peer's (`e.mu`, then `e.peer.mu`,
/// directly or in a callee). Run on both ends at once (both closing), each holds its own mutex and waits for the
/// other's. The class-level graph cannot see it (one class); the symmetric link can.
/// </summary>
public sealed partial class LF5004LockOrderInversion
{
    private static void CheckSymmetricPeers(Pass pass, IReadOnlyList<LockOrderEdge> edges)
    {
        Dictionary<string, Node>? links = null;
        var reported = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var e in edges)
        {
            var held = e.Held.Path;
            if (e.Held.Holder != null || held.Class == null || held.Class != e.To.Class || !ReferenceEquals(held.Root, e.To.Root) || held.Indexes.Count > 0 || e.To.Indexes.Count > 0
                || e.Held.Mode == LockMode.Read && e.Wanted == LockMode.Read || reported.Contains(e.At)) continue;
            // e.peer.mu against e.mu: one field hop in front of the held mutex's own path.
            if (!e.To.Fields.EndsWith(held.Fields, StringComparison.Ordinal) || e.To.Fields.Length == held.Fields.Length) continue;
            var hop = e.To.Fields[..^held.Fields.Length];
            if (hop.LastIndexOf('.') != 0) continue;
            var owner = held.Class[..held.Class.IndexOf('.')];
            links ??= SymmetricLinks(pass);
            if (!links.TryGetValue(owner + hop, out var linked)) continue;
            reported.Add(e.At);
            var via = e.Via.Length > 0 ? $" (through {e.Via})" : "";
            pass.Report(e.At,
                $"{e.Function} takes {e.To.Text}{via} while holding {held.Text} (locked at line {pass.Line(e.Held.LockedAt)}), two mutexes of one class ({held.Class}), and the package links two {owner}s to each other through {hop[1..]} (line {pass.Line(linked)}): run on both at once, each holds its own mutex and waits for its peer's for ever; release {held.Text} before reaching the peer, or lock the two in one fixed order",
                new RelatedLocation(pass.Span(e.Held.LockedAt), $"{held.Text} is locked here"),
                new RelatedLocation(pass.Span(linked), $"the two {owner}s are linked to each other here"));
        }
    }

    /// <summary>Fields (`end.peer`) through which one function links two values to each other: `a.peer, b.peer = b, a`,
    /// `a.peer = b` with `b.peer = a`, or `b := &amp;T{peer: a}` with `a.peer = b`; with where the link is made.</summary>
    private static Dictionary<string, Node> SymmetricLinks(Pass pass)
    {
        var result = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl) continue;
            // (field class, holder key, value key) for each store of a variable into a variable's field.
            var stores = new List<(string Class, string Holder, string Value, Node At)>();
            Walker.Inspect(fn.Body, n =>
            {
                if (n is not AssignStmt a || a.Lhs.Count != a.Rhs.Count) return true;
                for (var i = 0; i < a.Lhs.Count; i++)
                {
                    if (Expr.Unparen(a.Lhs[i]) is SelectorExpr { X: var holder } sel && LockPaths.Of(pass.Info, sel) is { Class: { } cls } && Plain(pass, holder) is { } h && Plain(pass, a.Rhs[i]) is { } v)
                        stores.Add((cls, h, v, a));
                    // `b := &T{peer: a}`: b's field given a.
                    if (a.Tok == Token.Define && Expr.Unparen(a.Lhs[i]) is Ident def && Plain(pass, def) is { } defined && Literal(a.Rhs[i]) is { } lit && pass.Info.TypeOf(lit) is NamedType named)
                        foreach (var kv in lit.Elts.OfType<KeyValueExpr>())
                            if (kv.Key is Ident key && Plain(pass, kv.Value) is { } given)
                                stores.Add(((named.Origin ?? named).Obj.Name + "." + key.Name, defined, given, a));
                }
                return true;
            });
            foreach (var s in stores)
                if (s.Holder != s.Value && !result.ContainsKey(s.Class) && stores.Exists(t => t.Class == s.Class && t.Holder == s.Value && t.Value == s.Holder))
                    result[s.Class] = s.At;
        }
        return result;
    }

    /// <summary>The key of a plain local variable (not a field, not a global), or null.</summary>
    private static string? Plain(Pass pass, Expr e) =>
        Expr.Unparen(e) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v) ? $"{v.Pos}:{v.Name}" : null;

    private static CompositeLit? Literal(Expr e) => Expr.Unparen(e) switch
    {
        CompositeLit lit => lit,
        UnaryExpr { Op: Token.And, X: var x } => Expr.Unparen(x) as CompositeLit,
        _ => null,
    };
}
