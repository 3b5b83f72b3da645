using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    private void TypeDecl(TypeName obj, DeclInfo d)
    {
        var spec = d.TypeSpec!;
        var env = new Env(d.FileScope, null);
        if (obj.IsAlias)
        {
            obj.SetType(TypeExpr(spec.Type, env));
            return;
        }
        var named = new NamedType(obj);
        obj.SetType(named);
        if (spec.TypeParams is { List.Count: > 0 } tps)
        {
            var scope = new Scope(d.FileScope, "type parameters");
            _info.Scopes[spec] = scope;
            named.TypeParams = DeclareTypeParams(tps, scope);
            env = new Env(scope, null);
        }
        // Methods are attached before the right-hand side is resolved: it may refer back to them.
        AttachMethods(named);
        var rhs = TypeExpr(spec.Type, env);
        named.SetLazyUnderlying(() => UnderlyingOf(rhs, 0));
    }

    private static GoType UnderlyingOf(GoType t, int depth)
    {
        if (depth > 100) return Invalid.Type;
        return t is NamedType n ? n.Underlying : t is TypeParamType ? Invalid.Type : t.Underlying;
    }

    private void AttachMethods(NamedType named)
    {
        if (!_methodsByBase.TryGetValue(named.Obj.Name, out var methods)) return;
        foreach (var (_, m, _) in methods)
            if (m.Name != "_" && named.LookupMethod(m.Name) == null) named.AddMethod(m);
    }

    private List<TypeParamType> DeclareTypeParams(Ast.FieldList list, Scope scope)
    {
        var tparams = new List<TypeParamType>();
        var constraints = new List<(Ast.Expr Expr, int From, int To)>();
        foreach (var field in list.List)
        {
            var from = tparams.Count;
            foreach (var id in field.Names)
            {
                var tn = new TypeName(id.Name, _pkg, id.NamePos.Value);
                var tp = new TypeParamType(tn, tparams.Count);
                tn.SetType(tp);
                Declare(scope, id, tn);
                tparams.Add(tp);
            }
            if (field.Type != null) constraints.Add((field.Type, from, tparams.Count));
        }
        // Constraints may mention any parameter of the list, so they are resolved after all are declared.
        var env = new Env(scope, null);
        foreach (var (expr, from, to) in constraints)
        {
            var c = ConstraintExpr(expr, env);
            for (var i = from; i < to; i++) tparams[i].Constraint = c;
        }
        return tparams;
    }

    /// <summary>A constraint: an interface, or a type set written directly ([T ~int | string]).</summary>
    private GoType ConstraintExpr(Ast.Expr e, Env env)
    {
        if (e is Ast.BinaryExpr { Op: Token.Or } or Ast.UnaryExpr { Op: Token.Tilde })
            return new InterfaceType([], [UnionExpr(e, env)]);
        var t = TypeExpr(e, env);
        return t.Underlying is InterfaceType || t is TypeParamType ? t : new InterfaceType([], [t]);
    }

    private void ConstDecl(Const obj, DeclInfo d)
    {
        var env = new Env(d.FileScope, null) { Iota = d.Iota };
        GoType? declared = d.TypeExpr != null ? TypeExpr(d.TypeExpr, env) : null;
        if (d.Init == null)
        {
            obj.Set(declared ?? Invalid.Type, Constant.Unknown);
            return;
        }
        var x = Expr(d.Init, env);
        obj.Set(declared ?? x.Type, x.Value ?? Constant.Unknown);
    }

    private void VarDecl(Var obj, DeclInfo d)
    {
        var env = new Env(d.FileScope, null);
        GoType? declared = d.TypeExpr != null ? TypeExpr(d.TypeExpr, env) : null;
        if (d.Lhs != null)
        {
            // var a, b = f(): one initializer for all; resolve them together.
            foreach (var v in d.Lhs) _resolved.Add(v);
            var types = declared != null ? d.Lhs.Select(_ => declared).ToList() : MultiValueTypes(d.Init!, d.Lhs.Count, env);
            for (var i = 0; i < d.Lhs.Count; i++) d.Lhs[i].SetType(types[i]);
            if (declared != null) Expr(d.Init!, env);
            return;
        }
        if (d.Init == null)
        {
            obj.SetType(declared ?? Invalid.Type);
            return;
        }
        var x = Expr(d.Init, env, declared);
        obj.SetType(declared ?? VarTypeOf(x));
    }

    private void FuncDecl(Func obj, DeclInfo d)
    {
        var fd = d.Func!;
        var scope = new Scope(d.FileScope, "function " + fd.Name.Name);
        _info.Scopes[fd.Type] = scope;
        Var? recv = null;
        var recvTypeParams = new List<TypeParamType>();
        if (fd.Recv is { List.Count: > 0 } recvList)
            recv = DeclareReceiver(recvList.List[0], scope, recvTypeParams);
        var env = new Env(scope, null);
        var tparams = fd.Type.TypeParams is { List.Count: > 0 } tps ? DeclareTypeParams(tps, scope) : [];
        // Generic methods came with Go 1.27; before it go/types checks them anyway but reports them.
        if (recv != null && tparams.Count > 0 && !Allows(27)) Error(fd.Type.TypeParams!, "methods cannot have type parameters");
        obj.SetSignature(Signature(fd.Type, env, scope, recv, tparams));
        _funcScopes[obj] = scope;
    }

    /// <summary>Declares the receiver (and the receiver type's parameters, T[P] binds P) in the method's scope.</summary>
    private Var DeclareReceiver(Ast.Field field, Scope scope, List<TypeParamType> tparams)
    {
        var texpr = field.Type!;
        var pointer = false;
        while (texpr is Ast.ParenExpr p) texpr = p.X;
        if (texpr is Ast.StarExpr star)
        {
            pointer = true;
            texpr = star.X;
            while (texpr is Ast.ParenExpr p2) texpr = p2.X;
        }
        var args = texpr switch
        {
            Ast.IndexExpr ix => [ix.Index],
            Ast.IndexListExpr il => il.Indices.ToList(),
            _ => new List<Ast.Expr>(),
        };
        var baseExpr = texpr switch { Ast.IndexExpr ix => ix.X, Ast.IndexListExpr il => il.X, _ => texpr };
        GoType recvType;
        if (baseExpr is Ast.Ident baseId && _pkg.Scope.LookupLocal(baseId.Name) is TypeName tn)
        {
            Resolve(tn);
            _info.Uses[baseId] = tn;
            var baseType = tn.Type;
            if (baseType is NamedType { TypeParams.Count: > 0 } generic)
            {
                // The receiver's type parameters are new names for the type's own: declare them in this scope.
                for (var i = 0; i < args.Count; i++)
                {
                    if (args[i] is not Ast.Ident pid) continue;
                    var ptn = new TypeName(pid.Name, _pkg, pid.NamePos.Value);
                    var tp = new TypeParamType(ptn, i) { Constraint = i < generic.TypeParams.Count ? generic.TypeParams[i].Constraint : Universe.Any.Type };
                    ptn.SetType(tp);
                    Declare(scope, pid, ptn);
                    _info.Uses[pid] = ptn; // go/types records the receiver's type parameter as defined and used
                    tparams.Add(tp);
                }
                baseType = TypeSubstituter.Instantiate(generic, tparams.Cast<GoType>().ToList());
            }
            recvType = baseType;
        }
        else
        {
            recvType = TypeExpr(baseExpr, new Env(scope, null));
        }
        _info.Types[field.Type!] = new TypeAndValue(OperandMode.TypeExpr, pointer ? new PointerType(recvType) : recvType, null);
        if (pointer) recvType = new PointerType(recvType);
        var name = field.Names.Count > 0 ? field.Names[0] : null;
        var recv = new Var(name?.Name ?? "", _pkg, (name?.NamePos ?? field.Pos()).Value, recvType);
        if (name != null) Declare(scope, name, recv);
        return recv;
    }

    private readonly Dictionary<Func, Scope> _funcScopes = new(ReferenceEqualityComparer.Instance);

    /// <summary>A function type's signature; parameters and results are declared in scope (when given).</summary>
    private SignatureType Signature(Ast.FuncType ft, Env env, Scope? scope, Var? recv, IReadOnlyList<TypeParamType> tparams)
    {
        // Parameters are visible in the body only, not in the signature: `func f(url string, v url.Values)`
        // still means package url. So every type is resolved first and the names declared afterwards.
        var declared = new List<(Ast.Ident, Var)>();
        var (ps, variadic) = Params(ft.Params, env, declared, allowVariadic: true);
        var (rs, _) = ft.Results != null ? Params(ft.Results, env, declared, allowVariadic: false) : (TupleType.Empty, false);
        foreach (var (id, v) in declared)
        {
            if (scope != null) Declare(scope, id, v);
            else _info.Defs[id] = v;
        }
        return new SignatureType(recv, tparams, ps, rs, variadic);
    }

    private (TupleType Tuple, bool Variadic) Params(Ast.FieldList list, Env env, List<(Ast.Ident, Var)> declared, bool allowVariadic)
    {
        var vars = new List<Var>();
        var variadic = false;
        for (var fi = 0; fi < list.List.Count; fi++)
        {
            var field = list.List[fi];
            var texpr = field.Type!;
            GoType t;
            if (texpr is Ast.Ellipsis ell && allowVariadic && fi == list.List.Count - 1)
            {
                variadic = true;
                var elem = ell.Elt != null ? TypeExpr(ell.Elt, env) : Invalid.Type;
                t = new SliceType(elem);
                _info.Types[texpr] = new TypeAndValue(OperandMode.TypeExpr, t, null);
            }
            else
            {
                t = TypeExpr(texpr, env);
            }
            if (field.Names.Count == 0)
            {
                vars.Add(new Var("", _pkg, field.Pos().Value, t));
                continue;
            }
            foreach (var id in field.Names)
            {
                var v = new Var(id.Name, _pkg, id.NamePos.Value, t);
                declared.Add((id, v));
                vars.Add(v);
            }
        }
        return (vars.Count == 0 ? TupleType.Empty : new TupleType(vars), variadic);
    }
}
