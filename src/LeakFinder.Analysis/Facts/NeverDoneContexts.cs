using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>Why a context is never done: the root it is made from (`context.TODO()`, at RootAt), what more to say
/// after naming it (Detail), and, when only one caller of the package makes it so (a parameter other callers may fill
/// otherwise), that call.</summary>
public sealed record NeverDone(string Root, Node RootAt, CallExpr? Witness, string Detail = "");

/// <summary>
/// Contexts that can never be done, so that `case &lt;-ctx.Done():` is never chosen (Background's and TODO's Done is
/// nil) and a select with it waits on its other cases alone. A context is never done when it is made only from
/// `context.Background()` or `TODO()`: directly, through `context.WithValue`, a local every assignment fills so, a field
/// every store of the package fills so (a loop's context kept by the constructor), a parameter every call of the
/// package passes so (the context a constructor hands to its loop goroutine, on to its helpers), or a function or getter
/// every return of which is such (a `Context()` that falls back to Background when the value it is called on carries
/// none). Strict: anything else (a context from outside the package, an exported field or function other packages can
/// fill or call) may be done, as the rules assumed before this fact.
/// </summary>
public sealed partial class NeverDoneContexts
{
    public static readonly PackageAnalysis<NeverDoneContexts> Analysis = new(
        "never-done-contexts", "contexts made only from context.Background or TODO, whose Done case a select never takes",
        pass => new NeverDoneContexts(pass.Info, pass.Package.Files.Select(f => f.File).ToList(), pass.ResultOf(Visibility.Analysis)), Visibility.Analysis) { OnDemand = true };

    private readonly TypeInfo _info;
    private readonly IReadOnlyList<Syntax.Ast.File> _files;
    private readonly Visibility _visibility;
    private Index? _index;
    private readonly Dictionary<(Node, bool), NeverDone?> _memo = new();
    private readonly HashSet<(Node, bool)> _visiting = [];

    public NeverDoneContexts(TypeInfo info, IReadOnlyList<Syntax.Ast.File> files, Visibility visibility) =>
        (_info, _files, _visibility) = (info, files, visibility);

