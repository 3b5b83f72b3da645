using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>What one mention of a tracked variable does to the value it holds.</summary>
public enum RefKind
{
    /// <summary>Reads it (a method call that is no release, a field, a comparison, an argument a callee only reads).</summary>
    Use,
    /// <summary>Releases it: x.Close(), defer x.Close(), cancel(), a helper that closes its parameter.</summary>
    Release,
    /// <summary>Hands it on: returned, stored, sent, passed to a callee that may keep or close it.</summary>
    Escape,
    /// <summary>Captured by a closure that runs who knows when (stored, passed, returned), or its address taken:
    /// who releases it is beyond a path search.</summary>
    Capture,
    /// <summary>Assigned a new value.</summary>
    Overwrite,
}

/// <summary>
/// Classifies each mention of a variable by its syntactic context (the ancestors from the CFG node down to
/// the identifier). Unknown contexts are escapes: when unsure, the value counts as handed on and no one reports.
/// </summary>
public sealed class References(TypeInfo info, ModuleFacts facts)
{
    /// <summary>The X of every range statement of the body: a CFG holds the range's X as a node of its own,
    /// without the RangeStmt above it.</summary>
    public ISet<Expr> RangeHeads { get; } = new HashSet<Expr>(ReferenceEqualityComparer.Instance);

    /// <summary>The body's variables that hold literals and are only called: a mention inside one of their
    /// literals does nothing where it is written (the caller applies it where the variable is called).</summary>
    public LocalClosures Closures { get; set; } = LocalClosures.None;

    public void AddRangeHeads(Node body) =>
        info.Nodes.Inspect(body, NodeKinds.RangeStmt | NodeKinds.FuncLit, n =>
        {
            if (n is RangeStmt r) RangeHeads.Add(r.X);
            return n is not FuncLit;
        });

    /// <summary>Every mention of any of <paramref name="vars"/> inside <paramref name="root"/>, with its kind;
    /// identifiers in <paramref name="skip"/> (the defining ones of acquires) are left out.</summary>
    public void Collect(Node root, IReadOnlyDictionary<GoObject, ReleaseSpec> vars, ISet<Ident>? skip, Action<GoObject, Ident, RefKind> found)
    {
        var names = new NameFilter(vars.Keys);
        info.Nodes.Inspect(root, NodeKinds.Ident, (n, ancestors) =>
        {
            if (n is Ident id && names.Has(id.Name) && (skip == null || !skip.Contains(id)) && info.ObjectOf(id) is { } obj && vars.TryGetValue(obj, out var spec))
                found(obj, id, Classify(ancestors.ToList(), id, spec));
            return true;
        });
    }

    public RefKind Classify(List<Node> anc, Ident id, ReleaseSpec spec)
    {
        var lit = anc.FindIndex(a => a is FuncLit);
        if (lit >= 0) return ClassifyInLiteral(anc, lit, id, spec);
        Expr node = id;
        var k = anc.Count - 1;
        Up(anc, ref node, ref k);
        // The X of a range statement stands alone in the CFG: ranging over a value that is its own registration
        // (a signal channel) ties it to the loop.
        if (k < 0) return spec.RangedOver && RangeHeads.Contains(node) ? RefKind.Release : RefKind.Use;
        if (spec.HandleField != null && anc[k] is SelectorExpr hs && ReferenceEquals(hs.X, node) && hs.Sel.Name == spec.HandleField)
        {
            node = hs;
            k--;
            Up(anc, ref node, ref k);
            if (k < 0) return RefKind.Use;
            if (anc[k] is CallExpr read && ReadsToEof(read, node)) return RefKind.Release;
        }
        if (spec.RangeField != null && anc[k] is SelectorExpr rs && ReferenceEquals(rs.X, node) && rs.Sel.Name == spec.RangeField
            && (k > 0 ? anc[k - 1] is RangeStmt loop && ReferenceEquals(loop.X, rs) : RangeHeads.Contains(rs)))
            return RefKind.Release;
        return ClassifyAt(anc, node, k, spec);
    }

    /// <summary>
    /// A mention inside the function literal anc[lit]. A literal called where it stands (`defer func() {
    /// f.Close() }()`, `func() { ... }()`) runs its body at that node, so the mention counts as it would there,
    /// wherever it sits in the body (flow-insensitive: any release in it releases). A literal started as a
    /// goroutine may release the value later: handed on. A literal held by a local closure variable acts where
    /// the variable is called (<see cref="LocalClosures"/>), not here. Any other literal (stored, passed,
    /// returned) runs who knows when, and so does an assignment inside a literal: captured.
    /// </summary>
    private RefKind ClassifyInLiteral(List<Node> anc, int lit, Ident id, ReleaseSpec spec)
    {
        Expr fun = (FuncLit)anc[lit];
        var k = lit - 1;
        Up(anc, ref fun, ref k);
        if (k < 0 || anc[k] is not CallExpr call || !ReferenceEquals(call.Fun, fun))
            return Closures.IsBound((FuncLit)anc[lit]) ? RefKind.Use : RefKind.Capture;
        if (k > 0 && anc[k - 1] is GoStmt) return RefKind.Escape;
        var inner = Classify(anc.GetRange(lit + 1, anc.Count - lit - 1), id, spec);
        return inner == RefKind.Overwrite ? RefKind.Capture : inner;
    }

