using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>Whether code names a variable: a guard reading the receiver, an index computed from a loop variable.</summary>
public static class Mentions
{
    public static bool Var(Pass pass, Node n, GoObject v)
    {
        var found = false;
        Walker.Inspect(n, x =>
        {
            if (x is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v)) found = true;
            return !found;
        });
        return found;
    }
}
