using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;
using StructType = LeakFinder.Semantics.Types.StructType;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Channels kept in a map or slice field, named by the class `Broadcaster.subs[]`: a publisher's subscribers
/// (`b.subs = append(b.subs, ch)`, `b.subs[id] = ch`). A variable ranging over the field or read from it
/// (`for _, s := range b.subs`, `s := b.subs[id]`) names one of them, so a send on it is a send on the class.
/// The capacity of the class is known when every value the package stores there is a channel made with a
/// constant capacity in the storing function; the class is handed out when an exported function returns the
/// channel it stored (`Subscribe`). Removing one (`delete(b.subs, id)`, `b.subs = append(b.subs[:i], b.subs[i+1:]...)`)
/// is how a subscriber stops: the lock rules treat it as the close of the class.
/// Two more kinds of element share the naming: the channels of a map or slice of slices of channels
/// (`w.waiters[rv] = append(w.waiters[rv], ch)`, ranged twice to close them), and the reply channels a channel of
/// channels carries (`n.statusc &lt;- c` in the requester, `c := &lt;-n.statusc` in the loop that answers): both ends
/// name the class `node.statusc[]`, so the reply the requester waits for is the send the loop makes. A function
/// that returns a channel it stored as an element (`register` returning the waiter it appended) hands out that
/// class: a receive from its result, or from a local defined once from that result (`wait := c.waitStopLocked()`), is a
/// receive from the class.
/// </summary>
internal sealed class ChannelElements
{
    public static readonly ChannelElements None = new();

    private readonly Dictionary<Var, string> _classOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _capacities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _handedOut = new(StringComparer.Ordinal);
    private readonly Dictionary<Func, string> _returns = new(ReferenceEqualityComparer.Instance);

    /// <summary>The capacity of each element class every stored value of which is a make with a constant capacity.</summary>
    public IReadOnlyDictionary<string, int> Capacities => _capacities;

    /// <summary>Whether an exported function returns a channel it stored in the class.</summary>
    public bool HandsOut(string cls) => _handedOut.Contains(cls);

    /// <summary>The element class a variable names, or a call of a function returning one of the class; null for others.</summary>
    public string? ClassOf(TypeInfo info, Expr e) => Expr.Unparen(e) switch
    {
        Ident id when _classOf.Count > 0 && info.ObjectOf(id) is Var v => _classOf.GetValueOrDefault(v),
        CallExpr call when _returns.Count > 0 && Calls.Callee(info, call) is { } f => _returns.GetValueOrDefault(f),
        _ => null,
    };

    /// <summary>The element class a call's callee returns one of (`c.waiting.register(rv)`), or null.</summary>
    public string? ReturnedBy(TypeInfo info, CallExpr call) =>
        _returns.Count > 0 && Calls.Callee(info, call) is { } f ? _returns.GetValueOrDefault(f) : null;

    /// <summary>
    /// The channel classes a statement removes one of from the map or slice field that keeps it: `delete(x.f, k)`, or
    /// `x.f = append(x.f[:i], x.f[i+1:]...)`. Channels kept directly give the element class; subscribers kept as
    /// structs (`map[*subscriber]bool`, `[]*subscriber`) give the class of each of the struct's channel fields
    /// (`subscriber.ch`). Empty for anything else.
    /// </summary>
    public static IReadOnlyList<string> RemovedFrom(TypeInfo info, Node n)
    {
        var container = n switch
        {
            CallExpr { Args: [var m, _] } call when Calls.BuiltinName(info, call) == "delete" => m,
            AssignStmt { Lhs: [var target], Rhs: [CallExpr { Args: [SliceExpr { X: var head }, ..], Ellipsis.IsValid: true } append] }
                when Calls.BuiltinName(info, append) == "append" && Expr.Unparen(target) is SelectorExpr && LockPaths.Of(info, target) is { } t
                     && LockPaths.Of(info, head)?.Key == t.Key => target,
            _ => null,
        };
        if (container == null || Expr.Unparen(container) is not SelectorExpr) return [];
        if (ContainerClass(info, container) is { } cls) return [cls];
        var held = info.TypeOf(container)?.Underlying switch
        {
            MapType m => m.Key.Underlying is PointerType ? m.Key : m.Elem,
            SliceType sl => sl.Elem,
            _ => null,
        };
        if (held == null || LockPaths.NamedOf(held) is not { Underlying: StructType st } owner) return [];
        return st.Fields.Where(f => f.Type.Underlying is Semantics.Types.ChanType).Select(f => owner.Obj.Name + "." + f.Name).ToList();
    }

