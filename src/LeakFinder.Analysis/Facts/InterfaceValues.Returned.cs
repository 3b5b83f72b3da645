using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// What the package's functions return through an interface-typed result: `func (r *Replica) propose(cmd string)
/// Future { p := &amp;proposal{..}; ...; return p }` gives a *proposal, `func NewStore() (Store, error)` gives
/// whatever its returns give at index 0. Known only when every return statement of the function (its literals'
/// returns aside) gives nil, a value of a concrete named type, or the result of another such function; a naked
/// return, a parameter or a value of interface type makes it unknown. A local defined from such a call (`f :=
/// r.propose(cmd)`, `s, err := NewStore()`) and never given anything unknown holds those types, so a method call
/// through it (`f.Wait()`) runs one of their methods.
/// </summary>
internal sealed partial class InterfaceValues
{
    private readonly Dictionary<Func, FuncDecl> _decls = new(ReferenceEqualityComparer.Instance);
    /// <summary>Receivers, parameters and named results: their values come from callers or naked returns, which the
    /// walk does not see, so an assignment in the body never makes them known.</summary>
    private readonly HashSet<Var> _params = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(Func, int), List<NamedType>?> _returned = new();

    private void IndexFunctions(IReadOnlyList<FunctionBody> functions)
    {
        foreach (var fn in functions)
        {
            FuncType? type = null;
            switch (fn.Function)
            {
                case FuncDecl fd:
                    if (_info.Defs.GetValueOrDefault(fd.Name) is Func f) _decls[f] = fd;
                    AddParams(fd.Recv);
                    type = fd.Type;
                    break;
                case FuncLit lit:
                    type = lit.Type;
                    break;
            }
            if (type == null) continue;
            AddParams(type.Params);
            AddParams(type.Results);
        }
    }

    private void AddParams(FieldList? fields)
    {
        if (fields == null) return;
        foreach (var field in fields.List)
            foreach (var name in field.Names)
                if (_info.Defs.GetValueOrDefault(name) is Var v) _params.Add(v);
    }

    /// <summary>The concrete named types the call's result at index may hold, when the callee is a function of the
    /// package whose returns are all known; null otherwise.</summary>
    internal List<NamedType>? ReturnedTypes(CallExpr call, int index) =>
        Calls.Callee(_info, call) is { } f && _decls.TryGetValue(f.Declared, out var decl) ? Returned(f.Declared, decl, index) : null;

    private List<NamedType>? Returned(Func f, FuncDecl decl, int index)
    {
        if (_returned.TryGetValue((f, index), out var known)) return known;
        // Recursion (a function returning its own call) is unknown while it is worked out.
        _returned[(f, index)] = null;
        var results = f.Signature?.Results.Vars;
        var ok = decl.Body != null && results != null && index < results.Count && results[index].Type.Underlying is InterfaceType;
        var types = new List<NamedType>();
        if (ok)
            _info.Nodes.Inspect(decl.Body!, NodeKinds.ReturnStmt | NodeKinds.FuncLit, n =>
            {
                if (!ok || n is FuncLit) return false;
                if (n is not ReturnStmt ret) return true;
                if (ret.Results.Count == results!.Count) ok = Concrete(ret.Results[index], 0, types);
                else if (ret.Results is [var single] && Expr.Unparen(single) is CallExpr call) ok = Concrete(call, index, types);
                else ok = false;
                return false;
            });
        var found = ok && types.Count > 0 ? types : null;
        _returned[(f, index)] = found;
        return found;
    }

    /// <summary>Adds the concrete types a returned expression may hold (result index of a call); false when unknown.</summary>
    private bool Concrete(Expr e, int index, List<NamedType> into)
    {
        e = Expr.Unparen(e);
        if (IsNil(e)) return true;
        var type = _info.TypeOf(e);
        if ((type as NamedType ?? (type as PointerType)?.Elem as NamedType) is { Underlying: not InterfaceType } named)
        {
            if (!into.Contains(named.Origin ?? named)) into.Add(named.Origin ?? named);
            return true;
        }
        if (e is not CallExpr call || ReturnedTypes(call, index) is not { } returned) return false;
        foreach (var t in returned)
            if (!into.Contains(t)) into.Add(t);
        return true;
    }

    /// <summary>One result of a call given to an assignment's left side (`s, err := NewStore()`).</summary>
    internal void AssignedResult(Expr lhs, CallExpr call, int index, bool define)
    {
        if (Expr.Unparen(lhs) is Ident id && _info.ObjectOf(id) is Var v && !v.IsField && !LockPaths.IsGlobal(v))
        {
            if (!define || !_info.Defs.ContainsKey(id)) _reassigned.Add(v);
            LocalValue(v, call, index);
            return;
        }
        Assigned(lhs, null, define);
    }

    /// <summary>The concrete methods a call through a local interface variable may run, when every value the package
    /// gives the variable is of a known type; null otherwise.</summary>
    private IReadOnlyList<FuncTarget>? LocalTargets(Expr operand, string name, Var local, bool optional)
    {
        if (local.IsField || LockPaths.IsGlobal(local) || _params.Contains(local) || _localValues.GetValueOrDefault(local) is not { Count: > 0 } types) return null;
        var targets = new List<FuncTarget>();
        foreach (var t in types)
        {
            if (t.Methods.FirstOrDefault(m => m.Name == name) is not { } method)
            {
                if (optional && MemberLookup.Find(new PointerType(t), name, null) is null) continue;
                return null;
            }
            targets.Add(new FuncTarget(method, operand, false));
        }
        return targets;
    }
}
