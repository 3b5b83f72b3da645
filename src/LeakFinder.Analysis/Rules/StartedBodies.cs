using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>What a go statement on a receiver runs, for rules that follow a goroutine's signals by the receiver's
/// fields: a literal (its body, in the terms of the starter's receiver) or `go recv.m(..)` (the method's body and its
/// own receiver).</summary>
public static class StartedBodies
{
    public static (BlockStmt Body, Var Root)? Of(Pass pass, GoStmt go, Var starterRecv, Func<Func, FuncDecl?> declarationOf)
    {
        if (Expr.Unparen(go.Call.Fun) is FuncLit lit) return (lit.Body, starterRecv);
        if (Expr.Unparen(go.Call.Fun) is SelectorExpr { X: Ident x } && ReferenceEquals(pass.Info.ObjectOf(x), starterRecv)
            && Calls.Callee(pass.Info, go.Call) is { } m && declarationOf(m) is { Body: { } b } decl && RunLoops.ReceiverOf(pass.Info, decl) is { } r)
            return (b, r);
        return null;
    }
}