    /// <summary>`Type.field[]` for a map or slice field whose elements are channels, or null.</summary>
    public static string? ContainerClass(TypeInfo info, Expr container)
    {
        if (Expr.Unparen(container) is not SelectorExpr) return null;
        var elem = info.TypeOf(container)?.Underlying switch { MapType m => m.Elem, SliceType s => s.Elem, _ => null };
        return elem?.Underlying is Semantics.Types.ChanType && LockPaths.Of(info, container)?.Class is { } cls ? cls + "[]" : null;
    }

    /// <summary>`Type.field[]` for a map or slice field whose elements are slices of channels, or for a channel field
    /// carrying channels (a request's reply channel); null for anything else.</summary>
    private static string? NestedClass(TypeInfo info, Expr container)
    {
        if (Expr.Unparen(container) is not SelectorExpr) return null;
        var inner = info.TypeOf(container)?.Underlying switch
        {
            MapType { Elem.Underlying: SliceType s } => s.Elem,
            SliceType { Elem.Underlying: SliceType s } => s.Elem,
            Semantics.Types.ChanType c => c.Elem,
            _ => null,
        };
        return inner?.Underlying is Semantics.Types.ChanType && LockPaths.Of(info, container)?.Class is { } cls ? cls + "[]" : null;
    }

    private static bool IsChannelOfChannels(TypeInfo info, Expr e) =>
        info.TypeOf(e)?.Underlying is Semantics.Types.ChanType { Elem.Underlying: Semantics.Types.ChanType };