    /// <summary>What the expression <paramref name="node"/> (whose parent is anc[k]) does with the value.</summary>
    private RefKind ClassifyAt(List<Node> anc, Expr node, int k, ReleaseSpec spec)
    {
        var parent = anc[k];
        switch (parent)
        {
            case SelectorExpr sel when ReferenceEquals(sel.X, node):
            {
                var name = sel.Sel.Name;
                if (k > 0 && anc[k - 1] is CallExpr c && ReferenceEquals(c.Fun, sel))
                    return spec.Methods.Contains(name) ? RefKind.Release : RefKind.Use;
                if (info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal)
                    return spec.Methods.Contains(name) ? RefKind.Escape : RefKind.Use;
                return RefKind.Use;
            }
            case CallExpr call:
            {
                if (ReferenceEquals(call.Fun, node)) return spec.ByCall ? RefKind.Release : RefKind.Use;
                var i = call.Args.IndexOf(node);
                // A conversion carries the value to its context: a release there (`C.free(unsafe.Pointer(p))`,
                // `syscall.Close(int(fd))`) or a C function borrowing it counts; anything else still hands it on, as
                // a callee given it under another type (atomic.StorePointer(&p, unsafe.Pointer(c))) may keep it.
                if (i == 0 && call.Args.Count == 1 && Calls.IsConversion(info, call))
                {
                    Expr converted = call;
                    var c = k - 1;
                    Up(anc, ref converted, ref c);
                    if (c < 0) return RefKind.Use;
                    var carried = ClassifyAt(anc, converted, c, spec);
                    return carried == RefKind.Release || (anc[c] is CallExpr borrower && Calls.IsCgoCall(info, borrower)) ? carried : RefKind.Escape;
                }
                if (i >= 0 && spec.Functions != null && Calls.Callee(info, call)?.FullName is { } fn && spec.Functions.TryGetValue(fn, out var released) && released == i)
                    return RefKind.Release;
                // `go handle(ch)`: a goroutine handed a registration (a signal channel) is its consumer for as long as it runs.
                if (i >= 0 && spec.RangedOver && k > 0 && anc[k - 1] is GoStmt g && ReferenceEquals(g.Call, call)) return RefKind.Escape;
                if (i < 0 || ArgMayOwn(call, i)) return RefKind.Escape;
                // bufio.NewReader(f), json.NewDecoder(f): a result that may wrap the argument carries it on.
                if (!ResultMayWrap(call)) return RefKind.Use;
                Expr outer = call;
                var j = k - 1;
                Up(anc, ref outer, ref j);
                if (j < 0) return RefKind.Use;
                // A wrapper kept in a new local (s := bufio.NewScanner(f)) is taken as used here, not handed on.
                if (anc[j] is AssignStmt { Tok: Token.Define }) return RefKind.Use;
                var r = ClassifyAt(anc, outer, j, NoRelease);
                return r == RefKind.Use ? RefKind.Use : RefKind.Escape;
            }
            case AssignStmt asg:
            {
                if (asg.Lhs.IndexOf(node) >= 0) return asg.Tok == Token.Define || asg.Tok == Token.Assign ? RefKind.Overwrite : RefKind.Use;
                var i = asg.Rhs.IndexOf(node);
                return asg.Lhs.Count == asg.Rhs.Count && i >= 0 && asg.Lhs[i] is Ident { Name: "_" } ? RefKind.Use : RefKind.Escape;
            }
            case UnaryExpr u:
                return u.Op == Token.And ? RefKind.Capture : RefKind.Use;
            case BinaryExpr or IfStmt or SwitchStmt or ExprStmt or IncDecStmt or CaseClause:
                return RefKind.Use;
            case SendStmt send:
                return ReferenceEquals(send.Value, node) ? RefKind.Escape : RefKind.Use;
            case RangeStmt r:
                return ReferenceEquals(r.X, node) ? (spec.RangedOver ? RefKind.Release : RefKind.Use) : RefKind.Overwrite;
            case IndexExpr:
            case SliceExpr sl when ReferenceEquals(sl.X, node):
                return RefKind.Use;
            default:
                // returned, stored in a composite literal, declared into another variable, converted, dereferenced.
                return RefKind.Escape;
        }
    }

    private static readonly ReleaseSpec NoRelease = new(new HashSet<string>());

    /// <summary>Whether the call reads arg to EOF (<see cref="StdOwnership.ReadsToEofArg"/>).</summary>
    private bool ReadsToEof(CallExpr call, Expr arg) =>
        Calls.Callee(info, call)?.FullName is { } name && StdOwnership.ReadsToEofArg(name) is var i && i >= 0 && i == call.Args.IndexOf(arg);

