using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ArrayType = LeakFinder.Semantics.Types.ArrayType;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Local variables that only name a mutex reached another way, so that a lock taken through one is the same
/// lock as the path it stands for: `mu := &amp;s.mu; mu.Lock()` locks s.mu, and `um, ok := l.m[url]; um.Unlock()`
/// unlocks l.m[url]. A variable counts when it is defined once from such a path (`:=`, or `var v = e`), holds a
/// pointer (a copied sync.Mutex value is another mutex), and is never assigned again nor has its address taken
/// anywhere in the package's bodies. Anything else keeps its own name, as before.
/// </summary>
public sealed class MutexAliases
{
    public static readonly MutexAliases None = new([], [], []);

    /// <summary>Classes of sync.Locker fields given only pointers to sync mutexes (`lock: &amp;sync.Mutex{}`), and of
    /// sync.Cond fields made only from one (`sync.NewCond(&amp;q.mu)`, whose L is then such a mutex): a Lock through them
    /// is a mutex's Lock.</summary>
    private IReadOnlySet<string> _lockers = new HashSet<string>();

    /// <summary>sync.Locker parameters of the package's functions to which every call in the package passes a pointer
    /// to a sync mutex (`withLock(&amp;c.mu, fn)`): a Lock through one is that mutex's, mapped to each caller's argument
    /// like a `*sync.Mutex` parameter.</summary>
    private IReadOnlySet<Var> _lockerParams = new HashSet<Var>(ReferenceEqualityComparer.Instance);

    /// <summary>Mutex pointer fields a tree's children copy from their parent (<see cref="SharedParentLocks"/>).</summary>
    private SharedParentLocks _sharedParents = SharedParentLocks.None;

    private readonly Dictionary<Var, Expr> _targets;
    private readonly HashSet<Expr> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Var, SelectorExpr> _elements;
    private readonly Dictionary<Var, Dictionary<string, Expr>> _literals;

    private MutexAliases(Dictionary<Var, Expr> targets, Dictionary<Var, SelectorExpr> elements, Dictionary<Var, Dictionary<string, Expr>> literals)
    {
        _targets = targets;
        _elements = elements;
        _literals = literals;
        foreach (var e in targets.Values) _values.Add(e);
    }

    /// <summary>The mutex a sync.Locker call's receiver stands for: a trusted Locker field (`p.lock`), or the L of a
    /// trusted Cond field (`q.cond.L`, named by the Cond's class: `Queue.cond.L`); null for any other Locker.</summary>
    public LockPath? LockerPath(TypeInfo info, Expr receiver)
    {
        if (_lockers.Count == 0 && _lockerParams.Count == 0) return null;
        receiver = Expr.Unparen(receiver);
        if (receiver is SelectorExpr { Sel.Name: "L" } l && info.TypeOf(l.X) is { } ct && CondLocks.IsCond(ct))
            return LockPaths.Of(info, l.X, this) is { Class: { } cond } c && _lockers.Contains(cond) ? c.Append(".L", cond + ".L", true) : null;
        // The Locker holds a pointer to the mutex: shared with the caller, like a `*sync.Mutex` parameter.
        if (receiver is Ident id && info.ObjectOf(id) is Var { IsField: false } v && _lockerParams.Contains(v)) return new LockPath(v, "", null, Shared: true);
        return LockPaths.Of(info, receiver, this) is { Class: { } cls } path && _lockers.Contains(cls) ? path : null;
    }

    /// <summary>Whether a parameter is a sync.Locker every call in the package gives a pointer to a sync mutex.</summary>
    public bool IsTrustedLocker(Var param) => _lockerParams.Contains(param);

    /// <summary>The path expression variable v stands for, or null.</summary>
    public Expr? TargetOf(Var v) => _targets.GetValueOrDefault(v);

    /// <summary>Whether e is the value an alias is defined from (`&amp;s.mu` in `mu := &amp;s.mu`): not a mutex handed on.</summary>
    public bool IsTarget(Expr e) => _values.Contains(e);

