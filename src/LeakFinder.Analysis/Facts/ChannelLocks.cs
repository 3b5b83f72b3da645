using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Channel fields the package uses as a mutex: made with a capacity of one (`&amp;Store{lock: make(chan struct{}, 1)}`),
/// a send takes the lock (`s.lock &lt;- struct{}{}`, its one slot filled) and a receive whose value is dropped gives it
/// back (`&lt;-s.lock`). The lock facts then treat that send as a Lock and that receive as an Unlock, so a second
/// acquire through a callee is a re-lock like a mutex's. Strict, so a signal or a one-slot queue is not taken for a
/// lock: every make of the class in the package has capacity 1, its element is an empty token (struct{}, bool, an
/// integer), the channel is named only to make it, to send on it and to receive from it dropping the value (in a
/// select case too, which is no event), never in a literal other than a deferred release, and some function takes it
/// and then gives it back (itself or through helpers that only take it or only give it back, `acquire()` and
/// `release()`), while none gives it back first and then takes it (a token handed around the other way).
/// </summary>
internal sealed class ChannelLocks
{
    public static readonly ChannelLocks None = new([], []);

    private readonly HashSet<string> _classes;
    private readonly HashSet<string> _counting;

    private ChannelLocks(HashSet<string> classes, HashSet<string> counting) => (_classes, _counting) = (classes, counting);

    /// <summary>Whether the package uses no channel as a lock (counting semaphores aside).</summary>
    public bool IsEmpty => _classes.Count == 0;

    /// <summary>Channel fields used the same way but made with room for more than one holder (`make(chan struct{},
    /// maxConcurrent)`): counting semaphores. They are no locks to the lock facts (several goroutines hold one at
    /// once); only a holder taking a second slot is judged (<see cref="IsCounting"/>).</summary>
    public bool HasCounting => _counting.Count > 0;

    public bool IsCounting(string cls) => _counting.Contains(cls);

    /// <summary>Whether the class is a channel used as a lock.</summary>
    public bool IsLock(string cls) => _classes.Contains(cls);

    /// <summary>The acquire (a send statement) or release (a receive) a node is on a channel lock, or null; the caller
    /// knows the node is no select case.</summary>
    public LockOp? OpOf(TypeInfo info, Node n, MutexAliases? aliases) => n switch
    {
        _ when _classes.Count == 0 => null,
        SendStmt send when LockPaths.Of(info, send.Chan, aliases) is { Class: { } cls } p && _classes.Contains(cls) => new LockOp(p, true, LockMode.Write, send),
        UnaryExpr { Op: Token.Arrow } recv when LockPaths.Of(info, recv.X, aliases) is { Class: { } cls } p && _classes.Contains(cls) => new LockOp(p, false, LockMode.Write, recv),
        _ => null,
    };

    /// <summary>One function's plain takes and gives of a class (by position; a deferred release at its defer), in source order.</summary>
    private sealed record Use(string Class, int Pos, bool Acquire);

