using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The function literals a call runs before it returns, on the caller's goroutine: a literal called through a
/// local variable defined once from it (`emit := func(p string) { out &lt;- p }; emit(p)`), and a literal (or such
/// a variable) handed to a function that calls that parameter itself (the package's recursive `walk(root, fn)`,
/// `filepath.Walk`, `sort.Slice`). A rule that judges what a goroutine does (sends it blocks on) looks into them as
/// into its own statements. A literal handed to a function that keeps it, or starts it as a goroutine, is not here.
/// </summary>
internal sealed class InPlaceLiterals
{
    private readonly TypeInfo _info;
    private readonly Dictionary<Func, HashSet<int>> _calledParams;
    /// <summary>Local variables defined from a literal and never assigned again nor addressed; null: not one.</summary>
    private readonly Dictionary<Var, FuncLit?> _locals = new(ReferenceEqualityComparer.Instance);

    public InPlaceLiterals(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        _info = info;
        var declared = new List<(Func, FuncDecl)>();
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) declared.Add((f, fd));
        _calledParams = LockEvents.ParametersCalled(info, declared);
        FuncValues.WalkStores(info, functions, NodeKinds.UnaryExpr | NodeKinds.ValueSpec, (lhs, rhs, define) =>
        {
            if (Expr.Unparen(lhs) is not Ident id || info.ObjectOf(id) is not Var v) return;
            _locals[v] = define && !_locals.ContainsKey(v) && rhs != null && Expr.Unparen(rhs) is FuncLit lit ? lit : null;
        }, n =>
        {
            switch (n)
            {
                case UnaryExpr { Op: Syntax.Token.And } u when Expr.Unparen(u.X) is Ident id && info.ObjectOf(id) is Var v:
                    _locals[v] = null;
                    break;
                // `var emit = func(..) {..}`, or declared first and assigned later (then unknown).
                case ValueSpec spec:
                    for (var i = 0; i < spec.Names.Count; i++)
                        if (info.Defs.GetValueOrDefault(spec.Names[i]) is Var v)
                            _locals[v] = spec.Values.Count == spec.Names.Count && Expr.Unparen(spec.Values[i]) is FuncLit lit ? lit : null;
                    break;
            }
        });
    }

    /// <summary>The literals the call runs in place: the one its function names, and those of its arguments the
    /// callee calls itself.</summary>
    public IEnumerable<FuncLit> RunBy(CallExpr call)
    {
        if (LiteralOf(call.Fun) is { } called) yield return called;
        if (CalledParameters(call) is not { } indices) yield break;
        foreach (var i in indices)
            if (i < call.Args.Count && LiteralOf(call.Args[i]) is { } arg) yield return arg;
    }

    private FuncLit? LiteralOf(Expr e) => Expr.Unparen(e) switch
    {
        FuncLit lit => lit,
        Ident id when _info.ObjectOf(id) is Var v && _locals.GetValueOrDefault(v) is { } lit => lit,
        _ => null,
    };

    private HashSet<int>? CalledParameters(CallExpr call) => LockEvents.CalledParameters(_info, _calledParams, call);
}
