using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// Channel fields wired to each other by a constructor: `in := make(chan M)` handed to one type as its `sendc` and to
/// another as its `in` (`&amp;transport{in: in}`, `&amp;node{sendc: in}`) makes the two fields one channel, so a loop sending
/// on `n.sendc` is served by the loop receiving `t.in`. Fields join a group only when every value any of them is
/// given in the package is such an unbuffered local, used for nothing but these stores.
/// </summary>
public sealed partial class LF1012LoopsSendToEachOther
{
    private sealed class Wiring
    {
        public readonly Dictionary<string, string> Root = new(StringComparer.Ordinal);
        public readonly HashSet<string> Spoiled = new(StringComparer.Ordinal);

        public string Find(string c)
        {
            while (Root.TryGetValue(c, out var up) && up != c) c = up;
            return c;
        }

        public void Union(string a, string b)
        {
            Root.TryAdd(a, a);
            Root.TryAdd(b, b);
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb) Root[rb] = ra;
        }

        /// <summary>The other classes wired to this one, when its group is sound; empty otherwise.</summary>
        public List<string> Peers(string cls)
        {
            if (!Root.ContainsKey(cls)) return [];
            var group = Root.Keys.Where(c => Find(c) == Find(cls)).ToList();
            return group.Any(Spoiled.Contains) ? [] : group.Where(c => c != cls).ToList();
        }
    }

    private static Wiring WiredChannels(Pass pass)
    {
        var wiring = new Wiring();
        var stores = new List<(string Class, Expr Value, FunctionBody Fn)>();
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt, n =>
            {
                if (n is CompositeLit lit && pass.Info.TypeOf(lit) is Semantics.Types.NamedType { Underlying: Semantics.Types.StructType } named)
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && pass.Info.TypeOf(kv.Value)?.Underlying is ChanType)
                            stores.Add(((named.Origin ?? named).Obj.Name + "." + key.Name, kv.Value, fn));
                if (n is AssignStmt a && a.Lhs.Count == a.Rhs.Count)
                    for (var i = 0; i < a.Lhs.Count; i++)
                        if (pass.Info.TypeOf(a.Lhs[i])?.Underlying is ChanType && LockPaths.Of(pass.Info, a.Lhs[i]) is { Class: { } cls } && Expr.Unparen(a.Lhs[i]) is SelectorExpr)
                            stores.Add((cls, a.Rhs[i], fn));
                return true;
            });
        }
        // A local made unbuffered and used only to fill fields joins those fields.
        var byLocal = new Dictionary<Semantics.Types.Var, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (cls, value, fn) in stores)
        {
            if (Expr.Unparen(value) is Ident id && pass.Info.ObjectOf(id) is Semantics.Types.Var v && !v.IsField
                && Channels.UnbufferedMake(pass, fn.Body, v) != null && OnlyStored(pass, fn.Body, v))
                (byLocal.TryGetValue(v, out var l) ? l : byLocal[v] = []).Add(cls);
        }
        foreach (var classes in byLocal.Values)
            for (var i = 1; i < classes.Count; i++) wiring.Union(classes[0], classes[i]);
        // Any other value given to a wired field (a make of its own, a parameter) spoils its group.
        foreach (var (cls, value, fn) in stores)
            if (wiring.Root.ContainsKey(cls) && !(Expr.Unparen(value) is Ident id && pass.Info.ObjectOf(id) is Semantics.Types.Var v && byLocal.ContainsKey(v)))
                wiring.Spoiled.Add(cls);
        return wiring;
    }

    /// <summary>Whether every use of the local after its definition stores it into a field (a literal's element or the
    /// right side of a field assignment).</summary>
    private static bool OnlyStored(Pass pass, BlockStmt body, Semantics.Types.Var v)
    {
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), v)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            ok = parent switch
            {
                AssignStmt { Tok: Token.Define } a when a.Lhs.Any(l => ReferenceEquals(l, id)) => true,
                KeyValueExpr kv when ReferenceEquals(kv.Value, id) => true,
                AssignStmt a when a.Rhs.Any(r => ReferenceEquals(r, id)) && a.Lhs.All(l => Expr.Unparen(l) is SelectorExpr) => true,
                _ => false,
            };
            return false;
        });
        return ok;
    }
}