    /// <summary>
    /// A path through a back-pointer, in its owner's terms: `m.hub.mu`, where m is an element of `h.members` (a
    /// range variable, or `m := h.members[id]`) and `hub` is Member's only field pointing to a Hub, is `h.mu`. Objects
    /// kept in a field of their owner point back to that owner. Only for elements of another type than the owner
    /// (a tree's children are of their parent's type, and a field of that type may point anywhere); p itself otherwise.
    /// </summary>
    public LockPath Rebase(TypeInfo info, LockPath p)
    {
        // A tree's nodes sharing their root's mutex pointer: `s.parent.mu` is `s.mu` (SharedParentLocks).
        p = _sharedParents.Collapse(p);
        // Called for every field path the lock facts name: most roots are neither a literal nor an element.
        var literal = _literals.GetValueOrDefault(p.Root);
        var container = _elements.GetValueOrDefault(p.Root);
        // The owner of the container holding a value (`r^Model.runners^.fmut`, a method value bound to the model that
        // keeps r): the container's holder, when the root was taken from a container of that class; or the root itself
        // when the value is its own field of that class (`s.q^Server.q^.mu` is `s.mu`).
        if (p.Fields.IndexOf('^') is var mark and >= 0)
        {
            var close = p.Fields.IndexOf('^', mark + 1);
            if (close < 0) return p;
            var (cls, rest) = (p.Fields[(mark + 1)..close], p.Fields[(close + 1)..]);
            // The value whose field holds the root, then that field (`w^Proxy.watcher^.watcher.mu`, a method bound to
            // a proxy built with `&Proxy{watcher: w}`): the root itself. Only a field holding it directly, not an
            // element of a container field (followed by an index).
            var held = "." + cls[(cls.LastIndexOf('.') + 1)..];
            if (rest.StartsWith(held, StringComparison.Ordinal) && rest.Length > held.Length && rest[held.Length] == '.')
                return new LockPath(p.Root, p.Fields[..mark] + rest[held.Length..], p.Class, p.Shared) { Indexes = p.Indexes };
            if (mark == 0)
                return container != null && LockPaths.Of(info, container, this)?.Class == cls && LockPaths.Of(info, container.X, this) is { } holder
                    ? holder.Append(rest, p.Class, true)
                    : p;
            var own = p.Fields[..mark];
            return own.LastIndexOfAny(['.', '[']) == 0 && own[0] == '.' && LockPaths.NamedOf(p.Root.Type) is { } owner && owner.Obj.Name + own == cls
                ? new LockPath(p.Root, "", LockPaths.IsGlobal(p.Root) ? p.Root.Pkg!.Name + "." + p.Root.Name : null, p.Root.Type.Underlying is PointerType).Append(rest, p.Class, true)
                : p;
        }
        if (literal == null && container == null || p.Fields.Length < 2) return p;
        var end = p.Fields.IndexOfAny(['.', '['], 1);
        var field = end < 0 ? p.Fields[1..] : p.Fields[1..end];
        // A value built here with the pointer set (`r := &Replica{store: s}`): r.store is s.
        if (literal != null && literal.TryGetValue(field, out var value) && LockPaths.Of(info, value, this) is { Fields.Length: 0 } set)
            return set.Append(end < 0 ? "" : p.Fields[end..], p.Class, true);
        if (container == null || LockPaths.NamedOf(p.Root.Type) is not { } element || element.Underlying is not StructType st) return p;
        // The owner: the container's holder, or the value it is a field of (`s.mu.replicas`: s, a Store, holds the
        // anonymous struct mu, which holds the replicas).
        for (Expr? holder = container.X; holder != null; holder = Expr.Unparen(holder) is SelectorExpr outer && info.TypeOf(holder)?.Underlying is not PointerType ? outer.X : null)
        {
            if (info.TypeOf(holder) is not { } holderType || LockPaths.NamedOf(holderType) is not { } owner) continue;
            if (ReferenceEquals(owner, element)) return p;
            var back = st.Fields.Where(f => f.Type.Underlying is PointerType pt && ReferenceEquals(LockPaths.NamedOf(pt.Elem), owner)).ToList();
            if (back.Count == 0) continue;
            if (back is not [var only] || only.Name != field || LockPaths.Of(info, holder, this) is not { } ownerPath) return p;
            return ownerPath.Append(end < 0 ? "" : p.Fields[end..], p.Class, true);
        }
        return p;
    }

