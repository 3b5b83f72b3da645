using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Places holding functions besides func-typed fields: package variables (`var flushHooks []func(*Store)`, filled by
/// a registration function: `RegisterFlushHook(f)` appends its parameter, so the variable holds what the package's
/// calls pass, `init` included), channel fields of functions (`n.pending &lt;- func() {..}`, received and called:
/// `f := &lt;-n.pending; f()`) and atomic.Value fields given only functions (`w.onChange.Store(p.rebuild)`, called as
/// `w.onChange.Load().(func(Config))(c)`). A place is known when every value put there is: a value we cannot see
/// (another package's, a parameter of an exported registration function the package never calls) makes it unknown,
/// and so does a channel or an atomic.Value handed anywhere (passed, returned, its address taken, assigned from
/// something else than make), since whoever holds it may put anything there.
/// </summary>
internal sealed partial class FuncValues
{
    /// <summary>The channel and atomic.Value places whose every use must be a send, receive or Store/Load (<see cref="CheckEscapes"/>).</summary>
    private HashSet<string>? _guarded;

    /// <summary>The key of a place holding functions: a field's class (`Node.pending`), or for a package variable
    /// `var ` and its full name (never equal to a class); null for anything else (a local, a call).</summary>
    private string? PlaceOf(Expr e) => Expr.Unparen(e) switch
    {
        Ident id when _info.ObjectOf(id) is Var v && LockPaths.IsGlobal(v) => "var " + v.Pkg!.Path + "." + v.Name,
        SelectorExpr sel when _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal => LockPaths.Of(_info, sel)?.Class,
        _ => null,
    };

    /// <summary>The top-level var specs of the package's files, for <see cref="FuncValues(TypeInfo, IReadOnlyList{FunctionBody}, IEnumerable{ValueSpec}?)"/>.</summary>
    public static IEnumerable<ValueSpec> PackageVars(IEnumerable<LeakFinder.Syntax.Ast.File> files) =>
        files.SelectMany(f => f.Decls).OfType<GenDecl>().Where(d => d.Tok == Syntax.Token.Var).SelectMany(d => d.Specs).OfType<ValueSpec>();

    /// <summary>What package variables holding functions are initialised with (`var hooks = []func(){a, b}`): stores
    /// like any other; one value of a call giving several is unknown.</summary>
    private void InitialValues(IEnumerable<ValueSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (spec.Values.Count == 0) continue;
            for (var i = 0; i < spec.Names.Count; i++)
                if (_info.Defs.GetValueOrDefault(spec.Names[i]) is Var v && (v.Type.Underlying is SignatureType || FuncElements(v.Type)))
                    StoreGlobal(spec.Names[i], spec.Values.Count == spec.Names.Count ? spec.Values[i] : null);
        }
    }

    /// <summary>A value given to a package variable: a function (`flushHook = f`), or a whole slice or map of them
    /// (`hooks = append(hooks, f)`, a literal, nil, make).</summary>
    private void StoreGlobal(Ident name, Expr? value)
    {
        var type = _info.ObjectOf(name)!.Type;
        if (PlaceOf(name) is not { } place) return;
        if (type.Underlying is SignatureType) StoreValue(place, value, owner: null);
        else if (FuncElements(type)) StoreList(place, name, value);
    }

    /// <summary>The place an element of functions is read from: `s.hooks[k]` (a field or package variable of functions),
    /// `&lt;-n.pending` (a channel field of functions), `w.onChange.Load().(func(T))` (an atomic.Value field); null otherwise.</summary>
    private Expr? ElementSource(Expr e)
    {
        switch (Expr.Unparen(e))
        {
            case IndexExpr { X: var container } when FuncElements(_info.TypeOf(container)) && PlaceOf(container) != null:
                return Expr.Unparen(container);
            // Only sends and Stores put values there, and each guards its place (<see cref="Guard"/>): a place read here
            // and never given a value has none recorded, so it stays unknown.
            case UnaryExpr { Op: Syntax.Token.Arrow, X: var ch } when Expr.Unparen(ch) is SelectorExpr field && IsFuncChannel(_info.TypeOf(field)) && PlaceOf(field) != null:
                return field;
            case TypeAssertExpr { Type: not null, X: var loaded } assert when _info.TypeOf(assert)?.Underlying is SignatureType
                                                                            && AtomicValueCall(loaded, "Load") is { Args.Count: 0 } load && PlaceOf(load.Field) != null:
                return load.Field;
            default:
                return null;
        }
    }

    private static bool IsFuncChannel(GoType? t) => t?.Underlying is LeakFinder.Semantics.Types.ChanType { Elem.Underlying: SignatureType };

    private static bool IsAtomicValue(GoType? t) => t is NamedType { Obj: { Name: "Value", Pkg.Path: "sync/atomic" } };

    /// <summary>`x.f.Method(args)` on an atomic.Value field x.f (not a pointer to one, which may be shared): the field and the args.</summary>
    private (SelectorExpr Field, IReadOnlyList<Expr> Args)? AtomicValueCall(Expr e, string method) =>
        Expr.Unparen(e) is CallExpr { Fun: SelectorExpr { Sel.Name: var name, X: var recv } } call && name == method
        && Expr.Unparen(recv) is SelectorExpr field && IsAtomicValue(_info.TypeOf(field))
            ? (field, call.Args) : null;

    /// <summary>`x.f.Store(v)`, `x.f.Swap(v)`, `x.f.CompareAndSwap(old, v)` on an atomic.Value field: v is stored in it.</summary>
    private void AtomicStore(CallExpr call)
    {
        if (call.Fun is not SelectorExpr { Sel.Name: "Store" or "Swap" or "CompareAndSwap" } sel) return;
        if (AtomicValueCall(call, sel.Sel.Name) is not var (field, args) || PlaceOf(field) is not { } cls) return;
        Guard(cls);
        var index = sel.Sel.Name == "CompareAndSwap" ? 1 : 0;
        StoreValue(cls, index < args.Count ? args[index] : null, field.X);
    }

    /// <summary>A send on a channel field of functions: the value is stored in the channel's place.</summary>
    private void Sent(SendStmt send)
    {
        if (Expr.Unparen(send.Chan) is not SelectorExpr field || !IsFuncChannel(_info.TypeOf(field)) || PlaceOf(field) is not { } cls) return;
        Guard(cls);
        StoreValue(cls, send.Value, field.X);
    }

    /// <summary>A channel field of functions given a value: a channel made here (or nil) is the package's own; any
    /// other (a parameter, another value's channel) may be fed by anyone.</summary>
    private void ChannelAssigned(string cls, Expr? value)
    {
        Guard(cls);
        if (value != null && (_info.IsNil(value) || Expr.Unparen(value) is CallExpr make && Calls.BuiltinName(_info, make) == "make")) return;
        AddField(cls, null);
    }

    /// <summary>A keyed element of a struct literal (`&amp;Node{pending: ch}`) for a channel field of functions.</summary>
    private void ChannelInitialised(NamedType type, Ident key, Expr value)
    {
        if (type.Underlying is not LeakFinder.Semantics.Types.StructType st || st.Fields.FirstOrDefault(f => f.Name == key.Name) is not { } field) return;
        if (IsFuncChannel(field.Type)) ChannelAssigned((type.Origin ?? type).Obj.Name + "." + key.Name, value);
        else if (IsAtomicValue(field.Type)) AddField((type.Origin ?? type).Obj.Name + "." + key.Name, null);
    }

    private void Guard(string cls) => (_guarded ??= new HashSet<string>(StringComparer.Ordinal)).Add(cls);

    /// <summary>
    /// Every use of a guarded channel or atomic.Value field must be one whose values we see: a send, a receive, a range,
    /// close, len or cap, an assignment to it (checked by <see cref="ChannelAssigned"/>), or Load, Store, Swap and
    /// CompareAndSwap. Any other (`go worker(n.pending)`, `return w.onChange`, `&amp;w.onChange`) hands it to code that may
    /// put anything there: the place is unknown.
    /// </summary>
    private void CheckEscapes(IReadOnlyList<FunctionBody> functions)
    {
        foreach (var fn in functions)
            _info.Nodes.Inspect(fn.Body, NodeKinds.SelectorExpr | NodeKinds.FuncLit, (n, parents) =>
            {
                // A literal's body is one of the functions: walked on its own.
                if (n is FuncLit) return false;
                if (n is not SelectorExpr sel) return true;
                var t = _info.TypeOf(sel);
                var channel = IsFuncChannel(t);
                if (!channel && !IsAtomicValue(t) || PlaceOf(sel) is not { } cls || !_guarded!.Contains(cls)) return true;
                Node child = sel;
                var up = 1;
                while (parents.Up(up) is ParenExpr paren)
                {
                    child = paren;
                    up++;
                }
                var parent = parents.Up(up);
                var seen = channel ? parent switch
                {
                    SendStmt send => ReferenceEquals(send.Chan, child),
                    UnaryExpr { Op: Syntax.Token.Arrow } => true,
                    RangeStmt range => ReferenceEquals(range.X, child),
                    CallExpr call => Calls.BuiltinName(_info, call) is "close" or "len" or "cap",
                    AssignStmt a => a.Lhs.Any(l => ReferenceEquals(l, child)),
                    _ => false,
                } : parent is SelectorExpr { Sel.Name: "Load" or "Store" or "Swap" or "CompareAndSwap" } method && ReferenceEquals(method.X, child)
                    && parents.Up(up + 1) is CallExpr { Fun: var fun } && ReferenceEquals(fun, method);
                if (!seen) AddField(cls, null);
                return true;
            });
    }

    /// <summary>
    /// A method value bound to another variable than the receiver of the registration call, which the calling function
    /// built holding that receiver (`p := &amp;Proxy{watcher: w}; w.SetHandler(p.rebuild)`, or `p.watcher = w`): the method
    /// runs on the value whose field holds the place's owner (<see cref="FuncTarget.OwnerContainer"/>), so `p.watcher.mu`
    /// in it is the owner's own mutex. Null when the calling function keeps no such back-pointer.
    /// </summary>
    private FuncTarget? BackPointerTarget(FunctionBody caller, Expr argument, Expr receiver)
    {
        if (caller.Function is not FuncDecl || BoundVariable(argument) is not { } bound || Target(argument, owner: null) is not { } target) return null;
        if (Expr.Unparen(receiver) is not Ident holderId || _info.ObjectOf(holderId) is not Var { IsField: false } holder || LockPaths.IsGlobal(holder)) return null;
        return ContainerOf(caller.Body, bound, null, holder) is { } container ? target with { OwnerContainer = container } : null;
    }
}
