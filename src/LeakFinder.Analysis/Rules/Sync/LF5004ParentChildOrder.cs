using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5004 between two instances of one type along a parent/child relation: a tree type T with a field `parent *T`
/// and a container of children (`children []*T`), each node built as `&amp;T{parent: s}` and appended to
/// `s.children`. One path holds a node's mutex and takes its parent's (`s.mu.Lock(); s.parent.childFinished()`, up
/// the tree), another holds a node's mutex and takes a child's (`s.mu.Lock(); for _, c := range s.children {
/// c.Recording() }`, down it): a child going up while its parent goes down each hold one lock and wait for the
/// other's (cockroachdb's span recordings). Both directions must exist; one direction alone is a lock hierarchy.
/// </summary>
public sealed partial class LF5004LockOrderInversion
{
    private static void CheckParentChildOrder(Pass pass, IReadOnlyList<LockOrderEdge> all, FunctionLookup lookup)
    {
        var ups = new Dictionary<string, List<(LockOrderEdge Edge, string Parent)>>(StringComparer.Ordinal);
        var downs = new Dictionary<string, List<(LockOrderEdge Edge, string Children)>>(StringComparer.Ordinal);
        foreach (var e in all)
        {
            if (LockPaths.OrderClass(e.Held.Path) is not { } cls || LockPaths.OrderClass(e.To) != cls || e.Held.OnEntry || e.Held.Holder != null) continue;
            if (LockPaths.IsOnceDo(e.Held.LockedAt) || LockPaths.IsOnceDo(e.Site) || e.To.ByClass || e.Held.Path.Indexes.Count > 0 || e.To.Indexes.Count > 0) continue;
            if (LockPaths.NamedOf(e.Held.Path.Root.Type) is not { Underlying: StructType } type) continue;
            // As for two mutexes of one type: a lock two or more calls down is where state keeping the orders apart hides.
            if (Depth(e, lookup) > 0 && !e.Retaken) continue;
            if (UpHop(e, type) is { } parent) Add(ups, cls, (e, parent));
            else if (DownHop(pass, e, type) is { } children) Add(downs, cls, (e, children));
        }
        foreach (var (cls, up) in ups.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            if (!downs.TryGetValue(cls, out var down)) continue;
            var found = false;
            foreach (var (u, parent) in up)
            {
                foreach (var (d, children) in down)
                {
                    var type = LockPaths.NamedOf(u.Held.Path.Root.Type)!;
                    if (!BlocksBothWays(u, d) || Gated(u, d) || !Linked(pass, type, parent, children)) continue;
                    ReportParentChild(pass, u, d, type, parent);
                    found = true;
                    break;
                }
                if (found) break;
            }
        }

        static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(value);
        }
    }

    /// <summary>Each side waits for a lock the other holds in a conflicting mode (a read lock of each side blocks only
    /// through a queued writer: left out).</summary>
    private static bool BlocksBothWays(LockOrderEdge x, LockOrderEdge y) =>
        (y.Held.Mode == LockMode.Write || x.Wanted == LockMode.Write) && (x.Held.Mode == LockMode.Write || y.Wanted == LockMode.Write);

    /// <summary>Up the tree: held `s.mu`, taken `s.parent.mu` (s of type T, parent a `*T` field of T). The parent field's name.</summary>
    private static string? UpHop(LockOrderEdge e, NamedType type)
    {
        var held = e.Held.Path;
        if (!ReferenceEquals(e.To.Root, held.Root) || held.Fields.Length == 0 || !e.To.Fields.EndsWith(held.Fields, StringComparison.Ordinal)) return null;
        var hop = e.To.Fields[..^held.Fields.Length];
        if (hop.Length < 2 || hop[0] != '.' || hop.IndexOfAny(['.', '[', '^'], 1) >= 0) return null;
        var name = hop[1..];
        var st = (StructType)type.Underlying;
        return st.Fields.Any(f => f.Name == name && f.Type.Underlying is PointerType && ReferenceEquals(LockPaths.NamedOf(f.Type), type)) ? name : null;
    }

    /// <summary>Down the tree: held `s.mu`, taken `c.mu` where c ranges over a container of `*T` reached from s
    /// (`s.children`, `s.mu.children`). The container's fields from s (".mu.children").</summary>
    private static string? DownHop(Pass pass, LockOrderEdge e, NamedType type)
    {
        var held = e.Held.Path;
        if (e.To.Fields != held.Fields || ReferenceEquals(e.To.Root, held.Root) || !ReferenceEquals(LockPaths.NamedOf(e.To.Root.Type), type)) return null;
        var child = e.To.Root;
        string? children = null;
        foreach (var fn in pass.Functions)
        {
            if (fn.Body.Pos().Value > child.Pos || child.Pos >= fn.Body.End().Value) continue;
            Walker.Inspect(fn.Body, n =>
            {
                if (children != null) return false;
                if (n is RangeStmt { Value: Ident v } r && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(v), child)
                    && LockPaths.Of(pass.Info, r.X) is { Indexes.Count: 0 } container && ReferenceEquals(container.Root, held.Root)
                    && pass.Info.TypeOf(r.X)?.Underlying is Semantics.Types.SliceType or Semantics.Types.MapType)
                    children = container.Fields;
                return true;
            });
        }
        return children;
    }

    /// <summary>Whether the package links the two ways: some function builds `&amp;T{parent: x}` into a local and
    /// appends it to (or stores it in) x's children container, so every child's parent holds it among its children.</summary>
    private static bool Linked(Pass pass, NamedType type, string parent, string children)
    {
        foreach (var fn in pass.Functions)
        {
            var built = new Dictionary<Var, Var>(ReferenceEqualityComparer.Instance); // child local -> its parent variable
            var linked = false;
            Walker.Inspect(fn.Body, n =>
            {
                if (linked) return false;
                if (n is AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a)
                {
                    if (Expr.Unparen(a.Lhs[0]) is Ident l && pass.Info.ObjectOf(l) is Var local && ParentOfLiteral(pass, a.Rhs[0], type, parent) is { } p) built[local] = p;
                    else if (LockPaths.Of(pass.Info, a.Lhs[0]) is { } target && target.Fields == children && Stored(pass, a.Rhs[0]) is { } stored
                             && built.TryGetValue(stored, out var owner) && ReferenceEquals(owner, target.Root)) linked = true;
                    else if (Expr.Unparen(a.Lhs[0]) is IndexExpr ix && LockPaths.Of(pass.Info, ix.X) is { } container && container.Fields == children
                             && Expr.Unparen(a.Rhs[0]) is Ident s && pass.Info.ObjectOf(s) is Var sv && built.TryGetValue(sv, out var owner2) && ReferenceEquals(owner2, container.Root))
                        linked = true;
                }
                return true;
            });
            if (linked) return true;
        }
        return false;
    }

    /// <summary>The parent variable of `&amp;T{parent: x}` (or `T{...}`).</summary>
    private static Var? ParentOfLiteral(Pass pass, Expr e, NamedType type, string parent)
    {
        e = Expr.Unparen(e);
        if (e is UnaryExpr { Op: Syntax.Token.And } u) e = Expr.Unparen(u.X);
        if (e is not CompositeLit lit || pass.Info.TypeOf(lit) is not { } t || !ReferenceEquals(LockPaths.NamedOf(t), type)) return null;
        foreach (var el in lit.Elts)
            if (el is KeyValueExpr { Key: Ident { } key } kv && key.Name == parent && Expr.Unparen(kv.Value) is Ident x && pass.Info.ObjectOf(x) is Var v) return v;
        return null;
    }

    /// <summary>The variable `append(xs, v)` adds.</summary>
    private static Var? Stored(Pass pass, Expr e) =>
        Expr.Unparen(e) is CallExpr { Args: [_, var last] } c && Calls.BuiltinName(pass.Info, c) == "append" && Expr.Unparen(last) is Ident id && pass.Info.ObjectOf(id) is Var v ? v : null;

    private static void ReportParentChild(Pass pass, LockOrderEdge up, LockOrderEdge down, NamedType type, string parent)
    {
        var cls = LockPaths.ClassText(up.Held.Path);
        pass.Report(up.At,
            $"lock-order inversion between a {type.Obj.Name} and its {parent}: {Who(pass, up)} takes {up.To.Text}{Through(up)} while holding {up.Held.Path.Text} (since line {pass.Line(up.Held.LockedAt)}), "
            + $"up the tree, but {Who(pass, down)} takes a child's {cls}, {down.To.Text}{Through(down)} at line {pass.Line(down.At)}, while holding {down.Held.Path.Text}, down it: "
            + $"a child going up while its {parent} goes down can each hold one and wait for the other for ever; take the locks in one direction (release the child's before calling into its {parent})",
            new RelatedLocation(pass.Span(up.Held.LockedAt), $"{up.Held.Path.Text} is locked here"),
            new RelatedLocation(pass.Span(down.Held.LockedAt), $"{Who(pass, down)} locks {down.Held.Path.Text} here"),
            new RelatedLocation(pass.Span(down.At), $"then takes the child's {down.To.Text} here{Through(down)}"));
    }
}
