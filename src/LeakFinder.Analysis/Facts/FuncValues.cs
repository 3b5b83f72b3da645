using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>One function a function value may hold: a function of the package, or a method of it bound to
/// <see cref="BoundTo"/> (the owner of the field it is stored in, "self"; or the receiver expression at the call
/// for a local variable), or a std function (no lock effects).</summary>
internal sealed record FuncTarget(Func? Callee, Expr? Receiver, bool BoundToOwner)
{
    /// <summary>For a method value bound to another value than the field's owner, which the function building it
    /// stores the owner in (`m.runners[id] = &amp;folder{onScanned: m.recordScan}`): the class of that container field
    /// (`Model.runners`). The method runs on the owner of whichever container holds the field's owner.</summary>
    public string? OwnerContainer { get; init; }

    /// <summary>For a function literal stored in a field (`r.onChange = func(n string) { r.Register(n) }`), instead of
    /// a Callee: the literal, run in place at the call.</summary>
    public StoredLiteral? Literal { get; init; }
}

/// <summary>A function literal stored in a field of Base, a plain variable, which stands inside it for the owner of
/// the call through the field; Base is null for a literal stored in a package variable or passed to a function that
/// stores it (`RegisterHook(func(s *Store) {..})`), which only its parameters tie to the call.</summary>
internal sealed record StoredLiteral(FuncLit Literal, Var? Base);

/// <summary>
/// What the package's function values hold, where that is known, so calls through them can be followed like
/// direct calls: func-typed fields (`b.onStateChange = b.regeneratePicker`, `&amp;Cache{now: time.Now}`) and local
/// variables defined once from a method value or a function and never assigned again (`detach := l.Detach`).
/// A field or variable given anything else anywhere (a literal, a parameter, a value from another package) is
/// unknown, and a call through it stays opaque. Interface-typed fields, and slices and maps of interfaces, are
/// followed the same way (<see cref="InterfaceValues"/>): a service that lists itself among its own listeners
/// runs its own method when it notifies them.
/// </summary>
internal sealed partial class FuncValues
{
    private readonly Dictionary<string, List<FuncTarget>?> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<Var, FuncTarget?> _locals = new(ReferenceEqualityComparer.Instance);
    /// <summary>Variables holding one element of a place that holds functions: ranging over a field or a package
    /// variable (`for _, f := range c.onClose`), indexing it, received from a channel of functions (`f := &lt;-n.pending`)
    /// or loaded from an atomic.Value (`h, ok := w.onChange.Load().(func())`): the place (<see cref="PlaceOf"/>).</summary>
    private readonly Dictionary<Var, Expr> _rangeElems = new(ReferenceEqualityComparer.Instance);
    private readonly InterfaceValues _interfaces;
    private readonly TypeInfo _info;