    /// <summary>Whether a call's result could hold on to an argument: anything but numbers, strings, bools, errors and byte slices.</summary>
    private bool ResultMayWrap(CallExpr call)
    {
        // A C function's result has no Go type here; one that borrows its arguments (see ArgMayOwn) does not keep them in it.
        if (Calls.IsCgoCall(info, call)) return StdOwnership.CgoMayOwn;
        if (info.TypeOf(call) is not { } t) return true;
        if (t is TupleType tuple)
        {
            foreach (var v in tuple.Vars)
                if (MayHold(v.Type)) return true;
            return false;
        }
        return MayHold(t);
    }

    private static bool MayHold(GoType t)
    {
        if (t is NamedType { Obj.Name: "error", Obj.Pkg: null }) return false;
        var u = t.Underlying;
        return u switch
        {
            BasicType b => b.Kind == BasicKind.Invalid,
            SliceType { Elem.Underlying: BasicType } => false,
            _ => true,
        };
    }

    private static void Up(List<Node> anc, ref Expr node, ref int k)
    {
        while (k >= 0 && anc[k] is ParenExpr p)
        {
            node = p;
            k--;
        }
    }

    /// <summary>Whether a function literal called in place (`defer func(b io.ReadCloser) { ... }(resp.Body)`) may
    /// release or keep its argument i, judged from its body as a summary judges a declared function.</summary>
    private bool LiteralMayOwn(FuncLit lit, int i)
    {
        var names = new List<Ident?>();
        foreach (var field in lit.Type.Params.List)
        {
            if (field.Names.Count == 0) names.Add(null);
            foreach (var n in field.Names) names.Add(n);
        }
        if (names.Count == 0) return true;
        var p = names[Math.Min(i, names.Count - 1)];
        if (p == null || p.Name == "_") return false;
        if (info.Defs.GetValueOrDefault(p) is not Var v) return true;
        var owns = false;
        Collect(lit.Body, new Dictionary<GoObject, ReleaseSpec>(ReferenceEqualityComparer.Instance) { [v] = ReleaseSpec.AnyRelease }, null,
            (_, _, kind) => owns |= kind != RefKind.Use);
        return owns;
    }

    /// <summary>Whether the callee may close, stop or keep argument i: by its summary when the module declares
    /// it, by its parameter type when std declares it, and yes when unknown.</summary>
    public bool ArgMayOwn(CallExpr call, int i)
    {
        if (Calls.BuiltinName(info, call) is { } builtin) return builtin is "append" or "panic";
        if (Calls.IsConversion(info, call)) return true;

        // functions given C memory borrow it far more often than they take it over, so it is trusted to borrow.
        if (Calls.IsCgoCall(info, call)) return StdOwnership.CgoMayOwn;
        if (Expr.Unparen(call.Fun) is FuncLit lit) return LiteralMayOwn(lit, i);
        if (Closures.LiteralsCalledBy(info, call) is { } lits) return lits.Any(l => LiteralMayOwn(l, i));
        var callee = Calls.Callee(info, call);
        if (callee?.Signature is not { } sig) return true;
        if (Expr.Unparen(call.Fun) is SelectorExpr sel && info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodExpr) return true;
        if (facts.SummaryOf(callee) is { } summary) return summary.MayOwnParam(i, sig);
        // An interface method's implementation is unknown (testDeps.StartCPUProfile keeps its writer).
        if (sig.Recv?.Type.Underlying is InterfaceType) return true;
        if (StdOwnership.KeepsArguments.Contains(callee.FullName)) return true;
        if (Calls.IsStd(callee.Pkg) && Calls.ParamType(sig, i, call.Ellipsis.IsValid) is { } pt) return StdOwnership.StdParamMayOwn(pt, callee);
        return true;
    }
}

/// <summary>
/// The names of a few objects: an identifier denotes an object of its own name, so one whose name is none of
/// theirs denotes none of them. Tested before the type information's lookups, which a walk over every
/// identifier of a body otherwise makes for each (most bodies track one to three variables).
/// </summary>
internal readonly struct NameFilter
{
    // Up to four names in fields (no allocation: a filter is made per walk), more in a set.
    private readonly string? _a, _b, _c, _d;
    private readonly HashSet<string>? _many;

    public NameFilter(IEnumerable<GoObject> objects)
    {
        foreach (var o in objects)
        {
            var name = o.Name;
            if (_many != null) _many.Add(name);
            else if (_a == null || _a == name) _a = name;
            else if (_b == null || _b == name) _b = name;
            else if (_c == null || _c == name) _c = name;
            else if (_d == null || _d == name) _d = name;
            else _many = new HashSet<string>(StringComparer.Ordinal) { _a, _b, _c, _d, name };
        }
    }

    public bool Has(string name) =>
        _many?.Contains(name) ?? (name == _a || name == _b || name == _c || name == _d);
}
