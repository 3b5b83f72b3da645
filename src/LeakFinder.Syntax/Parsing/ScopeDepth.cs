using LeakFinder.Syntax.Ast;

namespace LeakFinder.Syntax.Parsing;

/// <summary>
/// The one error go/parser's object resolution (resolver.go) can add: more than 1000 nested scopes. go/parser
/// walks every parsed file to resolve identifiers and bails out with "exceeded max scope depth during object
/// resolution" at the first scope that goes deeper. LeakFinder does not resolve identifiers in the syntax layer,
/// but it reports this error the same way, so this walk opens scopes exactly where, and in the order in which,
/// the resolver opens them.
/// </summary>
internal sealed class ScopeDepth : Visitor
{
    private const int MaxScopeDepth = 1000;

    private int _depth = 1; // the package scope
    private Pos? _exceededAt;

    /// <summary>The position of the scope that exceeds the limit, or null.</summary>
    public static Pos? Exceeded(Ast.File file)
    {
        var r = new ScopeDepth();
        foreach (var d in file.Decls)
        {
            r.Walk(d);
            if (r._exceededAt != null) break;
        }
        return r._exceededAt;
    }

    private void Walk(Node? n)
    {
        if (n != null && _exceededAt == null) Walker.Walk(this, n);
    }

    private void WalkAll<T>(NodeList<T> list) where T : Node
    {
        foreach (var n in list) Walk(n);
    }

    private bool Open(Pos pos)
    {
        _depth++;
        if (_depth > MaxScopeDepth && _exceededAt == null) _exceededAt = pos;
        return _exceededAt == null;
    }

    private void ResolveList(FieldList? list)
    {
        if (list == null) return;
        foreach (var f in list.List) Walk(f.Type);
    }

    private void WalkFuncType(FuncType t)
    {
        ResolveList(t.Params);
        ResolveList(t.Results);
    }

    public override Visitor? Visit(Node? node)
    {
        if (node == null || _exceededAt != null) return null;
        var saved = _depth;
        switch (node)
        {
            case FuncLit n:
                if (Open(n.Pos()))
                {
                    WalkFuncType(n.Type);
                    WalkAll(n.Body.List);
                }
                break;
            case SelectorExpr n:
                Walk(n.X);
                break;
            case StructType n:
                if (Open(n.Pos())) ResolveList(n.Fields);
                break;
            case FuncType n:
                if (Open(n.Pos())) WalkFuncType(n);
                break;
            case CompositeLit n:
                Walk(n.Type);
                foreach (var e in n.Elts)
                {
                    if (e is KeyValueExpr kv)
                    {
                        if (kv.Key is not Ident) Walk(kv.Key);
                        Walk(kv.Value);
                    }
                    else
                        Walk(e);
                }
                break;
            case InterfaceType n:
                if (Open(n.Pos())) ResolveList(n.Methods);
                break;
            case LabeledStmt n:
                Walk(n.Stmt);
                break;
            case AssignStmt n:
                WalkAll(n.Rhs);
                if (n.Tok != Token.Define) WalkAll(n.Lhs);
                break;
            case BranchStmt:
                break;
            case BlockStmt n:
                if (Open(n.Pos())) WalkAll(n.List);
                break;
            case IfStmt n:
                if (Open(n.Pos()))
                {
                    Walk(n.Init);
                    Walk(n.Cond);
                    Walk(n.Body);
                    Walk(n.Else);
                }
                break;
            case CaseClause n:
                WalkAll(n.List);
                if (Open(n.Pos())) WalkAll(n.Body);
                break;
            case SwitchStmt n:
                if (!Open(n.Pos())) break;
                Walk(n.Init);
                if (n.Tag != null)
                {
                    // (the resolver's extra scope for a tag after an init statement)
                    if (n.Init != null && !Open(n.Tag.Pos())) break;
                    Walk(n.Tag);
                }
                WalkAll(n.Body.List);
                break;
            case TypeSwitchStmt n:
                if (n.Init != null)
                {
                    if (!Open(n.Pos())) break;
                    Walk(n.Init);
                }
                if (!Open(n.Assign.Pos())) break;
                Walk(n.Assign);
                WalkAll(n.Body.List);
                break;
            case CommClause n:
                if (Open(n.Pos()))
                {
                    Walk(n.Comm);
                    WalkAll(n.Body);
                }
                break;
            case SelectStmt n:
                WalkAll(n.Body.List);
                break;
            case ForStmt n:
                if (Open(n.Pos()))
                {
                    Walk(n.Init);
                    Walk(n.Cond);
                    Walk(n.Post);
                    Walk(n.Body);
                }
                break;
            case RangeStmt n:
                if (!Open(n.Pos())) break;
                Walk(n.X);
                if (n.Tok == Token.Define)
                {
                    foreach (var x in new[] { n.Key, n.Value })
                    {
                        if (x == null) continue;
                        var u = x;
                        while (u is ParenExpr p) u = p.X;
                        if (u is not Ident) Walk(u);
                    }
                }
                else
                {
                    Walk(n.Key);
                    Walk(n.Value);
                }
                Walk(n.Body);
                break;
            case GenDecl n:
                switch (n.Tok)
                {
                    case Token.Const or Token.Var:
                        foreach (var spec in n.Specs)
                        {
                            if (spec is not ValueSpec vs) continue;
                            WalkAll(vs.Values);
                            Walk(vs.Type);
                        }
                        break;
                    case Token.Type:
                        // (scopes of generic type specs stay open for the rest of the group, as in the resolver)
                        foreach (var spec in n.Specs)
                        {
                            if (spec is not TypeSpec ts) continue;
                            if (ts.TypeParams != null)
                            {
                                if (!Open(ts.Pos())) break;
                                ResolveList(ts.TypeParams);
                            }
                            Walk(ts.Type);
                        }
                        break;
                }
                break;
            case FuncDecl n:
                if (!Open(n.Pos())) break;
                WalkRecv(n.Recv);
                if (n.Type.TypeParams != null) ResolveList(n.Type.TypeParams);
                ResolveList(n.Type.Params);
                ResolveList(n.Type.Results);
                if (n.Body != null) WalkAll(n.Body.List);
                break;
            default:
                return this; // children in ast.Walk order
        }
        _depth = saved; // every scope opened above closes when its node is done
        return null;
    }

    private void WalkRecv(FieldList? recv)
    {
        if (recv == null || recv.List.Count == 0) return;
        var typ = recv.List[0].Type;
        if (typ is StarExpr star) typ = star.X;
        switch (typ)
        {
            case IndexExpr ix:
                Walk(ix.X);
                if (ix.Index is not Ident) Walk(ix.Index);
                break;
            case IndexListExpr il:
                Walk(il.X);
                foreach (var e in il.Indices)
                    if (e is not Ident) Walk(e);
                break;
            default:
                Walk(typ);
                break;
        }
        for (var i = 1; i < recv.List.Count; i++) Walk(recv.List[i].Type);
    }
}