    public static MutexAliases Of(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        var candidates = new Dictionary<Var, Expr>(ReferenceEqualityComparer.Instance);
        var disqualified = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        var fresh = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        var elements = new Dictionary<Var, SelectorExpr>(ReferenceEqualityComparer.Instance);
        var literals = new Dictionary<Var, Dictionary<string, Expr>>(ReferenceEqualityComparer.Instance);
        var fieldsSet = new HashSet<(Var, string)>();
        var constructors = new Constructors(info, functions);
        void Literal(Expr name, Expr value, int index = 0)
        {
            if (name is not Ident id || info.Defs.GetValueOrDefault(id) is not Var v) return;
            if (Expr.Unparen(value) is UnaryExpr { Op: Token.And, X: CompositeLit lit })
            {
                var pointers = new Dictionary<string, Expr>(StringComparer.Ordinal);
                foreach (var el in lit.Elts)
                    if (el is KeyValueExpr { Key: Ident key } kv && info.TypeOf(kv.Value)?.Underlying is PointerType) pointers[key.Name] = kv.Value;
                if (pointers.Count > 0) literals[v] = pointers;
            }
            // Built by a function of the package that returns such a literal with its receiver or a parameter in the
            // field (`err := r.dial(m)`, returning `&memberError{reg: r}`): err.reg is the call's r.
            else if (Expr.Unparen(value) is CallExpr call && constructors.PointersSet(call, index) is { Count: > 0 } set) literals[v] = set;
        }
        void Element(Expr? name, Expr container)
        {
            if (name is Ident id && info.Defs.GetValueOrDefault(id) is Var v && v.Type.Underlying is PointerType or Semantics.Types.InterfaceType
                && Expr.Unparen(container) is SelectorExpr sel && info.Selections.TryGetValue(sel, out var fs) && fs.Kind == SelectionKind.FieldVal
                && info.TypeOf(sel)?.Underlying is MapType or SliceType or ArrayType)
                elements[v] = sel;
        }
        var storedTo = new Dictionary<Var, List<Expr>>(ReferenceEqualityComparer.Instance);
        void Candidate(Ident name, Expr value)
        {
            if (info.Defs.GetValueOrDefault(name) is Var v && !v.IsField && v.Type.Underlying is PointerType { Elem: var elem } && LockFlow.IsMutex(elem)
                && NamesPath(value))
                candidates[v] = value;
        }
        void Assigned(Expr target)
        {
            if (Expr.Unparen(target) is Ident id && !info.Defs.ContainsKey(id) && info.ObjectOf(id) is Var v) disqualified.Add(v);
        }
        foreach (var fn in functions)
        {
            // Literals are bodies of their own in the list: walk each top-level body once, literals included.
            if (fn.Function is FuncLit) continue;
            info.Nodes.Inspect(fn.Body, NodeKinds.AssignStmt | NodeKinds.RangeStmt | NodeKinds.ValueSpec | NodeKinds.IncDecStmt | NodeKinds.UnaryExpr, n =>
            {
                switch (n)
                {
                    case AssignStmt { Tok: Token.Define } a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++)
                        {
                            if (a.Lhs[i] is Ident id) Candidate(id, a.Rhs[i]);
                            if (Expr.Unparen(a.Rhs[i]) is IndexExpr ix) Element(a.Lhs[i], ix.X);
                            Literal(a.Lhs[i], a.Rhs[i]);
                        }
                        break;
                    case AssignStmt { Tok: Token.Define, Lhs: [Ident id, _], Rhs: [var value] } when Expr.Unparen(value) is IndexExpr ix:
                        Candidate(id, value);
                        Element(id, ix.X);
                        break;
                    case AssignStmt { Tok: Token.Define, Lhs.Count: > 1, Rhs: [var made] } a when Expr.Unparen(made) is CallExpr:
                        for (var i = 0; i < a.Lhs.Count; i++) Literal(a.Lhs[i], made, i);
                        break;
                    case RangeStmt { Tok: Token.Define } r:
                        Element(r.Value, r.X);
                        break;
                    case AssignStmt { Tok: Token.Assign } a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++)
                        {
                            if (Expr.Unparen(a.Lhs[i]) is SelectorExpr { X: Ident owner } set && info.ObjectOf(owner) is Var ov) fieldsSet.Add((ov, set.Sel.Name));
                            if (Expr.Unparen(a.Rhs[i]) is Ident stored && info.ObjectOf(stored) is Var sv)
                                (storedTo.TryGetValue(sv, out var into) ? into : storedTo[sv] = []).Add(a.Lhs[i]);
                            if (IsFreshMutex(info, a.Rhs[i]) && Expr.Unparen(a.Lhs[i]) is Ident fid && info.ObjectOf(fid) is Var fv) fresh.Add(fv);
                            else Assigned(a.Lhs[i]);
                        }
                        break;
                    case AssignStmt a:
                        foreach (var l in a.Lhs) Assigned(l);
                        break;
                    case ValueSpec { Values.Count: > 0 } spec when spec.Names.Count == spec.Values.Count:
                        for (var i = 0; i < spec.Names.Count; i++) Candidate(spec.Names[i], spec.Values[i]);
                        break;
                    case IncDecStmt d:
                        Assigned(d.X);
                        break;
                    case RangeStmt { Tok: Token.Assign } r:
                        if (r.Key != null) Assigned(r.Key);
                        if (r.Value != null) Assigned(r.Value);
                        break;
                    case UnaryExpr { Op: Token.And } u:
                        Assigned(u.X);
                        break;
                }
                return true;
            });
        }
        foreach (var v in disqualified)
        {
            candidates.Remove(v);
            elements.Remove(v);
            literals.Remove(v);
        }
        // A pointer field set again through the variable is no longer the literal's.
        foreach (var (v, f) in fieldsSet)
            if (literals.TryGetValue(v, out var fs)) fs.Remove(f);
        // Get or create (`l, ok := m[k]; if !ok { l = &sync.Mutex{}; m[k] = l }`): a fresh mutex stored back
        // where the definition read it is still that element.
        foreach (var v in fresh)
            if (candidates.TryGetValue(v, out var target)
                && !(LockPaths.Of(info, target) is { } read && storedTo.GetValueOrDefault(v) is { } stores && stores.Any(e => LockPaths.Of(info, e)?.Key == read.Key)))
                candidates.Remove(v);
        var lockers = TrustedLockers(info, functions);
        var lockerParams = TrustedLockerParams(info, functions as IReadOnlyList<FunctionBody> ?? functions.ToList());
        var sharedParents = SharedParentLocks.Of(info, functions);
        return candidates.Count == 0 && elements.Count == 0 && literals.Count == 0 && lockers.Count == 0 && lockerParams.Count == 0 && sharedParents.IsEmpty
            ? None : new MutexAliases(candidates, elements, literals) { _lockers = lockers, _lockerParams = lockerParams, _sharedParents = sharedParents };
    }

    /// <summary>The sync.Locker and sync.Cond fields (by class) whose every value the package gives them is a pointer to
    /// a sync mutex, or a Cond made from one. A Locker given anything else (a read locker, a no-op, a parameter) is not.</summary>
    private static HashSet<string> TrustedLockers(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        var trusted = new HashSet<string>(StringComparer.Ordinal);
        var distrusted = new HashSet<string>(StringComparer.Ordinal);
        bool MutexPointer(Expr e) => LockFlow.IsMutexPointer(info.TypeOf(e));
        void Given(string? cls, GoType? fieldType, Expr value)
        {
            if (cls == null || fieldType == null) return;
            value = Expr.Unparen(value);
            bool ok;
            if (fieldType is NamedType { Obj: { Name: "Locker", Pkg.Path: "sync" } }) ok = MutexPointer(value);
            else if (CondLocks.IsCond(fieldType))
                ok = value is CallExpr { Args: [var arg] } call && Calls.Callee(info, call)?.FullName == "sync.NewCond" && MutexPointer(arg)
                     || value is UnaryExpr { Op: Token.And, X: CompositeLit lit } && lit.Elts.OfType<KeyValueExpr>().FirstOrDefault(kv => kv.Key is Ident { Name: "L" }) is { } l && MutexPointer(l.Value);
            else return;
            (ok ? trusted : distrusted).Add(cls);
        }
        FieldValues.ForEach(info, functions as IReadOnlyList<FunctionBody> ?? functions.ToList(), _ => true, (cls, target, value, type) =>
        {
            if (target is null or SelectorExpr) Given(cls, type, value);
        });
        trusted.ExceptWith(distrusted);
        return trusted;
    }

    /// <summary>The sync.Locker parameters of the package's functions that every call of the function in the package
    /// gives a pointer to a sync mutex; a function with no call here, or named other than in a call, trusts none.</summary>
    private static HashSet<Var> TrustedLockerParams(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var result = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        Dictionary<Func, List<(int Index, Var Param)>>? lockerParams = null;
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl fd || info.Defs.GetValueOrDefault(fd.Name) is not Func f) continue;
            var ps = SummaryBuilder.ParamVars(fd, info);
            for (var i = 0; i < ps.Count; i++)
                if (ps[i] is { Type: NamedType { Obj: { Name: "Locker", Pkg.Path: "sync" } } } p)
                {
                    lockerParams ??= new(ReferenceEqualityComparer.Instance);
                    if (!lockerParams.TryGetValue(f, out var list)) lockerParams[f] = list = [];
                    list.Add((i, p));
                }
        }
        if (lockerParams == null) return result;
        var calls = new HashSet<Func>(ReferenceEqualityComparer.Instance);
        var distrusted = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        bool Visit(Node? n)
        {
            switch (n)
            {
                case CallExpr call when Calls.Callee(info, call) is { } callee && lockerParams.TryGetValue(callee, out var list):
                    calls.Add(callee);
                    foreach (var (i, p) in list)
                        if (i >= call.Args.Count || !LockFlow.IsMutexPointer(info.TypeOf(call.Args[i]))) distrusted.Add(p);
                    // The callee's name is its Fun, not a value handed on: only the arguments are walked on.
                    foreach (var a in call.Args) Walker.Inspect(a, Visit);
                    return false;
                case Ident id when info.Uses.TryGetValue(id, out var o) && o is Func used && lockerParams.TryGetValue(used, out var named):
                    foreach (var (_, p) in named) distrusted.Add(p); // a function value: called where we cannot see
                    break;
            }
            return true;
        }
        foreach (var fn in functions)
            if (fn.Function is FuncDecl) Walker.Inspect(fn.Body, Visit);
        foreach (var (f, list) in lockerParams)
            if (calls.Contains(f))
                foreach (var (_, p) in list)
                    if (!distrusted.Contains(p)) result.Add(p);
        return result;
    }

    /// <summary>`&amp;sync.Mutex{}`, `new(sync.RWMutex)`: a mutex nobody else holds yet.</summary>
    private static bool IsFreshMutex(TypeInfo info, Expr e) => Expr.Unparen(e) switch
    {
        UnaryExpr { Op: Token.And, X: CompositeLit lit } => LockFlow.IsMutex(info.TypeOf(lit)),
        CallExpr { Args: [var t] } call => Calls.BuiltinName(info, call) == "new" && LockFlow.IsMutex(info.TypeOf(t)),
        _ => false,
    };

    /// <summary>`&amp;s.mu`, `s.conn.mu` through pointers, `l.m[url]`: what <see cref="LockPaths.Of"/> can name.</summary>
    private static bool NamesPath(Expr e) => Expr.Unparen(e) switch
    {
        UnaryExpr { Op: Token.And } u => NamesPath(u.X),
        SelectorExpr s => NamesPath(s.X),
        IndexExpr ix => NamesPath(ix.X),
        Ident => true,
        _ => false,
    };
}
