using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    private Dictionary<string, Label>? _labels;
    // Offset ranges of the files the parser saw no labeled statement in: their bodies need no label walk.
    private readonly List<(int Start, int End)> _labelFreeFiles = [];
    private static readonly Dictionary<string, Label> NoLabels = new(StringComparer.Ordinal);

    private void CheckFunctionBodies()
    {
        foreach (var (fd, obj, _) in _funcs)
        {
            if (fd.Body == null || obj?.Signature is not { } sig || !_funcScopes.TryGetValue(obj, out var scope)) continue;
            FuncBody(fd.Body, sig, scope);
        }
    }

    private void FuncBody(Ast.BlockStmt body, SignatureType sig, Scope scope)
    {
        var outerLabels = _labels;
        _labels = DeclareLabels(body);
        var env = new Env(scope, sig);
        foreach (var s in body.List) Stmt(s, env);
        _labels = outerLabels;
    }

    /// <summary>Labels have function scope and may be used before their statement (goto forward).</summary>
    private Dictionary<string, Label> DeclareLabels(Ast.BlockStmt body)
    {
        var at = body.Lbrace.Value;
        foreach (var (start, end) in _labelFreeFiles)
            if (at >= start && at <= end) return NoLabels;
        var labels = new Dictionary<string, Label>(StringComparer.Ordinal);
        Ast.Walker.Inspect(body, n =>
        {
            if (n is Ast.LabeledStmt ls)
            {
                var l = new Label(ls.Label.Name, _pkg, ls.Label.NamePos.Value);
                _info.Defs[ls.Label] = l;
                if (ls.Label.Name != "_") labels.TryAdd(ls.Label.Name, l);
            }
            return n is not Ast.FuncLit;
        });
        return labels;
    }

    private Env OpenScope(Ast.Node node, Env env, string comment)
    {
        var scope = new Scope(env.Scope, comment);
        _info.Scopes[node] = scope;
        return env.With(scope);
    }

    private void Stmt(Ast.Stmt s, Env env)
    {
        switch (s)
        {
            case Ast.DeclStmt { Decl: Ast.GenDecl gd }:
                LocalDecl(gd, env);
                break;
            case Ast.LabeledStmt ls:
                Stmt(ls.Stmt, env);
                break;
            case Ast.ExprStmt es:
                Expr(es.X, env);
                break;
            case Ast.SendStmt send:
            {
                var ch = Expr(send.Chan, env);
                Expr(send.Value, env, (TypeIdentity.CoreType(ch.Type) ?? ch.Type.Underlying) is ChanType c ? c.Elem : null);
                break;
            }
            case Ast.IncDecStmt inc:
                Expr(inc.X, env);
                break;
            case Ast.AssignStmt assign:
                Assign(assign, env);
                break;
            case Ast.GoStmt go:
                Expr(go.Call, env);
                break;
            case Ast.DeferStmt defer:
                Expr(defer.Call, env);
                break;
            case Ast.ReturnStmt ret:
                for (var i = 0; i < ret.Results.Count; i++)
                    Expr(ret.Results[i], env, env.Sig != null && i < env.Sig.Results.Count ? env.Sig.Results[i].Type : null);
                break;
            case Ast.BranchStmt br when br.Label != null:
                if (_labels != null && _labels.TryGetValue(br.Label.Name, out var label)) _info.Uses[br.Label] = label;
                break;
            case Ast.BlockStmt block:
            {
                var inner = OpenScope(block, env, "block");
                foreach (var x in block.List) Stmt(x, inner);
                break;
            }
            case Ast.IfStmt ifs:
            {
                var inner = OpenScope(ifs, env, "if");
                if (ifs.Init != null) Stmt(ifs.Init, inner);
                Expr(ifs.Cond, inner);
                Stmt(ifs.Body, inner);
                if (ifs.Else != null) Stmt(ifs.Else, inner);
                break;
            }
            case Ast.SwitchStmt sw:
                Switch(sw, env);
                break;
            case Ast.TypeSwitchStmt ts:
                TypeSwitch(ts, env);
                break;
            case Ast.SelectStmt sel:
                foreach (var c in sel.Body.List)
                {
                    if (c is not Ast.CommClause cc) continue;
                    var inner = OpenScope(cc, env, "case");
                    if (cc.Comm != null) Stmt(cc.Comm, inner);
                    foreach (var x in cc.Body) Stmt(x, inner);
                }
                break;
            case Ast.ForStmt fs:
            {
                var inner = OpenScope(fs, env, "for");
                if (fs.Init != null) Stmt(fs.Init, inner);
                if (fs.Cond != null) Expr(fs.Cond, inner);
                if (fs.Post != null) Stmt(fs.Post, inner);
                Stmt(fs.Body, inner);
                break;
            }
            case Ast.RangeStmt rs:
                Range(rs, env);
                break;
        }
    }

    private void Assign(Ast.AssignStmt a, Env env)
    {
        // x = y and x := y, most assignments, without the lists the general forms build.
        if (a is { Lhs.Count: 1, Rhs.Count: 1 })
        {
            AssignOne(a, env);
            return;
        }
        if (a.Tok != Token.Define)
        {
            var lhsTypes = a.Lhs.Select(l => l is Ast.Ident { Name: "_" } ? null : (GoType?)Expr(l, env).Type).ToList();
            if (a.Lhs.Count == a.Rhs.Count)
                for (var i = 0; i < a.Rhs.Count; i++) Expr(a.Rhs[i], env, lhsTypes[i]);
            else
                foreach (var r in a.Rhs) Expr(r, env);
            return;
        }
        var types = RhsTypes(a.Lhs.Count, a.Rhs, env);
        var newVars = new List<(Ast.Ident Id, Var V)>();
        for (var i = 0; i < a.Lhs.Count; i++)
        {
            if (a.Lhs[i] is not Ast.Ident id) continue;
            if (id.Name != "_" && env.Scope.LookupLocal(id.Name) is { } existing)
            {
                _info.Uses[id] = existing;
                continue;
            }
            var v = new Var(id.Name, _pkg, id.NamePos.Value, types[i]);
            _info.Defs[id] = v;
            if (id.Name != "_") newVars.Add((id, v));
        }
        // The new variables' scope starts after the statement: declare them only now.
        foreach (var (_, v) in newVars) env.Scope.Insert(v);
    }

    private void AssignOne(Ast.AssignStmt a, Env env)
    {
        var lhs = a.Lhs[0];
        if (a.Tok != Token.Define)
        {
            var target = lhs is Ast.Ident { Name: "_" } ? null : (GoType?)Expr(lhs, env).Type;
            Expr(a.Rhs[0], env, target);
            return;
        }
        var type = VarTypeOf(Expr(a.Rhs[0], env));
        if (lhs is not Ast.Ident id) return;
        if (id.Name != "_" && env.Scope.LookupLocal(id.Name) is { } existing)
        {
            _info.Uses[id] = existing;
            return;
        }
        var v = new Var(id.Name, _pkg, id.NamePos.Value, type);
        _info.Defs[id] = v;
        // The new variable's scope starts after the statement.
        if (id.Name != "_") env.Scope.Insert(v);
    }

    /// <summary>The types n variables get from rhs: one value each, or one multi-valued expression (call, comma-ok).</summary>
    private List<GoType> RhsTypes(int n, IReadOnlyList<Ast.Expr> rhs, Env env)
    {
        if (rhs.Count == n) return rhs.Select(r => VarTypeOf(Expr(r, env))).ToList();
        if (rhs.Count == 1) return MultiValueTypes(rhs[0], n, env);
        foreach (var r in rhs) Expr(r, env);
        return Enumerable.Repeat<GoType>(Invalid.Type, n).ToList();
    }

    private List<GoType> MultiValueTypes(Ast.Expr init, int n, Env env)
    {
        var x = Expr(init, env);
        if (x.Type is TupleType t && t.Count == n) return t.Vars.Select(v => v.Type).ToList();
        if (n == 2 && x.Mode is OperandMode.CommaOk or OperandMode.MapIndex) return [x.Type, Universe.Bool];
        return Enumerable.Repeat<GoType>(Invalid.Type, n).ToList();
    }

    /// <summary>The type a variable initialized with x gets: untyped constants take their default type.</summary>
    private static GoType VarTypeOf(Operand x) => x.Mode switch
    {
        OperandMode.Invalid or OperandMode.NoValue or OperandMode.TypeExpr or OperandMode.Builtin => Invalid.Type,
        _ when x.Type is TupleType => Invalid.Type,
        _ when x.Type == Universe.UntypedNil => Invalid.Type,
        _ => TypeIdentity.Default(x.Type),
    };

    private void LocalDecl(Ast.GenDecl gd, Env env)
    {
        Ast.ValueSpec? lastConst = null;
        for (var iota = 0; iota < gd.Specs.Count; iota++)
        {
            switch (gd.Specs[iota])
            {
                case Ast.TypeSpec ts:
                {
                    var obj = new TypeName(ts.Name.Name, _pkg, ts.Name.NamePos.Value, isAlias: ts.Assign.IsValid);
                    Declare(env.Scope, ts.Name, obj);
                    if (obj.IsAlias)
                    {
                        obj.SetType(TypeExpr(ts.Type, env));
                        break;
                    }
                    var named = new NamedType(obj);
                    obj.SetType(named);
                    var rhs = TypeExpr(ts.Type, env);
                    named.SetLazyUnderlying(() => UnderlyingOf(rhs, 0));
                    break;
                }
                case Ast.ValueSpec vs when gd.Tok == Token.Const:
                {
                    var source = vs.Type == null && vs.Values.IsEmpty && lastConst != null ? lastConst : vs;
                    if (ReferenceEquals(source, vs)) lastConst = vs;
                    var cenv = new Env(env.Scope, env.Sig) { Iota = iota };
                    GoType? declared = source.Type != null ? TypeExpr(source.Type, cenv) : null;
                    var consts = new List<(Ast.Ident, Const)>();
                    for (var i = 0; i < vs.Names.Count; i++)
                    {
                        var x = i < source.Values.Count ? Expr(source.Values[i], cenv) : Operand.Invalid;
                        var id = vs.Names[i];
                        consts.Add((id, new Const(id.Name, _pkg, id.NamePos.Value, declared ?? x.Type, x.Value ?? Constant.Unknown)));
                    }
                    foreach (var (id, c) in consts) Declare(env.Scope, id, c);
                    break;
                }
                case Ast.ValueSpec vs:
                {
                    GoType? declared = vs.Type != null ? TypeExpr(vs.Type, env) : null;
                    List<GoType> types;
                    if (declared != null)
                    {
                        foreach (var v in vs.Values) Expr(v, env, declared);
                        types = vs.Names.Select(_ => declared).ToList();
                    }
                    else
                    {
                        types = RhsTypes(vs.Names.Count, vs.Values, env);
                    }
                    var vars = vs.Names.Select((id, i) => (id, new Var(id.Name, _pkg, id.NamePos.Value, types[i]))).ToList();
                    foreach (var (id, v) in vars) Declare(env.Scope, id, v);
                    break;
                }
            }
        }
    }

    private void Switch(Ast.SwitchStmt sw, Env env)
    {
        var inner = OpenScope(sw, env, "switch");
        if (sw.Init != null) Stmt(sw.Init, inner);
        GoType? tag = sw.Tag != null ? Expr(sw.Tag, inner).Type : null;
        foreach (var c in sw.Body.List)
        {
            if (c is not Ast.CaseClause cc) continue;
            foreach (var e in cc.List) Expr(e, inner, tag);
            var clause = OpenScope(cc, inner, "case");
            foreach (var x in cc.Body) Stmt(x, clause);
        }
    }

    private void TypeSwitch(Ast.TypeSwitchStmt ts, Env env)
    {
        var inner = OpenScope(ts, env, "type switch");
        if (ts.Init != null) Stmt(ts.Init, inner);
        // switch x := y.(type) declares x; switch y.(type) does not.
        var lhs = ts.Assign is Ast.AssignStmt { Lhs.Count: 1 } a ? a.Lhs[0] as Ast.Ident : null;
        var guard = ts.Assign switch
        {
            Ast.AssignStmt { Rhs.Count: 1 } assign when assign.Rhs[0] is Ast.TypeAssertExpr ta => ta.X,
            Ast.ExprStmt { X: Ast.TypeAssertExpr ta } => ta.X,
            _ => null,
        };
        var x = guard != null ? Expr(guard, inner) : Operand.Invalid;
        if (lhs != null) _info.Defs[lhs] = null; // the variable is declared implicitly in each clause
        foreach (var c in ts.Body.List)
        {
            if (c is not Ast.CaseClause cc) continue;
            GoType? single = null;
            foreach (var e in cc.List)
            {
                if (e is Ast.Ident { Name: "nil" } nilId && Lookup(nilId, inner) is Nil)
                {
                    _info.Types[e] = new TypeAndValue(OperandMode.Value, Universe.UntypedNil, null);
                    single = cc.List.Count == 1 ? x.Type : null;
                    continue;
                }
                var t = TypeExpr(e, inner);
                single = cc.List.Count == 1 ? t : null;
            }
            var clause = OpenScope(cc, inner, "case");
            if (lhs != null && lhs.Name != "_")
            {
                var v = new Var(lhs.Name, _pkg, lhs.NamePos.Value, single ?? x.Type);
                clause.Scope.Insert(v);
                _info.Implicits[cc] = v;
            }
            foreach (var s in cc.Body) Stmt(s, clause);
        }
    }

    private void Range(Ast.RangeStmt rs, Env env)
    {
        var inner = OpenScope(rs, env, "range");
        var x = Expr(rs.X, env);
        var (key, value) = RangeTypes(x.Type);
        if (rs.Tok == Token.Define)
        {
            var vars = new List<Var>();
            foreach (var (e, t) in new[] { (rs.Key, key), (rs.Value, value) })
            {
                if (e is not Ast.Ident id) continue;
                var v = new Var(id.Name, _pkg, id.NamePos.Value, t ?? Invalid.Type);
                _info.Defs[id] = v;
                if (id.Name != "_") vars.Add(v);
            }
            foreach (var v in vars) inner.Scope.Insert(v);
        }
        else
        {
            if (rs.Key != null) Expr(rs.Key, inner);
            if (rs.Value != null) Expr(rs.Value, inner);
        }
        Stmt(rs.Body, inner);
    }

    /// <summary>The iteration values of range over a value of type t (spec "For statements with range clause").</summary>
    private static (GoType? Key, GoType? Value) RangeTypes(GoType t)
    {
        var under = TypeIdentity.CoreType(t) ?? t.Underlying;
        return under switch
        {
            BasicType { IsString: true } => (Universe.Int, Universe.Rune),
            BasicType { IsInteger: true } b => (TypeIdentity.Default(t), null),
            ArrayType a => (Universe.Int, a.Elem),
            PointerType { Elem.Underlying: ArrayType pa } => (Universe.Int, pa.Elem),
            SliceType s => (Universe.Int, s.Elem),
            MapType m => (m.Key, m.Elem),
            ChanType c => (c.Elem, null),
            SignatureType { Params.Count: 1 } f when f.Params[0].Type.Underlying is SignatureType yield =>
                (yield.Params.Count > 0 ? yield.Params[0].Type : null, yield.Params.Count > 1 ? yield.Params[1].Type : null),
            _ => (null, null),
        };
    }
}