    public static ChannelLocks Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        if (!HasTokenChannelField(info)) return None;
        var made = new HashSet<string>(StringComparer.Ordinal);
        var counting = new HashSet<string>(StringComparer.Ordinal); // made somewhere with a capacity other than 1
        var bad = new HashSet<string>(StringComparer.Ordinal);
        var uses = new Dictionary<FuncDecl, List<Use>>(ReferenceEqualityComparer.Instance);
        var decls = new List<(Func F, FuncDecl Decl)>();
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl decl || decl.Body == null) continue;
            if (info.Defs.GetValueOrDefault(decl.Name) is Func f) decls.Add((f, decl));
            info.Nodes.Inspect(decl.Body, NodeKinds.SelectorExpr | NodeKinds.CompositeLit, (n, parents) =>
            {
                if (n is CompositeLit lit)
                {
                    Literal(info, lit, made, counting, bad);
                    return true;
                }
                if (n is not SelectorExpr sel || !IsTokenChannel(info.TypeOf(sel)) || !info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.FieldVal
                    || LockPaths.Of(info, sel)?.Class is not { } cls) return true;
                var use = Classify(info, sel, parents, made, counting);
                if (use == null) bad.Add(cls);
                else if (use is (var pos, var acquire) && pos >= 0)
                {
                    if (!uses.TryGetValue(decl, out var list)) uses[decl] = list = [];
                    list.Add(new Use(cls, pos, acquire));
                }
                return true;
            });
        }
        var candidates = new HashSet<string>(made, StringComparer.Ordinal);
        candidates.UnionWith(counting);
        candidates.ExceptWith(bad);
        if (candidates.Count == 0) return None;
        // Helpers: functions that only take a class, or only give it back.
        var acquirers = new Dictionary<Func, string>(ReferenceEqualityComparer.Instance);
        var releasers = new Dictionary<Func, string>(ReferenceEqualityComparer.Instance);
        foreach (var (f, decl) in decls)
            if (uses.TryGetValue(decl, out var list) && list.Select(u => u.Class).Distinct().ToList() is [var only] && candidates.Contains(only))
            {
                if (list.TrueForAll(u => u.Acquire)) acquirers[f] = only;
                else if (list.TrueForAll(u => !u.Acquire)) releasers[f] = only;
            }
        var paired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, decl) in decls)
        {
            var list = uses.TryGetValue(decl, out var direct) ? new List<Use>(direct) : [];
            // A token given back before it is taken, by the function's own statements: used the other way round.
            foreach (var cls in list.Select(u => u.Class).Distinct())
                if (list.Where(u => u.Class == cls).OrderBy(u => u.Pos).ToList() is [{ Acquire: false } first, ..] all && all.Exists(u => u.Acquire && u.Pos > first.Pos))
                    candidates.Remove(cls);
            if (acquirers.Count > 0 && releasers.Count > 0)
                info.Nodes.Inspect(decl.Body!, NodeKinds.CallExpr, n =>
                {
                    if (n is CallExpr call && Calls.Callee(info, call) is { } callee)
                    {
                        if (acquirers.TryGetValue(callee, out var a)) list.Add(new Use(a, call.Pos().Value, true));
                        else if (releasers.TryGetValue(callee, out var r)) list.Add(new Use(r, call.Pos().Value, false));
                    }
                    return true;
                });
            foreach (var take in list)
                if (take.Acquire && list.Exists(u => !u.Acquire && u.Class == take.Class && u.Pos > take.Pos)) paired.Add(take.Class);
        }
        candidates.IntersectWith(paired);
        if (candidates.Count == 0) return None;
        var semaphores = new HashSet<string>(candidates.Where(counting.Contains), StringComparer.Ordinal);
        candidates.ExceptWith(semaphores);
        return new ChannelLocks(candidates, semaphores);
    }

    /// <summary>How a mention of a token channel field uses it: (position, acquire) for a plain send or a dropped
    /// receive (a deferred literal's release at its defer); (-1, _) for a make or a select case, which are allowed but
    /// no event; null for anything else.</summary>
    private static (int Pos, bool Acquire)? Classify(TypeInfo info, SelectorExpr sel, NodeIndex.Ancestors parents, HashSet<string> made, HashSet<string> counting)
    {
        var parent = parents.Up(1);
        // The innermost literal around the mention: only a deferred release literal (`defer func() { <-s.lock }()`) is allowed.
        Node? literal = null;
        var depth = 1;
        for (var up = parents.Up(1); up != null; up = parents.Up(++depth))
            if (up is FuncLit) { literal = up; break; }
        switch (parent)
        {
            case SendStmt send when ReferenceEquals(send.Chan, sel):
                if (literal != null) return null;
                return parents.Up(2) is CommClause ? (-1, true) : (send.Pos().Value, true);
            case UnaryExpr { Op: Token.Arrow } when parents.Up(2) is ExprStmt stmt:
                if (parents.Up(3) is CommClause { Comm: var comm } && ReferenceEquals(comm, stmt)) return literal == null ? (-1, false) : null;
                if (literal == null) return (stmt.Pos().Value, false);
                return parents.Up(depth + 1) is CallExpr call && ReferenceEquals(Expr.Unparen(call.Fun), literal) && parents.Up(depth + 2) is DeferStmt d
                    ? (d.Pos().Value, false) : null;
            case AssignStmt a when a.Lhs.Count == a.Rhs.Count && a.Lhs.IndexOf(sel) is var i and >= 0:
                if (literal != null || ChannelMakes.Capacity(info, a.Rhs[i]) is 0 || !ChannelMakes.IsMake(info, a.Rhs[i]) || LockPaths.Of(info, sel)?.Class is not { } cls) return null;
                (ChannelMakes.Capacity(info, a.Rhs[i]) == 1 ? made : counting).Add(cls);
                return (-1, false);
            default:
                return null;
        }
    }

    /// <summary>The token channel fields a struct literal sets: each must be a make with room (capacity 1 for a lock,
    /// another or a computed one for a counting semaphore).</summary>
    private static void Literal(TypeInfo info, CompositeLit lit, HashSet<string> made, HashSet<string> counting, HashSet<string> bad)
    {
        if (info.TypeOf(lit) is not NamedType { Underlying: StructType st } named) return;
        var owner = (named.Origin ?? named).Obj.Name;
        for (var i = 0; i < lit.Elts.Count; i++)
        {
            var (field, value) = lit.Elts[i] is KeyValueExpr { Key: Ident key } kv
                ? (st.Fields.FirstOrDefault(f => f.Name == key.Name), kv.Value)
                : (i < st.Fields.Count ? st.Fields[i] : null, lit.Elts[i]);
            if (field == null || !IsTokenChannel(field.Type)) continue;
            var capacity = ChannelMakes.Capacity(info, value);
            (!ChannelMakes.IsMake(info, value) || capacity == 0 ? bad : capacity == 1 ? made : counting).Add(owner + "." + field.Name);
        }
    }

    /// <summary>A channel of an empty token: struct{}, bool or an integer.</summary>
    private static bool IsTokenChannel(GoType? t) =>
        t?.Underlying is ChanType { Elem.Underlying: var elem }
        && (elem is StructType { Fields.Count: 0 } || elem is BasicType { Kind: BasicKind.Bool or BasicKind.Int or BasicKind.Int32 or BasicKind.Int64 or BasicKind.Uint32 or BasicKind.Uint64 or BasicKind.Uint8 });

    /// <summary>Whether the package declares a struct field of a token channel type at all (most do not: the rest is skipped).</summary>
    private static bool HasTokenChannelField(TypeInfo info)
    {
        foreach (var obj in info.Defs.Values)
            if (obj is Var { IsField: true } v && IsTokenChannel(v.Type)) return true;
        return false;
    }
}
