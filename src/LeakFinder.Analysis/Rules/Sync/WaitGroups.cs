using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>WaitGroup calls as the sync rules see them.</summary>
internal static class WaitGroups
{
    /// <summary>The WaitGroup of `x.Method(...)` (a variable, or a field path on one) when x is a sync.WaitGroup
    /// (or a pointer to one) and Method is the given one; null otherwise.</summary>
    public static FieldPath? Call(Pass pass, CallExpr call, string method)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr sel || sel.Sel.Name != method) return null;
        if (Calls.Callee(pass.Info, call)?.FullName != $"(*sync.WaitGroup).{method}") return null;
        return FieldPath.Of(pass, sel.X);
    }
}
