using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    /// <summary>The lexical context of an expression: its scope, the enclosing function's signature, iota.</summary>
    private sealed class Env(Scope scope, SignatureType? sig)
    {
        public Scope Scope { get; } = scope;
        public SignatureType? Sig { get; } = sig;
        public int? Iota { get; init; }
        public Env With(Scope scope) => new(scope, Sig) { Iota = Iota };
    }

    /// <summary>The type an expression denotes as a type; records it, and the objects its names use.</summary>
    private GoType TypeExpr(Ast.Expr e, Env env)
    {
        var t = TypeExprCore(e, env);
        _info.Types[e] = new TypeAndValue(OperandMode.TypeExpr, t, null);
        return t;
    }

    private GoType TypeExprCore(Ast.Expr e, Env env)
    {
        switch (e)
        {
            case Ast.Ident id:
            {
                var obj = Lookup(id, env);
                if (obj is TypeName tn)
                {
                    Resolve(tn);
                    return tn.Type;
                }
                return Invalid.Type;
            }
            case Ast.SelectorExpr { X: Ast.Ident pkgId } sel when Lookup(pkgId, env, record: false) is PkgName pn:
            {
                _info.Uses[pkgId] = pn;
                var member = pn.Imported.Scope.LookupLocal(sel.Sel.Name);
                if (member != null) _info.Uses[sel.Sel] = member;
                return member is TypeName mt ? mt.Type : Invalid.Type;
            }
            case Ast.ParenExpr p:
                return TypeExpr(p.X, env);
            case Ast.StarExpr s:
                return new PointerType(TypeExpr(s.X, env));
            case Ast.ArrayType at:
            {
                if (at.Len == null) return new SliceType(TypeExpr(at.Elt, env));
                if (at.Len is Ast.Ellipsis)
                {
                    // [...]T outside a composite literal is an error; inside one the literal sets the length.
                    return new ArrayType(-1, TypeExpr(at.Elt, env));
                }
                var len = Expr(at.Len, env);
                var n = len.Value?.AsInt is { } big && big >= 0 && big <= long.MaxValue ? (long)big : -1;
                return new ArrayType(n, TypeExpr(at.Elt, env));
            }
            case Ast.MapType mt:
                return new MapType(TypeExpr(mt.Key, env), TypeExpr(mt.Value, env));
            case Ast.ChanType ct:
            {
                var dir = ct.Dir switch
                {
                    Ast.ChanDir.Send => Types.ChanDir.SendOnly,
                    Ast.ChanDir.Recv => Types.ChanDir.RecvOnly,
                    _ => Types.ChanDir.SendRecv,
                };
                return new ChanType(dir, TypeExpr(ct.Value, env));
            }
            case Ast.FuncType ft:
            {
                var scope = new Scope(env.Scope, "function type");
                _info.Scopes[ft] = scope;
                var tparams = ft.TypeParams is { List.Count: > 0 } tps ? DeclareTypeParams(tps, scope) : [];
                return Signature(ft, env.With(scope), scope, null, tparams);
            }
            case Ast.StructType st:
                return StructTypeExpr(st, env);
            case Ast.InterfaceType it:
                return InterfaceTypeExpr(it, env);
            case Ast.IndexExpr ix:
                return Instantiate(ix.X, [ix.Index], env);
            case Ast.IndexListExpr il:
                return Instantiate(il.X, il.Indices.ToList(), env);
            case Ast.Ellipsis ell:
                return new SliceType(ell.Elt != null ? TypeExpr(ell.Elt, env) : Invalid.Type);
            default:
                // An expression used as a type that is not one (or a construct we do not model).
                return Invalid.Type;
        }
    }

    private GoType Instantiate(Ast.Expr genericExpr, IReadOnlyList<Ast.Expr> argExprs, Env env)
    {
        var generic = TypeExpr(genericExpr, env);
        var args = argExprs.Select(a => TypeExpr(a, env)).ToList();
        return generic is NamedType { TypeParams.Count: > 0 } n && n.TypeParams.Count == args.Count
            ? TypeSubstituter.Instantiate(n, args)
            : Invalid.Type;
    }

    private GoType StructTypeExpr(Ast.StructType st, Env env)
    {
        var fields = new List<Var>();
        var tags = new List<string>();
        var anyTag = false;
        foreach (var field in st.Fields.List)
        {
            var t = TypeExpr(field.Type!, env);
            var tag = field.Tag != null ? UnquoteString(field.Tag.Value) : "";
            anyTag |= tag.Length > 0;
            if (field.Names.Count == 0)
            {
                var nameId = EmbeddedFieldIdent(field.Type!);
                var v = new Var(nameId?.Name ?? "?", _pkg, (nameId?.NamePos ?? field.Pos()).Value, t, isField: true, embedded: true);
                // go/types records the embedded type's name as both a use (of the type) and a definition (of the field).
                if (nameId != null) _info.Defs[nameId] = v;
                fields.Add(v);
                tags.Add(tag);
                continue;
            }
            foreach (var id in field.Names)
            {
                var v = new Var(id.Name, _pkg, id.NamePos.Value, t, isField: true);
                _info.Defs[id] = v;
                fields.Add(v);
                tags.Add(tag);
            }
        }
        return new StructType(fields, anyTag ? tags : null);
    }

    private static Ast.Ident? EmbeddedFieldIdent(Ast.Expr e)
    {
        while (true)
        {
            switch (e)
            {
                case Ast.StarExpr s: e = s.X; continue;
                case Ast.ParenExpr p: e = p.X; continue;
                case Ast.IndexExpr ix: e = ix.X; continue;
                case Ast.IndexListExpr il: e = il.X; continue;
                case Ast.SelectorExpr sel: return sel.Sel;
                case Ast.Ident id: return id;
                default: return null;
            }
        }
    }

    private GoType InterfaceTypeExpr(Ast.InterfaceType it, Env env)
    {
        var methods = new List<Func>();
        var embeddeds = new List<GoType>();
        var iface = new InterfaceType(methods, embeddeds);
        foreach (var field in it.Methods.List)
        {
            if (field.Names.Count > 0 && field.Type is Ast.FuncType ft)
            {
                var id = field.Names[0];
                var m = new Func(id.Name, _pkg, id.NamePos.Value);
                _info.Defs[id] = m;
                var scope = new Scope(env.Scope, "interface method");
                _info.Scopes[ft] = scope;
                m.SetSignature(Signature(ft, env.With(scope), scope, new Var("", _pkg, 0, iface), []));
                methods.Add(m);
                continue;
            }
            if (field.Type != null) embeddeds.Add(field.Type is Ast.BinaryExpr { Op: Token.Or } or Ast.UnaryExpr { Op: Token.Tilde } ? UnionExpr(field.Type, env) : TypeExpr(field.Type, env));
        }
        methods.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return iface;
    }

    private GoType UnionExpr(Ast.Expr e, Env env)
    {
        var terms = new List<UnionTerm>();
        void Collect(Ast.Expr x)
        {
            switch (x)
            {
                case Ast.BinaryExpr { Op: Token.Or } b:
                    Collect(b.X);
                    Collect(b.Y);
                    break;
                case Ast.UnaryExpr { Op: Token.Tilde } u:
                    terms.Add(new UnionTerm(true, TypeExpr(u.X, env)));
                    break;
                default:
                    terms.Add(new UnionTerm(false, TypeExpr(x, env)));
                    break;
            }
        }
        Collect(e);
        return terms.Count == 1 && !terms[0].Tilde ? terms[0].Type : new UnionType(terms);
    }

    /// <summary>The object a name denotes in env (resolving package-level objects on first use); records the use.</summary>
    private GoObject? Lookup(Ast.Ident id, Env env, bool record = true)
    {
        if (id.Name == "_") return null;
        var obj = env.Scope.Lookup(id.Name);
        if (obj == null) return null;
        if (record) _info.Uses[id] = obj;
        if (_decls.ContainsKey(obj)) Resolve(obj);
        return obj;
    }
}
