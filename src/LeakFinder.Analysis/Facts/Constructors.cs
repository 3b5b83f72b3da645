using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Functions of the package that build a value holding their receiver or a parameter in a pointer field: every return
/// statement gives nil or a literal `&amp;T{field: p}` at that result, with the same parameter in the same field (`func (r
/// *Registry) dial(m *member) error { ...; return &amp;memberError{reg: r} }`). At a call, the built value's field is then
/// the call's receiver or argument (<see cref="MutexAliases"/>: err.reg.mu is r.mu for `err := r.dial(m)`). Only a
/// receiver or parameter the function never assigns nor takes the address of; a return of anything else, or no
/// literal at all, builds nothing known.
/// </summary>
internal sealed class Constructors
{
    private readonly TypeInfo _info;
    private readonly Dictionary<Func, FuncDecl> _decls = new(ReferenceEqualityComparer.Instance);
    /// <summary>Per function and result index: the fields set from its receiver (-1) or a parameter (its index).</summary>
    private readonly Dictionary<(Func, int), Dictionary<string, int>?> _built = new();

    public Constructors(TypeInfo info, IEnumerable<FunctionBody> functions)
    {
        _info = info;
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) _decls[f] = fd;
    }

    /// <summary>The pointer fields of the value the call gives at result <paramref name="index"/> that hold the call's
    /// receiver or arguments, each as the caller's expression; null when none is known.</summary>
    public Dictionary<string, Expr>? PointersSet(CallExpr call, int index)
    {
        if (_decls.Count == 0 || Calls.Callee(_info, call) is not { Signature: { Variadic: false } } f || !_decls.TryGetValue(f, out var decl)) return null;
        if (Built(f, decl, index) is not { Count: > 0 } fields) return null;
        Expr? receiver = null;
        if (f.IsMethod)
        {
            if (Expr.Unparen(call.Fun) is not SelectorExpr sel || !_info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.MethodVal) return null;
            receiver = sel.X;
        }
        Dictionary<string, Expr>? result = null;
        foreach (var (field, source) in fields)
        {
            var value = source < 0 ? receiver : source < call.Args.Count ? call.Args[source] : null;
            if (value != null) (result ??= new(StringComparer.Ordinal))[field] = value;
        }
        return result;
    }

    private Dictionary<string, int>? Built(Func f, FuncDecl decl, int index)
    {
        if (_built.TryGetValue((f, index), out var known)) return known;
        _built[(f, index)] = null;
        var results = f.Signature?.Results.Vars;
        if (decl.Body == null || results == null || index >= results.Count) return null;
        var sources = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
        LockFlow.IndexParameters(_info, decl.Type, sources);
        if (decl.Recv?.List is [{ Names: [var recvName] }] && _info.Defs.GetValueOrDefault(recvName) is Var rv) sources[rv] = -1;
        Dictionary<string, int>? fields = null;
        var ok = true;
        _info.Nodes.Inspect(decl.Body, NodeKinds.ReturnStmt | NodeKinds.FuncLit | NodeKinds.AssignStmt | NodeKinds.IncDecStmt | NodeKinds.UnaryExpr, n =>
        {
            if (!ok || n is FuncLit) return false;
            switch (n)
            {
                case AssignStmt a when a.Lhs.Any(Own):
                case IncDecStmt d when Own(d.X):
                case UnaryExpr { Op: Token.And } u when Own(u.X):
                    ok = false;
                    return false;
                case ReturnStmt ret:
                    if (ret.Results.Count != results.Count) ok = false;
                    else if (!_info.IsNil(ret.Results[index])) ok = Returned(ret.Results[index], ref fields);
                    return false;
            }
            return true;
        });
        return _built[(f, index)] = ok ? fields : null;

        bool Own(Expr e) => Expr.Unparen(e) is Ident id && _info.ObjectOf(id) is Var v && sources.ContainsKey(v);

        // `&T{field: p}`: the pointer fields set from a source; with those of the returns before, the fields all agree on.
        bool Returned(Expr value, ref Dictionary<string, int>? into)
        {
            if (Expr.Unparen(value) is not UnaryExpr { Op: Token.And, X: CompositeLit lit }) return false;
            var here = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var el in lit.Elts)
                if (el is KeyValueExpr { Key: Ident key } kv && Expr.Unparen(kv.Value) is Ident id && _info.ObjectOf(id) is Var v
                    && sources.TryGetValue(v, out var source) && v.Type.Underlying is PointerType)
                    here[key.Name] = source;
            if (into == null) into = here;
            else
                foreach (var field in into.Keys.ToList())
                    if (!here.TryGetValue(field, out var s) || s != into[field]) into.Remove(field);
            return true;
        }
    }
}
