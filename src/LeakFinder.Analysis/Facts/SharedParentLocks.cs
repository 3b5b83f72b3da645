using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Mutex pointer fields the nodes of a tree share with their parent: every value of a struct type T the package
/// builds either has no parent (a root, with a mutex of its own) or gets its parent's mutex pointer (`&amp;Scope{mu:
/// s.mu, parent: s}`, directly or through a constructor's parameters, `newScope(s.mu, name, s)`), and nothing assigns
/// either field afterwards. Then `x.parent.mu` is the very mutex `x.mu` is: a child holding its lock and calling into
/// its parent takes the same lock again (hierarchical scopes sharing the root's lock).
/// </summary>
internal sealed class SharedParentLocks
{
    public static readonly SharedParentLocks None = new([]);

    /// <summary>By the mutex field's class ("Scope.mu"): the type, the parent field, and whether no other struct of the
    /// package has a field of that name pointing to the type (so a path's ".parent" before ".mu" is the type's own).</summary>
    private readonly Dictionary<string, (NamedType Type, string Parent, bool Unique)> _shared;

    private SharedParentLocks(Dictionary<string, (NamedType, string, bool)> shared) => _shared = shared;

    public bool IsEmpty => _shared.Count == 0;

    /// <summary>For a shared mutex field's class ("Scope.mu"), the type's name and its parent field; null for any other.</summary>
    public (string Type, string Parent)? ParentOf(string cls) => _shared.TryGetValue(cls, out var e) ? (e.Type.Obj.Name, e.Parent) : null;

    /// <summary>The path with each parent hop before the shared mutex dropped: `s.parent.mu`, `s.parent.parent.mu` are `s.mu`.</summary>
    public LockPath Collapse(LockPath p)
    {
        if (_shared.Count == 0 || p.Class is not { } cls || !_shared.TryGetValue(cls, out var entry) || p.Fields.Contains('^')) return p;
        var field = "." + cls[(cls.LastIndexOf('.') + 1)..];
        var suffix = "." + entry.Parent + field;
        while (p.Fields.EndsWith(suffix, StringComparison.Ordinal))
        {
            var prefix = p.Fields[..^suffix.Length];
            // A parent hop right off the root is the type's own when the root is one; deeper, only a unique field name says so.
            if (prefix.Length == 0 ? !ReferenceEquals(LockPaths.NamedOf(p.Root.Type), entry.Type) : !entry.Unique) break;
            p = new LockPath(p.Root, prefix + field, p.Class, true) { Indexes = p.Indexes };
        }
        return p;
    }

