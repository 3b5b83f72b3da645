using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ArrayType = LeakFinder.Semantics.Types.ArrayType;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// What the package stores in its interface-typed fields (`s.handler`) and in fields that hold interfaces
/// (`s.listeners []listener`, `s.sinks map[string]Sink`), so a method call through one can be followed like a
/// direct call of the concrete methods it may run. Every value stored anywhere in the package must be of a
/// concrete named type (`[]listener{audit, s}`, `append(s.listeners, s)`, `s.sinks[name] = &amp;fileSink{}`); a
/// value of interface type, from a call or of unknown type makes the field unknown, and calls through it stay
/// opaque. A stored value that is the field's owner itself (`s.listeners = append(s.listeners, s)`) runs its
/// method on the caller's own receiver: the case that matters, since a lock the caller holds on it is the
/// one the method takes again. Values of other instances run on the interface operand (`l` in `l.onEvent()`).
/// A registration method's parameter stored in the field (`subscribe(l listener)`) holds what the package's
/// calls of it pass.
/// </summary>
internal sealed partial class InterfaceValues
{
    private sealed record Stored(NamedType Type, bool Owner);

    private readonly Dictionary<string, List<Stored>?> _fields = new(StringComparer.Ordinal);
    /// <summary>Range variables over a field (`for _, l := range s.listeners`), and locals assigned after their definition.</summary>
    private readonly Dictionary<Var, SelectorExpr> _rangeElems = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Var> _reassigned = new(ReferenceEqualityComparer.Instance);
    /// <summary>Local interface variables (`var r folderRunner`) by the concrete types of every value the package gives
    /// them (`r = &amp;receiveOnlyFolder{..}`); null once one is of unknown type. A local stored in a field stands for them.</summary>
    private readonly Dictionary<Var, List<NamedType>?> _localValues = new(ReferenceEqualityComparer.Instance);
    private readonly TypeInfo _info;

    /// <summary>Empty: <see cref="FuncValues"/> feeds it the stores of its own walk (<see cref="Assigned"/>,
    /// <see cref="Other"/>), so the bodies are walked once for both.</summary>
    public InterfaceValues(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        _info = info;
        IndexFunctions(functions);
    }

    /// <summary>A node of the walk that is no assignment.</summary>
    internal void Other(Node n)
    {
        switch (n)
        {
            case ValueSpec spec:
                for (var i = 0; i < spec.Names.Count; i++)
                    // `var r folderRunner` gives it nil, no type.
                    if (_info.Defs.GetValueOrDefault(spec.Names[i]) is Var sv && spec.Values.Count > 0)
                        LocalValue(sv, spec.Values.Count == spec.Names.Count ? spec.Values[i] : null);
                break;
            case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is Ident addressed && _info.ObjectOf(addressed) is Var av:
                LocalValue(av, null);
                break;
            case RangeStmt { Value: Ident v } r when _info.Defs.GetValueOrDefault(v) is Var rv && Expr.Unparen(r.X) is SelectorExpr src:
                _rangeElems[rv] = src;
                break;
            case CompositeLit lit when _info.TypeOf(lit) is NamedType { Underlying: StructType st } named:
                foreach (var e in lit.Elts)
                    if (e is KeyValueExpr { Key: Ident key } kv && st.Fields.FirstOrDefault(f => f.Name == key.Name)?.Type is { } ft && HoldsInterfaces(ft))
                        StoreWhole((named.Origin ?? named).Obj.Name + "." + key.Name, ft, kv.Value, owner: null);
                break;
        }
    }