    /// <param name="packageVars">The package's top-level var specs (<see cref="PackageVars"/>): what a package variable
    /// holding functions starts with. Without them a package variable is known only when nothing initialises it.</param>
    public FuncValues(TypeInfo info, IReadOnlyList<FunctionBody> functions, IEnumerable<ValueSpec>? packageVars = null)
    {
        _info = info;
        // One walk feeds both: neither reads the other's state while the stores are gathered.
        _interfaces = new InterfaceValues(info, functions);
        WalkStores(info, functions, NodeKinds.CompositeLit | NodeKinds.UnaryExpr | NodeKinds.RangeStmt | NodeKinds.ValueSpec | NodeKinds.SendStmt | NodeKinds.CallExpr, (lhs, rhs, define) =>
        {
            _interfaces.Assigned(lhs, rhs, define);
            Assigned(lhs, rhs, define);
        }, n =>
        {
            _interfaces.Other(n);
            switch (n)
            {
                case CompositeLit lit when info.TypeOf(lit) is { } t && (t.Underlying is LeakFinder.Semantics.Types.StructType) && (t as NamedType) is { } named:
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && info.TypeOf(kv.Value)?.Underlying is SignatureType)
                        {
                            var fieldKey = (named.Origin ?? named).Obj.Name + "." + key.Name;
                            var target = Target(kv.Value, owner: null);
                            // A local variable (a constructor's parameter) waits for the end of the walk, as one stored
                            // in a field of a plain variable does; the literal is no variable, so it owns no method value.
                            if (target == null && LocalValue(kv.Value) is { } local)
                            {
                                Register(local, fieldKey, owner: null);
                                continue;
                            }
                            AddField(fieldKey, target);
                            if (target != null && BoundVariable(kv.Value) is { } bound) (_foreignBound ??= []).Add((fieldKey, target, bound, lit, null));
                        }
                        else if (e is KeyValueExpr { Key: Ident chanKey } made) ChannelInitialised(named, chanKey, made.Value);
                    break;
                case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is Ident id && info.ObjectOf(id) is Var v:
                    if (LockPaths.IsGlobal(v) && PlaceOf(id) is { } addressed) AddField(addressed, null);
                    else _locals[v] = null;
                    break;
                case RangeStmt { Value: Ident elem } r when info.Defs.GetValueOrDefault(elem) is Var ev && PlaceOf(r.X) is not null
                                                            && FuncElements(info.TypeOf(r.X)):
                    _rangeElems[ev] = Expr.Unparen(r.X);
                    break;
                // `for f := range n.work { f() }`: each function received from the channel.
                case RangeStmt { Key: Ident received } r when info.Defs.GetValueOrDefault(received) is Var rv && IsFuncChannel(info.TypeOf(r.X)) && PlaceOf(r.X) != null:
                    _rangeElems[rv] = Expr.Unparen(r.X);
                    break;
                case SendStmt send:
                    Sent(send);
                    break;
                case CallExpr call:
                    AtomicStore(call);
                    break;
            }
        }, (lhs, call, index, define) =>
        {
            _interfaces.AssignedResult(lhs, call, index, define);
            Assigned(lhs, null, define);
        });
        if (packageVars != null) InitialValues(packageVars);
        if (_registered.Count > 0 || _interfaces.Registered.Count > 0) ResolveRegistrations(functions);
        if (_foreignBound != null) ResolveForeignBound(functions);
        if (_guarded != null) CheckEscapes(functions);
    }

    /// <summary>Method values bound to a variable (Bound) other than the owner of the field they are stored in, waiting
    /// for the end of the walk: built in a literal (Literal) or stored in a field of the variable Holder.</summary>
    private List<(string Cls, FuncTarget Target, Var Bound, CompositeLit? Literal, Var? Holder)>? _foreignBound;

    /// <summary>The plain variable a method value is bound to (`m` in `m.recordScan`), or null.</summary>
    private Var? BoundVariable(Expr value) =>
        Expr.Unparen(value) is SelectorExpr sel && _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal
        && Expr.Unparen(sel.X) is Ident id && _info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v) ? v : null;

    /// <summary>
    /// A method value bound to m, stored in a value the same function then keeps in a container field of m itself
    /// (`base := folderBase{onScanned: m.recordScan}; r = &amp;folder{folderBase: base}; m.runners[id] = r`): the value's
    /// owner is held by m, so a call through the field runs the method on the owner of the container holding the
    /// field's owner (<see cref="FuncTarget.OwnerContainer"/>, which a caller that took the value from m's container
    /// maps back to m). A value that does not end up in a field of m keeps its plain target.
    /// </summary>
    private void ResolveForeignBound(IReadOnlyList<FunctionBody> functions)
    {
        foreach (var (cls, target, bound, literal, holder) in _foreignBound!)
        {
            var pos = literal?.Pos().Value ?? holder!.Pos;
            var body = functions.Where(fn => fn.Function is FuncDecl && fn.Body.Pos().Value <= pos && pos < fn.Body.End().Value).Select(fn => fn.Body).FirstOrDefault();
            if (body == null || ContainerOf(body, bound, literal, holder) is not { } container) continue;
            if (_fields.GetValueOrDefault(cls) is not { } list) continue;
            var i = list.FindIndex(t => ReferenceEquals(t, target));
            if (i >= 0) list[i] = target with { OwnerContainer = container };
        }
    }

    /// <summary>The class of the field of <paramref name="bound"/> (`m.runners`) the body stores the literal, the
    /// variable holder or the value a constructor call built, in, through local variables and the literals that hold them; null when it stores it nowhere in m.</summary>
    private string? ContainerOf(BlockStmt body, Var bound, CompositeLit? literal, Var? holder, CallExpr? built = null)
    {
        var carriers = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        if (holder != null) carriers.Add(holder);
        bool Carries(Expr? e)
        {
            switch (e == null ? null : Expr.Unparen(e))
            {
                case CompositeLit cl:
                    return ReferenceEquals(cl, literal) || cl.Elts.Any(x => Carries(x is KeyValueExpr kv ? kv.Value : x));
                case UnaryExpr { Op: Syntax.Token.And } u:
                    return Carries(u.X);
                case Ident id:
                    return _info.ObjectOf(id) is Var v && carriers.Contains(v);
                case CallExpr call when ReferenceEquals(call, built):
                    return true;
                case CallExpr call when Calls.BuiltinName(_info, call) == "append":
                    return call.Args.Skip(1).Any(Carries);
                default:
                    return false;
            }
        }
        string? found = null;
        _info.Nodes.Inspect(body, NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.FuncLit, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is ValueSpec spec && spec.Names.Count == spec.Values.Count)
                for (var i = 0; i < spec.Names.Count && found == null; i++)
                {
                    if (_info.Defs.GetValueOrDefault(spec.Names[i]) is not Var sv) continue;
                    if (ReferenceEquals(sv, bound)) found = BuiltHolding(spec.Values[i]);
                    else if (Carries(spec.Values[i])) carriers.Add(sv);
                }
            if (n is not AssignStmt a || a.Lhs.Count != a.Rhs.Count) return found == null;
            for (var i = 0; i < a.Lhs.Count && found == null; i++)
            {
                // m built holding the carrier in one of its fields (`p := &Proxy{watcher: w}`): as `p.watcher = w`.
                if (Expr.Unparen(a.Lhs[i]) is Ident built && ReferenceEquals(_info.ObjectOf(built), bound))
                {
                    found = BuiltHolding(a.Rhs[i]);
                    continue;
                }
                if (!Carries(a.Rhs[i])) continue;
                var lhs = Expr.Unparen(a.Lhs[i]);
                if (lhs is Ident id && _info.ObjectOf(id) is Var lv && !lv.IsField) carriers.Add(lv);
                var field = lhs is IndexExpr ix ? Expr.Unparen(ix.X) : lhs;
                if (field is SelectorExpr sel && Expr.Unparen(sel.X) is Ident owner && ReferenceEquals(_info.ObjectOf(owner), bound)) found = LockPaths.Of(_info, sel)?.Class;
            }
            return found == null;
        });
        return found;

        // The class of the field of a struct literal (`&T{f: carrier}`) holding a carrier directly, or null.
        string? BuiltHolding(Expr value)
        {
            var e = Expr.Unparen(value);
            if (e is UnaryExpr { Op: Syntax.Token.And } u) e = Expr.Unparen(u.X);
            if (e is not CompositeLit cl || _info.TypeOf(cl) is not NamedType { Underlying: LeakFinder.Semantics.Types.StructType } named) return null;
            foreach (var x in cl.Elts)
                if (x is KeyValueExpr { Key: Ident key, Value: var v } && Expr.Unparen(v) is Ident held && _info.ObjectOf(held) is Var hv && carriers.Contains(hv))
                    return (named.Origin ?? named).Obj.Name + "." + key.Name;
            return null;
        }
    }

    /// <summary>A parameter stored in a field of the method's receiver (`t.onClose = append(t.onClose, f)` in
    /// `OnClose(f func())`): the field holds what the package's calls of that method pass (`tr.OnClose(func() {..})`).
    /// Every local variable stored in a field waits here, with the field and the variable owning it, until the walk ends.</summary>
    private readonly Dictionary<Var, List<(string Class, Var? Owner)>> _registered = new(ReferenceEqualityComparer.Instance);

    private void Register(Var value, string cls, Var? owner)
    {
        if (!_registered.TryGetValue(value, out var stores)) _registered[value] = stores = [];
        stores.Add((cls, owner));
    }

    /// <summary>A plain local variable or parameter (not a field, not package-level) an expression names, or null.</summary>
    private Var? LocalValue(Expr value) =>
        Expr.Unparen(value) is Ident id && _info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v) ? v : null;

    /// <summary>How a parameter stored in a field is resolved from the calls passing it.</summary>
    private enum StoredParam { Receiver, Interface, Constructor }

    private void ResolveRegistrations(IReadOnlyList<FunctionBody> functions)
    {
        // Each registration method's parameters by position, with how each is stored: in the method's receiver (a
        // method value bound to the receiver runs on that owner), in a field of interfaces (InterfaceValues'), or in
        // a value the function builds (a constructor's callback: `&pickFirst{report: report}`).
        var methods = new Dictionary<Func, List<(int Index, string Class, StoredParam How)>>(ReferenceEqualityComparer.Instance);
        var resolved = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl fd || _info.Defs.GetValueOrDefault(fd.Name) is not Func f) continue;
            var recv = fd.Recv?.List is [{ Names: [var recvName] }] ? _info.Defs.GetValueOrDefault(recvName) as Var : null;
            var parameters = SummaryBuilder.ParamVars(fd, _info);
            var variadic = f.Signature is { Variadic: true };
            for (var index = 0; index < parameters.Count; index++)
            {
                if (parameters[index] is not { } pv) continue;
                if (_registered.TryGetValue(pv, out var stores))
                {
                    // Stored in the receiver, or only in values the function builds (never the receiver): mixed is unknown.
                    var how = recv != null && stores.All(st => ReferenceEquals(st.Owner, recv)) ? StoredParam.Receiver
                        : !(variadic && index == parameters.Count - 1) && !stores.Exists(st => recv != null && ReferenceEquals(st.Owner, recv)) ? StoredParam.Constructor
                        : (StoredParam?)null;
                    if (how is { } known)
                    {
                        resolved.Add(pv);
                        if (!methods.TryGetValue(f, out var list)) methods[f] = list = [];
                        list.AddRange(stores.Select(st => (index, st.Class, known)));
                    }
                }
                if (_interfaces.Registered.TryGetValue(pv, out var classes))
                {
                    resolved.Add(pv);
                    if (!methods.TryGetValue(f, out var list)) methods[f] = list = [];
                    list.AddRange(classes.Select(cls => (index, cls, StoredParam.Interface)));
                }
            }
        }
        // Any other local stored in a field (a variable, a literal's parameter) is a value we do not know.
        foreach (var (v, stores) in _registered)
            if (!resolved.Contains(v))
                foreach (var st in stores) AddField(st.Class, null);
        foreach (var (v, classes) in _interfaces.Registered)
            if (!resolved.Contains(v) && !_interfaces.ResolveLocal(v, classes))
                foreach (var cls in classes) _interfaces.Unknown(cls);
        if (methods.Count == 0) return;
        var called = new HashSet<Func>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is CallExpr call && Calls.Callee(_info, call) is { } callee && methods.TryGetValue(callee, out var ps))
                {
                    called.Add(callee);
                    var receiver = Expr.Unparen(call.Fun) is SelectorExpr sel && _info.Selections.ContainsKey(sel) ? sel.X : null;
                    foreach (var (i, cls, how) in ps)
                    {
                        var argument = i < call.Args.Count ? call.Args[i] : null;
                        switch (how)
                        {
                            case StoredParam.Interface:
                                _interfaces.StoreArgument(cls, argument, receiver);
                                break;
                            case StoredParam.Receiver:
                                AddField(cls, argument != null && receiver != null ? StoredTarget(argument, receiver) ?? BackPointerTarget(fn, argument, receiver) : null);
                                break;
                            default:
                                AddField(cls, argument == null ? null : PassedTarget(fn, call, argument));
                                break;
                        }
                    }
                }
                return true;
            });
        // A constructor the package never calls is given its callbacks from outside: values we do not know; so is an
        // exported registration method the package never calls (`func (q *Queue) Submit(f func()) { q.pending <- f }`).
        foreach (var (f, ps) in methods)
            if (!called.Contains(f))
                foreach (var (_, cls, how) in ps)
                    if (how == StoredParam.Constructor || how == StoredParam.Receiver && f.Exported) AddField(cls, null);
    }

    /// <summary>
    /// A function or method value a call passes to a constructor that stores it in the value it builds. A method value
    /// bound to a variable of the calling function (`newPickFirst(cc.updateState)`) runs on that variable; when the
    /// caller keeps the built value in a field of that same variable (`cc.balancer = newPickFirst(cc.updateState)`), a
    /// call through the stored field runs the method on the owner of the container holding the field's owner
    /// (<see cref="FuncTarget.OwnerContainer"/>), as for a method value stored in a literal.
    /// </summary>
    private FuncTarget? PassedTarget(FunctionBody caller, CallExpr call, Expr argument)
    {
        // A literal handed over (`RegisterFlushHook(func(s *Store) {..})`) runs with the arguments of the call through the place.
        if (Expr.Unparen(argument) is FuncLit lit) return new FuncTarget(null, null, false) { Literal = new StoredLiteral(lit, null) };
        if (Target(argument, owner: null) is not { } target) return null;
        if (caller.Function is FuncDecl && BoundVariable(argument) is { } bound && ContainerOf(caller.Body, bound, null, null, call) is { } container)
            return target with { OwnerContainer = container };
        return target;
    }

    /// <summary>Walks the bodies for what they store: each assignment's left side with its value (null when one call
    /// gives several results, unless <paramref name="result"/> takes each with its index) and whether it defines, and
    /// every other node of <paramref name="otherKinds"/> to <paramref name="other"/>.</summary>
    internal static void WalkStores(TypeInfo info, IReadOnlyList<FunctionBody> functions, NodeKinds otherKinds, Action<Expr, Expr?, bool> assigned, Action<Node> other,
        Action<Expr, CallExpr, int, bool>? result = null)
    {
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.AssignStmt | otherKinds, n =>
            {
                switch (n)
                {
                    case null:
                        return false;
                    case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++) assigned(a.Lhs[i], a.Rhs[i], a.Tok == Syntax.Token.Define);
                        break;
                    // `v, ok := s.m[k]`, `f, ok := <-ch`, `h, ok := v.Load().(func())`: v is the element.
                    case AssignStmt { Lhs.Count: 2, Rhs: [var single] } a when Expr.Unparen(single) is IndexExpr or TypeAssertExpr or UnaryExpr { Op: Syntax.Token.Arrow }:
                        assigned(a.Lhs[0], single, a.Tok == Syntax.Token.Define);
                        assigned(a.Lhs[1], null, a.Tok == Syntax.Token.Define);
                        break;
                    // `s, err := NewStore()`: each result of one call, by index, to whoever asks.
                    case AssignStmt { Rhs: [var one] } a when result != null && Expr.Unparen(one) is CallExpr call:
                        for (var i = 0; i < a.Lhs.Count; i++) result(a.Lhs[i], call, i, a.Tok == Syntax.Token.Define);
                        break;
                    case AssignStmt a:
                        foreach (var l in a.Lhs) assigned(l, null, a.Tok == Syntax.Token.Define);
                        break;
                    default:
                        other(n);
                        break;
                }
                return true;
            });
    }

    private void Assigned(Expr lhs, Expr? rhs, bool define)
    {
        lhs = Expr.Unparen(lhs);
        if (lhs is Ident gid && _info.ObjectOf(gid) is Var gv && LockPaths.IsGlobal(gv))
        {
            StoreGlobal(gid, rhs);
            return;
        }
        if (lhs is Ident id && _info.ObjectOf(id) is Var v && !v.IsField && !LockPaths.IsGlobal(v))
        {
            // `h, ok := p.handlers[code]`: h is an element of the field, as a range variable over it is; so is a function
            // received from a channel field of functions or loaded from an atomic.Value field.
            if (define && rhs != null && !_locals.ContainsKey(v) && !_rangeElems.ContainsKey(v) && ElementSource(rhs) is { } elements)
            {
                _rangeElems[v] = elements;
                return;
            }
            var target = define && rhs != null && !_locals.ContainsKey(v) ? Target(rhs, owner: null) : null;
            _locals[v] = _locals.ContainsKey(v) ? null : target;
            return;
        }
        if (lhs is SelectorExpr sel && _info.TypeOf(lhs)?.Underlying is SignatureType && LockPaths.Of(_info, lhs) is { Class: { } cls })
            StoreValue(cls, rhs, sel.X);
        else if (lhs is SelectorExpr list && FuncElements(_info.TypeOf(lhs)) && LockPaths.Of(_info, lhs) is { Class: { } listCls })
            StoreList(listCls, list, rhs);
        else if (lhs is IndexExpr { X: var container } && FuncElements(_info.TypeOf(container)) && PlaceOf(container) is { } elemCls)
            StoreValue(elemCls, rhs, (Expr.Unparen(container) as SelectorExpr)?.X);
        else if (lhs is SelectorExpr channel && IsFuncChannel(_info.TypeOf(lhs)) && PlaceOf(lhs) is { } chanCls)
            ChannelAssigned(chanCls, rhs);
    }

    /// <summary>A value stored in a field of owner: a literal run with owner's variable, or a function or method value.</summary>
    private FuncTarget? StoredTarget(Expr value, Expr owner) => LiteralTarget(value, owner) ?? Target(value, owner: LockPaths.Of(_info, owner));

    /// <summary>Stores a value in a field: a local variable stored in a field of a plain variable waits for the end of the
    /// walk (a registration method's parameter is resolved by its calls); anything else is added now, and a value we
    /// cannot see (null: one of several results of a call) makes the field unknown.</summary>
    /// <param name="owner">The value whose field the place is; null for a package variable.</param>
    private void StoreValue(string cls, Expr? value, Expr? owner)
    {
        if (value == null)
        {
            AddField(cls, null);
            return;
        }
        if (owner == null)
        {
            // A package variable: a parameter stored there holds what the package's calls pass (`RegisterFlushHook(f)`).
            if (LocalValue(value) is { } param) Register(param, cls, null);
            else AddField(cls, Expr.Unparen(value) is FuncLit lit ? new FuncTarget(null, null, false) { Literal = new StoredLiteral(lit, null) } : Target(value, owner: null));
            return;
        }
        if (LocalValue(value) is { } v && Expr.Unparen(owner) is Ident ownerId && _info.ObjectOf(ownerId) is Var { IsField: false } ownerVar)
        {
            Register(v, cls, ownerVar);
            return;
        }
        var target = StoredTarget(value, owner);
        // A method value bound to another variable than the owner (`f.onScanned = m.recordScan`): its target is the
        // method on that variable, resolved at the end of the walk when the owner is kept in one of its fields.
        if (target == null && BoundVariable(value) is { } bound && Expr.Unparen(owner) is Ident holderId && _info.ObjectOf(holderId) is Var { IsField: false } holder
            && !LockPaths.IsGlobal(holder) && Target(value, owner: null) is { } foreign)
        {
            AddField(cls, foreign);
            (_foreignBound ??= []).Add((cls, foreign, bound, null, holder));
            return;
        }
        AddField(cls, target);
    }

    /// <summary>A whole slice of functions stored in a field: appends to the field itself (`c.onClose = append(c.onClose,
    /// f)`) add their values, nil and make add none, anything else makes the field unknown.</summary>
    private void StoreList(string cls, Expr field, Expr? value)
    {
        var owner = (Expr.Unparen(field) as SelectorExpr)?.X;
        switch (value == null ? null : Expr.Unparen(value))
        {
            case CallExpr { Args.Count: > 0 } call when Calls.BuiltinName(_info, call) == "append" && !call.Ellipsis.IsValid
                                                      && LockPaths.Of(_info, call.Args[0])?.Key == LockPaths.Of(_info, field)?.Key:
                foreach (var a in call.Args.Skip(1)) StoreValue(cls, a, owner);
                return;
            case CallExpr call when Calls.BuiltinName(_info, call) == "make":
            case Ident id when _info.ObjectOf(id) is Nil:
                return;
            // A whole map or slice literal (`p.handlers = map[code]func(Msg) error{ping: p.handlePing, ...}`): its values.
            case CompositeLit lit:
                foreach (var e in lit.Elts) StoreValue(cls, e is KeyValueExpr kv ? kv.Value : e, owner);
                return;
            default:
                AddField(cls, null);
                return;
        }
    }

    /// <summary>A slice, array or map of functions.</summary>
    private static bool FuncElements(GoType? t) => t?.Underlying switch
    {
        LeakFinder.Semantics.Types.SliceType s => s.Elem.Underlying is SignatureType,
        LeakFinder.Semantics.Types.ArrayType a => a.Elem.Underlying is SignatureType,
        LeakFinder.Semantics.Types.MapType m => m.Elem.Underlying is SignatureType,
        _ => false,
    };

    private void AddField(string cls, FuncTarget? target)
    {
        if (_fields.TryGetValue(cls, out var list) && list == null) return;
        if (target == null)
        {
            _fields[cls] = null;
            return;
        }
        if (list == null) _fields[cls] = list = [];
        list.Add(target);
    }

    /// <summary>A literal stored in a field of a plain variable (`r.onChange = func() {..}`), which may use that variable
    /// for the field's owner; null for anything else.</summary>
    private FuncTarget? LiteralTarget(Expr value, Expr owner) =>
        Expr.Unparen(value) is FuncLit lit && Expr.Unparen(owner) is Ident id && _info.ObjectOf(id) is Var { IsField: false } v
            ? new FuncTarget(null, null, true) { Literal = new StoredLiteral(lit, v) }
            : null;

    /// <summary>A function or method value we can name; for a method value stored in a field, only one bound to
    /// the field's owner itself (`s.cb = s.handle`).</summary>
    private FuncTarget? Target(Expr value, LockPath? owner)
    {
        value = Expr.Unparen(value);
        switch (value)
        {
            case Ident id when _info.ObjectOf(id) is Func f:
                return new FuncTarget(f, null, false);
            case SelectorExpr sel when _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal && s.Obj is Func { Declared: var m }:
                if (owner == null) return new FuncTarget(m, sel.X, false);
                return LockPaths.Of(_info, sel.X) is { } recv && recv.Key == owner.Key ? new FuncTarget(m, null, true) : null;
            case SelectorExpr sel when _info.ObjectOf(sel.Sel) is Func f && !_info.Selections.ContainsKey(sel):
                return new FuncTarget(f, null, false); // pkg.Func
            default:
                return null;
        }
    }

    private IReadOnlyList<FuncTarget>? FieldTargets(Expr place) =>
        PlaceOf(place) is { } cls && _fields.TryGetValue(cls, out var list) ? list : null;

    /// <summary>The expression a call through a field reads the field from (`s` in `s.cb()`, `s.hooks[k]()`, and
    /// `f()` ranging over `s.hooks`, received from `s.work` or loaded from `s.onChange`): the owner a literal or method
    /// value stored there runs with; null for others (a package variable has no owner).</summary>
    public Expr? OwnerOf(CallExpr call) => Expr.Unparen(call.Fun) switch
    {
        SelectorExpr sel => sel.X,
        IndexExpr { X: var container } when Expr.Unparen(container) is SelectorExpr field => field.X,
        Ident id when _info.ObjectOf(id) is Var v && !_locals.ContainsKey(v) && _rangeElems.TryGetValue(v, out var over) => (over as SelectorExpr)?.X,
        var direct when ElementSource(direct) is SelectorExpr source => source.X,
        _ => null,
    };

    /// <summary>`Type.field` for the struct type that declares the selected field (the embedded one for a promoted field).</summary>
    private string? DeclaredIn(SelectorExpr sel, Selection s)
    {
        var t = _info.TypeOf(sel.X);
        for (var i = 0; i < s.Index.Count; i++)
        {
            if (t == null || (t.Underlying is PointerType p ? p.Elem : t) is not { Underlying: LeakFinder.Semantics.Types.StructType st } holder || s.Index[i] >= st.Fields.Count) return null;
            if (i == s.Index.Count - 1) return LockPaths.NamedOf(holder) is { } named ? named.Obj.Name + "." + st.Fields[s.Index[i]].Name : null;
            t = st.Fields[s.Index[i]].Type;
        }
        return null;
    }

    /// <summary>The concrete methods a call of method <paramref name="name"/> on an interface value may run, where the
    /// package's stores say which types it holds (<see cref="InterfaceValues.MethodsOn"/>); null when unknown.</summary>
    public IReadOnlyList<FuncTarget>? MethodsOn(Expr operand, string name, bool optional) => _interfaces.MethodsOn(operand, name, optional);

    /// <summary>The functions a call through a func-typed field or local variable may run, or null when unknown.</summary>
    public IReadOnlyList<FuncTarget>? TargetsOf(CallExpr call)
    {
        if (_interfaces.TargetsOf(call) is { } methods) return methods;
        switch (Expr.Unparen(call.Fun))
        {
            case Ident id when _info.ObjectOf(id) is Var v && _locals.TryGetValue(v, out var local):
                return local == null ? null : [local];
            case Ident id when _info.ObjectOf(id) is Var v && _rangeElems.TryGetValue(v, out var over):
                return FieldTargets(over);
            // A package variable holding a function (`flushHook(s)`).
            case Ident id when _info.ObjectOf(id) is Var gv && LockPaths.IsGlobal(gv) && gv.Type.Underlying is SignatureType:
                return FieldTargets(id);
            case IndexExpr { X: var container } when FuncElements(_info.TypeOf(container)):
                return FieldTargets(container);
            // `(<-n.work)()`, `w.onChange.Load().(func())()`.
            case var direct when ElementSource(direct) is { } source:
                return FieldTargets(source);
            case SelectorExpr sel when _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal
                                       && LockPaths.Of(_info, sel) is { Class: { } cls }:
                // A field of a struct embedded by value is named by its outer type (`folder.folderBase.onScanned`), a
                // literal of the embedded struct by its own (`folderBase.onScanned`): both hold what it may run.
                var byClass = _fields.TryGetValue(cls, out var list) ? list : null;
                if (DeclaredIn(sel, s) is not { } declared || declared == cls || !_fields.TryGetValue(declared, out var own)) return byClass;
                if (own == null || list == null && _fields.ContainsKey(cls)) return null;
                return byClass == null ? own : [.. byClass, .. own];
            default:
                return null;
        }
    }
}