    public static ChannelElements Of(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        ChannelElements? result = null;
        ChannelElements R() => result ??= new ChannelElements();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var reassigned = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        // Locals stored as an element of a class (`s.waiters[k] = ch`, `append(w.waiters[rv], ch)`): a function returning
        // one hands out that class.
        var storedLocals = new Dictionary<Var, string>(ReferenceEqualityComparer.Instance);
        // Locals holding a slice of a nested class's channels (`chs` in `for _, chs := range w.waiters`).
        var groups = new Dictionary<Var, string>(ReferenceEqualityComparer.Instance);
        void StoredLocal(string cls, Expr value)
        {
            if (Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v)) storedLocals[v] = cls;
        }
        var returning = new List<(Func F, FuncDecl Decl)>();
        // Locals given an element read back from a class (`ch, ok = p.updates[uid]`), with the body they are in.
        var readBacks = new List<(Var V, string Class, BlockStmt Body)>();
        // Locals defined once from a call (`wait := c.waitStopLocked()`): one of the class the callee returns, if any.
        var fromCalls = new List<(Var V, CallExpr Call)>();
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl decl || decl.Body == null) continue;
            var exported = char.IsUpper(decl.Name.Name[0]);
            if (decl.Type.Results?.List is [{ Names.Count: <= 1, Type: { } resultType }] && info.TypeOf(resultType)?.Underlying is Semantics.Types.ChanType
                && info.Defs.GetValueOrDefault(decl.Name) is Func returner)
                returning.Add((returner, decl));
            void Stored(string cls, Expr value)
            {
                StoredLocal(cls, value);
                if (Made(info, decl.Body, value, cls) is { } capacity) R()._capacities[cls] = Math.Max(capacity, R()._capacities.GetValueOrDefault(cls));
                else unknown.Add(cls);
                if (exported && Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var local && Returns(info, decl.Body, local)) R()._handedOut.Add(cls);
            }
            // An exported function returning a local it stores in a channel field (`l := make(chan M)`, `&sub{ch: l}`,
            // `return l`) hands that field's class to its callers, as returning `s.ch` does.
            void StoredInField(string cls, Expr value)
            {
                if (exported && Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var { IsField: false } local && !LockPaths.IsGlobal(local)
                    && Returns(info, decl.Body, local) && !InLiteral(info, decl.Body, value)) R()._handedOut.Add(cls);
            }
            info.Nodes.Inspect(decl.Body, NodeKinds.ReturnStmt | NodeKinds.RangeStmt | NodeKinds.AssignStmt | NodeKinds.SendStmt | (exported ? NodeKinds.CompositeLit : 0), n =>
            {
                switch (n)
                {
                    case CompositeLit lit when info.TypeOf(lit) is NamedType { Underlying: StructType } named:
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv && info.TypeOf(kv.Value)?.Underlying is Semantics.Types.ChanType)
                                StoredInField((named.Origin ?? named).Obj.Name + "." + key.Name, kv.Value);
                        break;
                    // A reply channel sent to the loop that answers (`n.statusc <- c`): c is one of the class.
                    case SendStmt send when NestedClass(info, send.Chan) is { } rc:
                        if (Expr.Unparen(send.Value) is Ident sentId && info.ObjectOf(sentId) is Var { IsField: false } sent && !LockPaths.IsGlobal(sent)) R()._classOf[sent] = rc;
                        break;
                    // The loop's end: `c := <-n.statusc` (a select case's too), `for c := range n.statusc`.
                    case AssignStmt { Tok: Token.Define, Lhs: [Ident got, ..], Rhs: [UnaryExpr { Op: Token.Arrow, X: var from }] }
                        when IsChannelOfChannels(info, from) && NestedClass(info, from) is { } gc && info.Defs.GetValueOrDefault(got) is Var gv:
                        R()._classOf[gv] = gc;
                        break;
                    case RangeStmt { Tok: Token.Define, Key: Ident key } r when IsChannelOfChannels(info, r.X) && NestedClass(info, r.X) is { } kc
                                                                              && info.Defs.GetValueOrDefault(key) is Var kv:
                        R()._classOf[kv] = kc;
                        break;
                    // A map or slice of slices of channels, ranged twice: `for _, chs := range w.waiters { for _, ch := range chs {..} }`.
                    case RangeStmt { Tok: Token.Define, Value: Ident group } r when NestedClass(info, r.X) is { } nc && !IsChannelOfChannels(info, r.X)
                                                                                && info.Defs.GetValueOrDefault(group) is Var gv:
                        groups[gv] = nc;
                        break;
                    case RangeStmt { Tok: Token.Define, Value: Ident value } r when Expr.Unparen(r.X) is Ident over && info.ObjectOf(over) is Var ov
                                                                                && groups.TryGetValue(ov, out var groupClass) && info.Defs.GetValueOrDefault(value) is Var ev:
                        R()._classOf[ev] = groupClass;
                        break;
                    // An exported function returning a channel field of a value it holds (`return s.ch`) hands that
                    // class to its callers.
                    case ReturnStmt ret when exported:
                        foreach (var r in ret.Results)
                            if (Expr.Unparen(r) is SelectorExpr && info.TypeOf(r)?.Underlying is Semantics.Types.ChanType && !InLiteral(info, decl.Body, ret)
                                && LockPaths.Of(info, r)?.Class is { } rcls)
                                R()._handedOut.Add(rcls);
                        break;
                    case RangeStmt { Tok: Token.Define, Value: Ident value } r when ContainerClass(info, r.X) is { } rc && info.Defs.GetValueOrDefault(value) is Var rv:
                        R()._classOf[rv] = rc;
                        break;
                    case AssignStmt { Tok: Token.Define, Lhs: [Ident made], Rhs: [CallExpr call] } when info.Defs.GetValueOrDefault(made) is Var mv
                                                                                                         && mv.Type.Underlying is Semantics.Types.ChanType:
                        fromCalls.Add((mv, call));
                        break;
                    case AssignStmt { Tok: Token.Define } a when a.Rhs is [IndexExpr ix] && a.Lhs.Count is 1 or 2 && a.Lhs[0] is Ident read
                                                                 && ContainerClass(info, ix.X) is { } ic && info.Defs.GetValueOrDefault(read) is Var iv:
                        R()._classOf[iv] = ic;
                        break;
                    // `ch, ok = p.updates[uid]` into a local declared before (made when missing): judged once the body is walked.
                    case AssignStmt { Tok: Token.Assign } a when a.Rhs is [IndexExpr rix] && a.Lhs.Count is 1 or 2 && Expr.Unparen(a.Lhs[0]) is Ident readBack
                                                                 && ContainerClass(info, rix.X) is { } rbc && info.ObjectOf(readBack) is Var { IsField: false } rbv && !LockPaths.IsGlobal(rbv):
                        R();
                        readBacks.Add((rbv, rbc, decl.Body));
                        reassigned.Add(rbv);
                        break;
                    case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++)
                        {
                            var lhs = Expr.Unparen(a.Lhs[i]);
                            if (lhs is Ident assigned && a.Tok != Token.Define && info.ObjectOf(assigned) is Var av) reassigned.Add(av);
                            if (lhs is SelectorExpr && info.TypeOf(lhs)?.Underlying is Semantics.Types.ChanType && LockPaths.Of(info, lhs)?.Class is { } fieldClass)
                                StoredInField(fieldClass, a.Rhs[i]);
                            if (lhs is IndexExpr slot && ContainerClass(info, slot.X) is { } sc) Stored(sc, a.Rhs[i]);
                            else if (lhs is IndexExpr group && NestedClass(info, group.X) is { } gc && !IsChannelOfChannels(info, group.X)
                                     && Expr.Unparen(a.Rhs[i]) is CallExpr groupAppend && Calls.BuiltinName(info, groupAppend) == "append" && !groupAppend.Ellipsis.IsValid)
                                foreach (var added in groupAppend.Args.Skip(1)) StoredLocal(gc, added);
                            else if (ContainerClass(info, lhs) is { } lc && Expr.Unparen(a.Rhs[i]) is CallExpr call && Calls.BuiltinName(info, call) == "append")
                            {
                                if (call.Ellipsis.IsValid) { if (RemovedFrom(info, a) == null) unknown.Add(lc); }
                                else foreach (var added in call.Args.Skip(1)) Stored(lc, added);
                            }
                        }
                        break;
                }
                return true;
            });
        }
        foreach (var v in reassigned) storedLocals.Remove(v);
        foreach (var (f, decl) in returning)
            if (ReturnedClass(info, decl, storedLocals) is { } rc) R()._returns[f] = rc;
        if (result == null) return None;
        // A returned element kept in a local is the same channel as the call's result: `wait := c.waitStopLocked(); <-wait`
        // receives from the class as `<-c.waitStopLocked()` does.
        foreach (var (v, call) in fromCalls)
            if (Calls.Callee(info, call) is { } callee && result._returns.GetValueOrDefault(callee) is { } returned) result._classOf.TryAdd(v, returned);
        foreach (var cls in unknown) result._capacities.Remove(cls);
        foreach (var v in reassigned) result._classOf.Remove(v);
        foreach (var (v, cls, body) in readBacks)
            if (OnlyElementsOf(info, body, v, cls)) result._classOf[v] = cls;
        if (result._classOf.Count > 0) result.ParametersGiven(info, functions as IReadOnlyList<FunctionBody> ?? functions.ToList(), reassigned);
        return result;
    }

    /// <summary>
    /// Whether every value the body gives the local is an element of the class (read back from it) or a channel it makes
    /// and stores there (`var ch chan T; if ch, ok = p.updates[uid]; !ok { ch = make(chan T, 1); p.updates[uid] = ch }`):
    /// the local names one of the class whichever branch gave it.
    /// </summary>
    private static bool OnlyElementsOf(TypeInfo info, BlockStmt body, Var local, string cls)
    {
        var ok = true;
        var stored = false;
        bool IsLocal(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), local);
        info.Nodes.Inspect(body, NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.UnaryExpr | NodeKinds.RangeStmt, n =>
        {
            switch (n)
            {
                case AssignStmt a when ReadsBack(info, a, cls):
                    break;
                case AssignStmt a:
                    for (var i = 0; i < a.Lhs.Count; i++)
                    {
                        if (IsLocal(a.Lhs[i]) && (a.Lhs.Count != a.Rhs.Count || !ChannelMakes.IsMake(info, a.Rhs[i]))) ok = false;
                        if (a.Lhs.Count == a.Rhs.Count && Expr.Unparen(a.Lhs[i]) is IndexExpr slot && ContainerClass(info, slot.X) == cls && IsLocal(a.Rhs[i])) stored = true;
                    }
                    break;
                case ValueSpec vs when vs.Values.Count > 0 && vs.Names.Any(IsLocal):
                case UnaryExpr { Op: Token.And } u when IsLocal(u.X):
                case RangeStmt r when r.Key is { } k && IsLocal(k) || r.Value is { } v && IsLocal(v):
                    ok = false;
                    break;
            }
            return ok;
        });
        return ok && stored;
    }

    /// <summary>
    /// A channel parameter every call of whose function in the package passes one of a class (`go p.managePodLoop(ch)`,
    /// ch read from `p.podUpdates`) names that class in the function: its receives are the class's (the loop serving
    /// each element). A parameter the function assigns, or a function named other than in a call, keeps none.
    /// </summary>
    private void ParametersGiven(TypeInfo info, IReadOnlyList<FunctionBody> functions, HashSet<Var> reassigned)
    {
        var parameters = new List<(Func F, int Index, Var Param)>();
        foreach (var fn in functions)
            if (fn.Function is FuncDecl { Type.Params: { } ps } decl && info.Defs.GetValueOrDefault(decl.Name) is Func f)
                foreach (var field in ps.List)
                    foreach (var name in field.Names)
                        if (info.Defs.GetValueOrDefault(name) is Var pv && pv.Type.Underlying is Semantics.Types.ChanType && !reassigned.Contains(pv)
                            && ChannelFieldAliases.ParameterIndex(info, fn, pv) is var (_, index))
                            parameters.Add((f, index, pv));
        if (parameters.Count == 0) return;
        var calls = ChannelFieldAliases.CallsOf(info, functions, new HashSet<Func>(parameters.Select(p => p.F), ReferenceEqualityComparer.Instance));
        foreach (var (f, index, param) in parameters)
        {
            if (calls.GetValueOrDefault(f) is not { Count: > 0 } list) continue;
            string? cls = null;
            foreach (var (_, call) in list)
            {
                var given = index < call.Args.Count && !call.Ellipsis.IsValid && Expr.Unparen(call.Args[index]) is Ident id && info.ObjectOf(id) is Var v
                    ? _classOf.GetValueOrDefault(v) : null;
                if (given == null || cls != null && cls != given) { cls = null; break; }
                cls = given;
            }
            if (cls != null) _classOf[param] = cls;
        }
    }

    /// <summary>The class of the element every return of the function hands back (`return ch`, ch stored as one), or null.</summary>
    private static string? ReturnedClass(TypeInfo info, FuncDecl decl, Dictionary<Var, string> storedLocals)
    {
        string? cls = null;
        var ok = true;
        info.Nodes.Inspect(decl.Body!, NodeKinds.FuncLit | NodeKinds.ReturnStmt, n =>
        {
            if (!ok || n is FuncLit) return false;
            if (n is ReturnStmt r)
            {
                if (r.Results is [var e] && Expr.Unparen(e) is Ident id && info.ObjectOf(id) is Var v && storedLocals.TryGetValue(v, out var c) && (cls == null || cls == c)) cls = c;
                else ok = false;
            }
            return ok;
        });
        return ok ? cls : null;
    }

    /// <summary>The constant capacity of a channel made right there (`make(chan T)`) or of a local the body defines
    /// once as one (`ch := make(chan T, 1)`), or null.</summary>
    /// <remarks>A local also given an element read back from the class it is stored in (`ch, ok = p.updates[uid]`, made
    /// only when missing) counts by its one make: what it reads back was stored there before.</remarks>
    private static int? Made(TypeInfo info, BlockStmt body, Expr value, string cls)
    {
        value = Expr.Unparen(value);
        if (value is Ident id && info.ObjectOf(id) is Var local)
        {
            Expr? def = null;
            var defs = 0;
            info.Nodes.Inspect(body, NodeKinds.AssignStmt, n =>
            {
                if (n is AssignStmt a && !ReadsBack(info, a, cls))
                    for (var i = 0; i < a.Lhs.Count; i++)
                        if (Expr.Unparen(a.Lhs[i]) is Ident l && ReferenceEquals(info.ObjectOf(l), local))
                        {
                            defs++;
                            if (a.Lhs.Count == a.Rhs.Count) def = a.Rhs[i];
                        }
                return defs < 2;
            });
            if (defs != 1 || def == null) return null;
            value = Expr.Unparen(def);
        }
        return ChannelMakes.Capacity(info, value);
    }

    /// <summary>Whether the assignment reads one element of the class into its first target (`ch, ok = p.updates[uid]`).</summary>
    private static bool ReadsBack(TypeInfo info, AssignStmt a, string cls) =>
        a.Rhs is [var rhs] && a.Lhs.Count is 1 or 2 && Expr.Unparen(rhs) is IndexExpr ix && ContainerClass(info, ix.X) == cls;

    private static bool InLiteral(TypeInfo info, BlockStmt body, Node n) =>
        info.Nodes.Any(body, NodeKinds.FuncLit, x => x is FuncLit lit && n.Pos().Value >= lit.Pos().Value && n.End().Value <= lit.End().Value);

    private static bool Returns(TypeInfo info, BlockStmt body, Var local) =>
        info.Nodes.Any(body, NodeKinds.ReturnStmt, n => n is ReturnStmt r && r.Results.Any(e => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), local)));
}