    internal void Assigned(Expr lhs, Expr? rhs, bool define)
    {
        lhs = Expr.Unparen(lhs);
        switch (lhs)
        {
            // `v := s.runners[k]` (or `v, ok :=`): v is an element of the field, as a range variable over it.
            case Ident id when define && _info.Defs.ContainsKey(id) && _info.ObjectOf(id) is Var ev:
                if (rhs != null && Expr.Unparen(rhs) is IndexExpr { X: var indexed } && Expr.Unparen(indexed) is SelectorExpr src) _rangeElems[ev] = src;
                LocalValue(ev, rhs);
                return;
            case Ident id when _info.ObjectOf(id) is Var v:
                _reassigned.Add(v);
                LocalValue(v, rhs);
                return;
            case SelectorExpr sel when HoldsInterfaces(_info.TypeOf(lhs)) && LockPaths.Of(_info, lhs) is { Class: { } cls }:
                if (rhs == null) _fields[cls] = null;
                else StoreWhole(cls, _info.TypeOf(lhs)!, rhs, LockPaths.Of(_info, sel.X), lhs);
                return;
            case IndexExpr ix when _info.TypeOf(ix.X)?.Underlying is SliceType or MapType or ArrayType
                                   && _info.TypeOf(lhs)?.Underlying is InterfaceType
                                   && Expr.Unparen(ix.X) is SelectorExpr container && LockPaths.Of(_info, container) is { Class: { } elemCls }:
                Store(elemCls, rhs, LockPaths.Of(_info, container.X));
                return;
        }
    }

    /// <summary>A whole field value: one interface value, or a slice or map of them (a literal, an append to the
    /// field itself, nil or make).</summary>
    private void StoreWhole(string cls, GoType fieldType, Expr value, LockPath? owner, Expr? field = null)
    {
        value = Expr.Unparen(value);
        if (fieldType.Underlying is InterfaceType || _info.TypeOf(value)?.Underlying is InterfaceType || IsNil(value))
        {
            Store(cls, value, owner);
            return;
        }
        switch (value)
        {
            case CompositeLit lit:
                foreach (var e in lit.Elts) Store(cls, e is KeyValueExpr kv ? kv.Value : e, owner);
                return;
            case CallExpr { Args.Count: > 0 } call when Calls.BuiltinName(_info, call) == "append" && !call.Ellipsis.IsValid
                                                      && field != null && LockPaths.Of(_info, call.Args[0])?.Key == LockPaths.Of(_info, field)?.Key:
                foreach (var a in call.Args.Skip(1)) Store(cls, a, owner);
                return;
            case CallExpr call when Calls.BuiltinName(_info, call) == "make":
                return;
            default:
                _fields[cls] = null;
                return;
        }
    }

    private void Store(string cls, Expr? value, LockPath? owner)
    {
        if (_fields.TryGetValue(cls, out var list) && list == null) return;
        if (value == null)
        {
            _fields[cls] = null; // one of several results of a call: unknown
            return;
        }
        value = Expr.Unparen(value);
        if (IsNil(value)) return;
        var type = _info.TypeOf(value);
        // A local interface stored in a field (`b.listeners = append(b.listeners, l)` in `subscribe(l listener)`,
        // `&roundRobin{cc: cc}` in `newRoundRobin(cc ClientConn)`): a parameter holds what the package's calls pass.
        if ((type as NamedType ?? (type as PointerType)?.Elem as NamedType) is null or { Underlying: InterfaceType }
            && value is Ident id && _info.ObjectOf(id) is Var { IsField: false } local && !LockPaths.IsGlobal(local))
        {
            if (!Registered.TryGetValue(local, out var stores)) Registered[local] = stores = [];
            stores.Add(cls);
            return;
        }
        // A value of a concrete type, or made by a function of the package (`s.store = newStore()`): what it returns.
        var found = new List<NamedType>();
        if (!Concrete(value, 0, found))
        {
            _fields[cls] = null;
            return;
        }
        if (list == null) _fields[cls] = list = [];
        var owned = owner != null && LockPaths.Of(_info, value)?.Key == owner.Key;
        foreach (var t in found) list.Add(new Stored(t, owned));
    }

    /// <summary>Locals stored in fields (the fields' classes), resolved by <see cref="FuncValues"/> once the walk ends: a
    /// parameter of a function or method takes the values of the package's calls of it (<see cref="StoreArgument"/>);
    /// any other local makes the field unknown (<see cref="Unknown"/>). Unlike a function value, a method reached through
    /// an interface runs on the interface operand, so the instance the parameter was stored in does not matter.</summary>
    internal readonly Dictionary<Var, List<string>> Registered = new(ReferenceEqualityComparer.Instance);

    internal void StoreArgument(string cls, Expr? argument, Expr? receiver) => Store(cls, argument, receiver == null ? null : LockPaths.Of(_info, receiver));

    internal void Unknown(string cls) => _fields[cls] = null;