    /// <summary>The select case `case &lt;-x.Done():` (or `v := &lt;-x.Done()`) on a context that is never done, and why;
    /// null for any other case.</summary>
    /// <param name="witnesses">Also accept a parameter one caller of the package (not a test driver) fills with a
    /// never-done context, named in the result: for a rule that reports that call path, not for a summary of the
    /// function its callers read whatever they pass.</param>
    public NeverDone? DoneCase(CommClause clause, bool witnesses = false)
    {
        var received = clause.Comm switch { ExprStmt { X: var x } => x, AssignStmt { Rhs: [var r] } => r, _ => null };
        if (received == null || Expr.Unparen(received) is not UnaryExpr { Op: Token.Arrow } u
            || Expr.Unparen(u.X) is not CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } done, Args.Count: 0 }
            || !Rules.Channels.IsContext(_info.TypeOf(done.X))) return null;
        return Of(done.X, witnesses);
    }

    /// <summary>Why the context expression is never done, or null when it may be.</summary>
    public NeverDone? Of(Expr ctx, bool witnesses = false)
    {
        if (!UsesContextRoots()) return null;
        _index ??= new Index(_info, _files);
        return Eval(ctx, witnesses);
    }

    /// <summary>No context.Background or TODO in the package, no context derived with a cancel, and no method named Done
    /// to override a context's: nothing can be never done, and nothing is indexed.</summary>
    private bool? _usesRoots;
    private bool UsesContextRoots() => _usesRoots ??= _info.Uses.Values.Any(o => o is Func { Name: "Background" or "TODO" or "WithCancel" or "WithCancelCause", Pkg.Path: "context" })
                                                     || _info.Defs.Values.Any(o => o is Func { Name: "Done", IsMethod: true });

    /// <summary>Whether a context of the package may be never done at all: it calls context.Background or TODO, or
    /// derives a context whose cancel it may lose (a cheap test rules make before asking).</summary>
    public static bool MayApply(Pass pass) =>
        pass.UsesFunction("context.Background") || pass.UsesFunction("context.TODO") || pass.UsesFunction("context.WithCancel") || pass.UsesFunction("context.WithCancelCause");

    private NeverDone? Eval(Expr e, bool w)
    {
        e = Expr.Unparen(e);
        var key = ((Node)e, w);
        if (_memo.TryGetValue(key, out var known)) return known;
        if (!_visiting.Add(key)) return null; // a cycle proves nothing
        NeverDone? result;
        try { result = Compute(e, w); }
        finally { _visiting.Remove(key); }
        return _memo[key] = result;
    }

    private NeverDone? Compute(Expr e, bool w)
    {
        switch (e)
        {
            case CallExpr call:
                var callee = Calls.Callee(_info, call);
                if (callee?.FullName is "context.Background" or "context.TODO") return new NeverDone($"context.{callee.Name}()", call, null);
                if (callee?.FullName == "context.WithValue" && call.Args.Count == 3) return Eval(call.Args[0], w);
                if (_index!.CancelTargets.TryGetValue(call, out var cancelTarget) && CancelNeverCalled(cancelTarget) is { } lost)
                    return Eval(call.Args[0], w) is { } parent
                        ? parent with { Detail = parent.Detail + $", and its cancel ({lost}) is never called" }
                        : new NeverDone($"a context derived with {callee!.Pkg!.Name}.{callee.Name}", call, null, $" whose cancel ({lost}) is never called, so it ends only if its parent does");
                return callee != null && _index!.Decls.TryGetValue(callee, out var decl) ? FromReturns(decl, call, w) : null;
            case Ident id when _info.ObjectOf(id) is Var { IsField: false } v:
                return OfVar(v, w);
            case SelectorExpr sel when _info.Selections.TryGetValue(sel, out var s) && s is { Kind: SelectionKind.FieldVal, Obj: Var field }:
                return OfField(field);
            case UnaryExpr { Op: Token.And, X: var inner } when Expr.Unparen(inner) is CompositeLit pointed:
                return DoneOverride(pointed);
            case CompositeLit lit:
                return DoneOverride(lit);
            default:
                return null;
        }
    }

    /// <summary>The cancel of a derived context, named, when nothing can ever call it: thrown away (`_`), or kept in an
    /// unexported field of the package that nothing reads (no call, method value, nil check or copy); null otherwise.</summary>
    private string? CancelNeverCalled(Expr target)
    {
        target = Expr.Unparen(target);
        if (target is Ident { Name: "_" }) return "discarded";
        if (target is not SelectorExpr sel || !_info.Selections.TryGetValue(sel, out var s) || s is not { Kind: SelectionKind.FieldVal, Obj: Var field }
            || _visibility.Outside(field) || _index!.AddressTaken.Contains(field) || _index.FieldsRead.Contains(field)) return null;
        var owner = _info.TypeOf(sel.X) is var t && (t is PointerType pt ? pt.Elem : t) is NamedType n ? n.Obj.Name + "." : "";
        return owner + field.Name;
    }

    /// <summary>A literal of a package type that overrides Done (`stopCtx{Context: ctx, stopCh: c.stopCh}` with
    /// `func (c stopCtx) Done() &lt;-chan struct{} { return c.stopCh }`): never done when every return of its Done is a
    /// field of the receiver that every store of the package fills with a channel nothing closes or sends on.</summary>
    private NeverDone? DoneOverride(CompositeLit lit)
    {
        var index = _index!;
        var type = _info.TypeOf(lit);
        if (type is PointerType p) type = p.Elem;
        if (type is not NamedType named) return null;
        var done = index.Decls.FirstOrDefault(d => d.Key.Name == "Done" && d.Key.Signature?.Recv?.Type is var rt
            && ReferenceEquals((rt as PointerType)?.Elem ?? rt, named)).Value;
        if (done == null || done.Type.Params.List.Count > 0 || !index.Returns.TryGetValue(done, out var returns) || returns.Count == 0) return null;
        var recv = done.Recv is { List: [{ Names: [var rn] }] } ? _info.Defs.GetValueOrDefault(rn) as Var : null;
        NeverDone? first = null;
        foreach (var (ret, _) in returns)
        {
            if (recv == null || ret.Results is not [var result] || Expr.Unparen(result) is not SelectorExpr rs || Expr.Unparen(rs.X) is not Ident ri
                || !ReferenceEquals(_info.ObjectOf(ri), recv) || !_info.Selections.TryGetValue(rs, out var sel) || sel.Obj is not Var field) return null;
            // Every value the field is given (this literal's among them) is a channel nothing can close or send on.
            if (!index.FieldStores.TryGetValue(field, out var stores) || index.AddressTaken.Contains(field) || stores.Exists(st => st.Value == null || NeverReady(st.Value) == null)) return null;
            var value = lit.Elts.OfType<KeyValueExpr>().FirstOrDefault(kv => kv.Key is Ident k && ReferenceEquals(_info.ObjectOf(k), field))?.Value;
            if (value == null || NeverReady(value) is not { } channel) return null;
            first ??= new NeverDone($"a {named.Obj.Name}", lit, null, $", whose Done returns {channel}, which nothing closes or sends on");
        }
        return first;
    }

    /// <summary>A channel field (`c.stopCh`) that nothing can make ready, named: unexported, its every value a
    /// `make` of the package, and every use a receive, a range, or a store into a receive-only field: nothing
    /// closes it, sends on it or hands it where either could happen. Null otherwise.</summary>
    private string? NeverReady(Expr e)
    {
        var index = _index!;
        if (Expr.Unparen(e) is not SelectorExpr sel || !_info.Selections.TryGetValue(sel, out var s) || s is not { Kind: SelectionKind.FieldVal, Obj: Var field }
            || field.Type.Underlying is not Semantics.Types.ChanType || _visibility.Outside(field) || index.AddressTaken.Contains(field)
            || index.ChannelEscapes.Contains(field) || !index.FieldStores.TryGetValue(field, out var stores)
            || stores.Exists(st => st.Value == null || Expr.Unparen(st.Value) is not CallExpr make || Calls.BuiltinName(_info, make) != "make")) return null;
        var owner = _info.TypeOf(sel.X) is var t && (t is PointerType pt ? pt.Elem : t) is NamedType n ? n.Obj.Name + "." : "";
        return owner + field.Name;
    }

    private NeverDone? OfVar(Var v, bool w)
    {
        var index = _index!;
        if (index.AddressTaken.Contains(v) || _visibility.Outside(v)) return null;
        var assigned = index.Assigns.GetValueOrDefault(v);
        if (index.Params.TryGetValue(v, out var param))
            return assigned != null ? null : FromCallers(param.Function, param.Index, v, w, arg => Eval(arg, w), (nd, call) => nd.Witness == null ? nd with { Witness = call } : nd);
        if (assigned is not { Count: > 0 } || assigned.Exists(a => a == null)) return null;
        NeverDone? first = null;
        foreach (var value in assigned)
            if (Eval(value!, w) is not { } nd) return null;
            else first ??= nd;
        return first;
    }

    private NeverDone? OfField(Var field)
    {
        var index = _index!;
        if (index.AddressTaken.Contains(field) || _visibility.Outside(field)) return null;
        if (!index.FieldStores.TryGetValue(field, out var stores) || stores.Exists(s => s.Value == null)) return null;
        NeverDone? first = null;
        foreach (var (value, _) in stores)
            if (Eval(value!, false) is not { } nd) return null;
            else first ??= nd;
        return first;
    }

    /// <summary>What the callers of a function pass as its parameter number <paramref name="at"/>, judged by
    /// <paramref name="judge"/>: every call, when the package's calls are the only way the function runs; with
    /// <paramref name="w"/>, else the first call (outside test drivers) the judge accepts, which is then the witness.</summary>
    private T? FromCallers<T>(Node function, int at, Var param, bool w, Func<Expr, T?> judge, Func<T, CallExpr, T> witnessed) where T : class
    {
        var index = _index!;
        if (function is FuncLit lit)
            return index.LiteralCalls.TryGetValue(lit, out var litCall) && Arg(litCall, at) is { } a ? judge(a) : null;
        if (function is not FuncDecl fd || _info.Defs.GetValueOrDefault(fd.Name) is not Func f) return null;
        var calls = index.Calls.GetValueOrDefault(f) ?? [];
        if (calls.Count > 0 && calls.Count == index.References.GetValueOrDefault(f) && !Reachable(f) && !index.InterfaceMethodNames.Contains(f.Name))
        {
            T? first = null;
            foreach (var (call, caller) in calls)
            {
                // A test driver passing Background is no proof: the test picks both sides' contexts.
                if (caller is { } d && TestDrivers.Is(d) || Arg(call, at) is not { } arg) { first = null; break; }
                if (Expr.Unparen(arg) is Ident self && ReferenceEquals(_info.ObjectOf(self), param)) continue; // recursion passes it on
                if (judge(arg) is not { } r) { first = null; break; }
                first ??= r;
            }
            if (first != null) return first;
        }
        if (!w) return null;
        foreach (var (call, caller) in calls)
            if (caller is not { } d || !TestDrivers.Is(d))
                if (Arg(call, at) is { } arg && judge(arg) is { } r)
                    return witnessed(r, call);
        return null;
    }

    /// <summary>The argument for parameter number <paramref name="at"/> (the receiver is -1), or null for a spread call.</summary>
    private static Expr? Arg(CallExpr call, int at)
    {
        if (call.Ellipsis.IsValid) return null;
        if (at < 0) return Expr.Unparen(call.Fun) is SelectorExpr sel ? sel.X : null;
        return at < call.Args.Count ? call.Args[at] : null;
    }

    /// <summary>Whether code outside the package can call the function: exported, and a method of an exported type.</summary>
    private bool Reachable(Func f)
    {
        if (!_visibility.Outside(f)) return false;
        var recv = f.Signature?.Recv?.Type;
        if (recv is PointerType p) recv = p.Elem;
        return recv is not NamedType n || n.Obj.Exported;
    }

    /// <summary>A package function returning one context: never done when every return is. A return of its receiver's
    /// field under `if r.f != nil` counts for nothing when the value it is called on never has that field set (a
    /// getter falling back to Background for a request made without a context).</summary>
    private NeverDone? FromReturns(FuncDecl decl, CallExpr call, bool w)
    {
        if (decl.Type.Results is not { List: [{ Names.Count: <= 1 }] } || !_index!.Returns.TryGetValue(decl, out var returns)) return null;
        var recv = decl.Recv is { List: [{ Names: [var rn] }] } ? _info.Defs.GetValueOrDefault(rn) as Var : null;
        NeverDone? first = null;
        CallExpr? witness = null;
        foreach (var (ret, guard) in returns)
        {
            if (ret.Results.Count != 1) return null;
            if (Eval(ret.Results[0], w) is { } nd) { first ??= nd; continue; }
            if (recv == null || guard == null || Expr.Unparen(ret.Results[0]) is not SelectorExpr rs || Expr.Unparen(rs.X) is not Ident ri
                || !ReferenceEquals(_info.ObjectOf(ri), recv) || !_info.Selections.TryGetValue(rs, out var s) || s.Obj is not Var field
                || !ReferenceEquals(guard, field) || Arg(call, -1) is not { } on || Unset(on, field, w) is not { } unset) return null;
            witness ??= unset.Witness;
        }
        return first == null ? null : witness != null && first.Witness == null ? first with { Witness = witness } : first;
    }

    /// <summary>A value whose field is never set: proved for this value, with the call that passes it when only one does.</summary>
    private sealed record FieldUnset(CallExpr? Witness);

    private readonly Dictionary<(Node, Var, bool), FieldUnset?> _unsetMemo = new();

    /// <summary>Whether the value of <paramref name="e"/> never has <paramref name="field"/> set: every store of the field
    /// in the package goes into a value its storing function makes (`r2 := *r; r2.ctx = ctx; return &amp;r2`), so no
    /// value that exists is changed, and this one is made without it (a literal without the field, a constructor
    /// returning one, a parameter its callers fill so).</summary>
    private FieldUnset? Unset(Expr e, Var field, bool w)
    {
        var index = _index!;
        if (index.AddressTaken.Contains(field) || _visibility.Outside(field) || index.StoredWhole.Exists(st => st.Fields.Contains(field))) return null;
        // A literal setting the field makes a new value; a store into a variable the function made changes no value it was given.
        if (index.FieldStores.TryGetValue(field, out var stores) && stores.Exists(s => s.Target != null && !index.IsFreshLocal(s.Target))) return null;
        e = Expr.Unparen(e);
        var key = ((Node)e, field, w);
        if (_unsetMemo.TryGetValue(key, out var known)) return known;
        _unsetMemo[key] = null; // a cycle proves nothing
        return _unsetMemo[key] = UnsetOf(e, field, w);
    }

    private FieldUnset? UnsetOf(Expr e, Var field, bool w)
    {
        var index = _index!;
        switch (e)
        {
            case UnaryExpr { Op: Token.And, X: var x } when Expr.Unparen(x) is CompositeLit lit:
                return LiteralLacks(lit, field);
            case CompositeLit lit:
                return LiteralLacks(lit, field);
            case CallExpr call when Calls.Callee(_info, call) is { } callee && index.Decls.TryGetValue(callee, out var decl)
                                    && decl.Type.Results is { List: [{ Names.Count: <= 1 }] } && index.Returns.TryGetValue(decl, out var returns) && returns.Count > 0:
                CallExpr? witness = null;
                foreach (var (ret, _) in returns)
                    if (ret.Results.Count != 1 || Unset(ret.Results[0], field, w) is not { } u) return null;
                    else witness ??= u.Witness;
                return new FieldUnset(witness);
            case Ident id when _info.ObjectOf(id) is Var { IsField: false } v && !index.AddressTaken.Contains(v):
                var assigned = index.Assigns.GetValueOrDefault(v);
                if (index.Params.TryGetValue(v, out var param))
                    return assigned != null ? null : FromCallers(param.Function, param.Index, v, w, arg => Unset(arg, field, w), (u, call) => u.Witness == null ? u with { Witness = call } : u);
                if (assigned is not { Count: > 0 } || assigned.Exists(a => a == null)) return null;
                CallExpr? first = null;
                foreach (var value in assigned)
                    if (Unset(value!, field, w) is not { } u) return null;
                    else first ??= u.Witness;
                return new FieldUnset(first);
            default:
                return null;
        }
    }

    private FieldUnset? LiteralLacks(CompositeLit lit, Var field)
    {
        foreach (var elt in lit.Elts)
            if (elt is not KeyValueExpr { Key: Ident k } || ReferenceEquals(_info.ObjectOf(k), field)) return null;
        return new FieldUnset(null);
    }
}