    public static SharedParentLocks Of(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        var bodies = functions.Where(f => f.Function is FuncDecl).ToList();
        // The struct literals of each type, with the declaration they are in; and the fields assigned outside literals.
        var literals = new List<(CompositeLit Lit, NamedType Type, FuncDecl In)>();
        var assigned = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        foreach (var fn in bodies)
            info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt | NodeKinds.UnaryExpr, n =>
            {
                switch (n)
                {
                    case CompositeLit lit when info.TypeOf(lit) is { } t && LockPaths.NamedOf(t) is { Underlying: StructType } named && t.Underlying is StructType:
                        literals.Add((lit, named, (FuncDecl)fn.Function));
                        break;
                    case AssignStmt a:
                        foreach (var lhs in a.Lhs)
                            if (Expr.Unparen(lhs) is SelectorExpr s && info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal && sel.Obj is Var f)
                                assigned.Add(f);
                        break;
                    case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is SelectorExpr s && info.Selections.TryGetValue(s, out var sel) && sel.Obj is Var f:
                        assigned.Add(f);
                        break;
                }
                return true;
            });
        if (literals.Count == 0) return None;
        var shared = new Dictionary<string, (NamedType, string, bool)>(StringComparer.Ordinal);
        foreach (var type in literals.Select(l => l.Type).Distinct())
        {
            var st = (StructType)type.Underlying;
            foreach (var mutex in st.Fields.Where(f => LockFlow.IsMutexPointer(f.Type) && !assigned.Contains(f)))
                foreach (var parent in st.Fields.Where(f => f.Type.Underlying is PointerType && ReferenceEquals(LockPaths.NamedOf(f.Type), type) && !assigned.Contains(f)))
                {
                    var withParent = 0;
                    var ok = true;
                    foreach (var (lit, t, decl) in literals)
                    {
                        if (!ReferenceEquals(t, type)) continue;
                        if (lit.Elts.Count > 0 && lit.Elts[0] is not KeyValueExpr)
                        {
                            ok = false;
                            break;
                        }
                        var m = ValueOf(lit, mutex.Name);
                        var pa = ValueOf(lit, parent.Name);
                        if (pa == null || info.IsNil(pa)) continue;
                        withParent++;
                        if (m == null || !FromParent(info, bodies, decl, m, pa, mutex, 0))
                        {
                            ok = false;
                            break;
                        }
                    }
                    if (!ok || withParent == 0) continue;
                    var unique = info.Defs.Values.OfType<Var>().Count(v => v.IsField && v.Name == parent.Name && v.Type.Underlying is PointerType
                                                                           && ReferenceEquals(LockPaths.NamedOf(v.Type), type)) == 1;
                    shared[type.Obj.Name + "." + mutex.Name] = (type, parent.Name, unique);
                    break;
                }
        }
        return shared.Count == 0 ? None : new SharedParentLocks(shared);
    }

    private static Expr? ValueOf(CompositeLit lit, string field) =>
        lit.Elts.OfType<KeyValueExpr>().FirstOrDefault(kv => kv.Key is Ident k && k.Name == field)?.Value;

    /// <summary>
    /// Whether a literal's mutex value is its parent's mutex: `e.mu` with the parent `e`, or, in a constructor, its
    /// parameters (never assigned) that every call of it in the package fills that way or with a nil parent; the
    /// constructor used in no other way.
    /// </summary>
    private static bool FromParent(TypeInfo info, List<FunctionBody> bodies, FuncDecl decl, Expr mutexValue, Expr parentValue, Var mutexField, int depth)
    {
        if (Expr.Unparen(mutexValue) is SelectorExpr s && info.Selections.TryGetValue(s, out var sel) && ReferenceEquals(sel.Obj, mutexField)
            && LockPaths.Of(info, s.X) is { } owner && LockPaths.Of(info, parentValue) is { } parent && owner.Key == parent.Key)
            return true;
        if (depth > 1 || Param(info, decl, mutexValue) is not { } mp || Param(info, decl, parentValue) is not { } pp
            || info.Defs.GetValueOrDefault(decl.Name) is not Func ctor) return false;
        var calls = 0;
        var uses = 0;
        var ok = true;
        foreach (var fn in bodies)
        {
            Walker.Inspect(fn.Body, n =>
            {
                if (!ok) return false;
                if (n is Ident id && ReferenceEquals(info.Uses.GetValueOrDefault(id), ctor)) uses++;
                if (n is CallExpr c && ReferenceEquals(Calls.Callee(info, c), ctor) && Expr.Unparen(c.Fun) is Ident)
                {
                    calls++;
                    if (mp >= c.Args.Count || pp >= c.Args.Count) ok = false;
                    else if (!info.IsNil(c.Args[pp]) && !FromParent(info, bodies, (FuncDecl)fn.Function, c.Args[mp], c.Args[pp], mutexField, depth + 1)) ok = false;
                }
                return ok;
            });
            if (!ok) return false;
        }
        return calls > 0 && calls == uses;
    }

    /// <summary>The index of the parameter an expression names, when the body never assigns it.</summary>
    private static int? Param(TypeInfo info, FuncDecl decl, Expr e)
    {
        if (Expr.Unparen(e) is not Ident id || info.ObjectOf(id) is not Var v) return null;
        var i = 0;
        foreach (var field in decl.Type.Params.List)
            foreach (var name in field.Names)
            {
                if (ReferenceEquals(info.Defs.GetValueOrDefault(name), v))
                    return Walker.Any(decl.Body!, n => n is AssignStmt a && a.Lhs.Any(l => Expr.Unparen(l) is Ident x && ReferenceEquals(info.ObjectOf(x), v))) ? null : i;
                i++;
            }
        return null;
    }
}