    /// <summary>Records a value given to a local interface variable (null: one we cannot see).</summary>
    private void LocalValue(Var v, Expr? value, int resultIndex = 0)
    {
        if (v.IsField || LockPaths.IsGlobal(v) || v.Type.Underlying is not InterfaceType) return;
        if (_localValues.TryGetValue(v, out var known) && known == null) return;
        value = value == null ? null : Expr.Unparen(value);
        if (value != null && IsNil(value)) return;
        var found = new List<NamedType>();
        if (value == null || !Concrete(value, resultIndex, found))
        {
            _localValues[v] = null;
            return;
        }
        if (known == null) _localValues[v] = known = [];
        foreach (var t in found)
            if (!known.Contains(t)) known.Add(t);
    }

    /// <summary>A local stored in fields (their classes) that is not a parameter: when every value the package gives it
    /// is of a known concrete type, the fields hold those; false when one is not known.</summary>
    internal bool ResolveLocal(Var v, List<string> classes)
    {
        if (_localValues.GetValueOrDefault(v) is not { Count: > 0 } types) return false;
        foreach (var cls in classes)
        {
            if (_fields.TryGetValue(cls, out var list) && list == null) continue;
            if (list == null) _fields[cls] = list = [];
            foreach (var t in types) list.Add(new Stored(t, false));
        }
        return true;
    }

    private bool IsNil(Expr e) => e is Ident id && _info.ObjectOf(id) is Nil;

    private static bool HoldsInterfaces(GoType? t) => t?.Underlying switch
    {
        InterfaceType => true,
        SliceType s => s.Elem.Underlying is InterfaceType,
        ArrayType a => a.Elem.Underlying is InterfaceType,
        MapType m => m.Elem.Underlying is InterfaceType,
        _ => false,
    };

    /// <summary>The concrete methods an interface method call may run, when the value comes from a field whose
    /// stored values are all known: `s.handler.Notify(e)`, `s.listeners[i].Notify(e)`, or through the element
    /// variable of a range over the field. Null when unknown.</summary>
    public IReadOnlyList<FuncTarget>? TargetsOf(CallExpr call)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr sel || !_info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.MethodVal) return null;
        return MethodsOn(sel.X, sel.Sel.Name, optional: false);
    }

    /// <summary>
    /// The concrete methods named <paramref name="name"/> that a call on an interface value may run, when the value
    /// comes from a field whose stored values are all known (`s.handler`, `s.listeners[i]`, the element variable of a
    /// range over the field) or from a local every value of which is known; null when unknown. <paramref name="optional"/>:
    /// the caller asks only the values that have the method (errors.Is calls Is only on an error that has one), so a type
    /// without it is passed over instead of making the answer unknown.
    /// </summary>
    public IReadOnlyList<FuncTarget>? MethodsOn(Expr operand, string name, bool optional)
    {
        if (_info.TypeOf(operand)?.Underlying is not InterfaceType) return null;
        var source = Expr.Unparen(operand);
        if (source is IndexExpr ix) source = Expr.Unparen(ix.X);
        if (source is Ident id && _info.ObjectOf(id) is Var v && !_reassigned.Contains(v) && _rangeElems.TryGetValue(v, out var over)) source = over;
        else if (source is Ident lid && _info.ObjectOf(lid) is Var lv && LocalTargets(operand, name, lv, optional) is { } locals) return locals;
        if (source is not SelectorExpr field || LockPaths.Of(_info, field) is not { Class: { } cls } || !_fields.TryGetValue(cls, out var stored) || stored == null)
            return null;
        var targets = new List<FuncTarget>();
        foreach (var value in stored.DistinctBy(x => (x.Type, x.Owner)))
        {
            // A method promoted from an embedded field, or one the type lacks: not followed.
            if (value.Type.Methods.FirstOrDefault(m => m.Name == name) is not { } method)
            {
                if (optional && MemberLookup.Find(new PointerType(value.Type), name, null) is null) continue;
                return null;
            }
            // The owner itself runs on the caller's receiver; any other value on the interface operand itself (`l` ranging
            // over the listeners): another instance, whose mutexes keep their classes for lock order but never equal
            // the caller's own.
            targets.Add(new FuncTarget(method, value.Owner ? field.X : operand, false));
        }
        return targets;
    }
}
