using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Keyed mutexes: methods of the package that lock or unlock a mutex their argument selects, the whole of what they
/// do to mutexes (`func (km *hashed) LockKey(id string) { km.mutexes[km.hash(id)].Lock() }`, `km.get(id).Lock()`,
/// `km.locks[id].Unlock()`), and interface methods every implementation of which in the package is one, alike
/// (kubernetes' KeyMutex). A call of one is a Lock or Unlock of the element of its receiver its argument names:
/// `c.keyMutex.LockKey(vol)` locks `c.keyMutex[vol]`, and a callee locking the same key while it is held re-locks
/// it; another key is another mutex. Only an argument that is a variable or a constant names a key; anything else,
/// and an interface with an implementation that is no keyed method, stays an ordinary call.
/// </summary>
internal sealed class KeyedLocks
{
    public static readonly KeyedLocks None = new(new TypeInfo(), new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance));

    /// <summary>A keyed method: the parameter that names the key, and the operation it makes.</summary>
    /// <summary>A keyed method: the parameter that names the key, and the operation it makes. Named: the mutex is a path
    /// the lock facts name themselves (`km.locks[id]`), which a direct call maps through the method's summary instead.</summary>
    private sealed record Keyed(int Param, bool Acquires, LockMode Mode, bool Named);

    private readonly TypeInfo _info;
    private readonly IReadOnlyDictionary<Func, FuncDecl> _declared;
    private readonly Dictionary<Func, Keyed?> _methods = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(InterfaceType, string), Keyed?> _interfaces = new();

    public KeyedLocks(TypeInfo info, IReadOnlyDictionary<Func, FuncDecl> declared)
    {
        _info = info;
        _declared = declared;
    }

    /// <summary>The lock operation a call of a keyed method is, on the element of its receiver its argument names; null
    /// for any other call.</summary>
    public LockOp? OpOf(CallExpr call, MutexAliases aliases)
    {
        if (_declared.Count == 0 || Expr.Unparen(call.Fun) is not SelectorExpr sel || !KeyedNames.Contains(sel.Sel.Name)
            || !_info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.MethodVal
            || s.Obj is not Func method || method.Signature is not { Variadic: false } sig || sig.Params.Count != call.Args.Count) return null;
        var keyed = _info.TypeOf(sel.X)?.Underlying is InterfaceType iface ? ByInterface(iface, method.Name) : s.Index.Count == 1 && KeyedMethod(method) is { Named: false } k ? k : null;
        if (keyed == null || LockPaths.Of(_info, sel.X, aliases) is not { } holder || KeyOf(call.Args[keyed.Param]) is not var (text, byVar)) return null;
        // The class: the holder's field (`attachDetachController.keyMutex[]`), or for a plain variable its type's keyed mutexes.
        var cls = holder.Class ?? (_info.TypeOf(sel.X) is { } t && LockPaths.NamedOf(t) is { } owner ? owner.Obj.Name : null);
        var element = new LockPath(holder.Root, holder.Fields + "[" + text + "]", cls == null ? null : cls + "[]", true)
            { Indexes = byVar == null ? holder.Indexes : [.. holder.Indexes, byVar] };
        return new LockOp(element, keyed.Acquires, keyed.Mode, call);
    }

    private HashSet<string>? _keyedNames;

    /// <summary>The names of the package's keyed methods: a call of any other name is no keyed lock (asked of every call,
    /// so found once, from the methods one of whose statements is a Lock or Unlock call).</summary>
    private HashSet<string> KeyedNames
    {
        get
        {
            if (_keyedNames != null) return _keyedNames;
            _keyedNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (f, decl) in _declared)
                if (decl.Recv != null && decl.Body != null && decl.Body.List.Any(st => st is ExprStmt { X: CallExpr c } && MutexOp(c) != null) && KeyedMethod(f) != null)
                    _keyedNames.Add(f.Name);
            return _keyedNames;
        }
    }

    /// <summary>How a key is spelled, and the variable it reads (null for a constant).</summary>
    private (string Text, Var? ByVar)? KeyOf(Expr arg) => Expr.Unparen(arg) switch
    {
        Ident id when _info.ObjectOf(id) is Var { IsField: false } v => (id.Name, v),
        Ident id when _info.ObjectOf(id) is Const => (id.Name, null),
        BasicLit lit => (lit.Value, null),
        _ => null,
    };

    /// <summary>The keyed operation every implementation of iface's method name in the package makes alike, at least one.</summary>
    private Keyed? ByInterface(InterfaceType iface, string name)
    {
        if (_interfaces.TryGetValue((iface, name), out var known)) return known;
        Keyed? common = null;
        foreach (var method in Implementers.MethodsOf(_info, iface, name))
        {
            if (KeyedMethod(method) is not { } keyed
                || common != null && (common.Param, common.Acquires, common.Mode) != (keyed.Param, keyed.Acquires, keyed.Mode))
            {
                common = null;
                break;
            }
            common = keyed;
        }
        return _interfaces[(iface, name)] = common;
    }

    /// <summary>
    /// Whether a method of the package is keyed: one statement of its body (not under a condition) locks or unlocks a sync
    /// mutex reached from its receiver through an expression that reads one parameter (the key: an index, a call's
    /// argument), the parameter is never assigned, and the body makes no other lock operation.
    /// </summary>
    private Keyed? KeyedMethod(Func method)
    {
        if (_methods.TryGetValue(method, out var known)) return known;
        Keyed? found = null;
        if (_declared.TryGetValue(method, out var decl) && decl.Body != null && decl.Recv?.List is [{ Names: [var recvName] }] && _info.Defs.GetValueOrDefault(recvName) is Var recv)
        {
            var parameters = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
            LockFlow.IndexParameters(_info, decl.Type, parameters);
            var ops = 0;
            _info.Nodes.Inspect(decl.Body, NodeKinds.CallExpr | NodeKinds.FuncLit | NodeKinds.AssignStmt | NodeKinds.IncDecStmt, n =>
            {
                switch (n)
                {
                    case FuncLit:
                        return false;
                    case AssignStmt a when a.Lhs.Any(l => Expr.Unparen(l) is Ident id && _info.ObjectOf(id) is Var v && (parameters.ContainsKey(v) || ReferenceEquals(v, recv))):
                    case IncDecStmt d when Expr.Unparen(d.X) is Ident did && _info.ObjectOf(did) is Var dv && parameters.ContainsKey(dv):
                        ops = int.MaxValue / 2;
                        return false;
                    case CallExpr c when MutexOp(c) is var (name, x):
                        ops++;
                        if (decl.Body.List.Any(st => st is ExprStmt { X: var e } && ReferenceEquals(Expr.Unparen(e), c)) && Reads(x, recv) && KeyRead(x, parameters) is { } param)
                            found = new Keyed(param, name is "Lock" or "RLock", name is "RLock" or "RUnlock" ? LockMode.Read : LockMode.Write, LockPaths.Of(_info, x) != null);
                        break;
                }
                return true;
            });
            if (ops != 1) found = null;
        }
        return _methods[method] = found;
    }

    /// <summary>A Lock, RLock, Unlock or RUnlock call of a sync mutex: the method's name and the mutex expression.</summary>
    private (string Name, Expr X)? MutexOp(CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Lock" or "RLock" or "Unlock" or "RUnlock" } sel
        && Calls.Callee(_info, call)?.FullName is { } full && (full.StartsWith("(*sync.Mutex).", StringComparison.Ordinal) || full.StartsWith("(*sync.RWMutex).", StringComparison.Ordinal))
            ? (sel.Sel.Name, sel.X)
            : null;

    private bool Reads(Expr x, Var v)
    {
        var found = false;
        Walker.Inspect(x, n =>
        {
            if (n is Ident id && ReferenceEquals(_info.ObjectOf(id), v)) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>The one parameter the mutex expression reads, or null (none, or several).</summary>
    private int? KeyRead(Expr x, Dictionary<Var, int> parameters)
    {
        int? key = null;
        var several = false;
        Walker.Inspect(x, n =>
        {
            if (n is Ident id && _info.ObjectOf(id) is Var v && parameters.TryGetValue(v, out var i))
            {
                several |= key != null && key != i;
                key = i;
            }
            return true;
        });
        return several ? null : key;
    }
}
