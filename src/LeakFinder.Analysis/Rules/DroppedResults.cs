using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// Functions whose result is the only handle on something they started (a goroutine sending its result on the
/// returned channel, a goroutine only the returned value's cancel ends), and the calls of the package that drop
/// that result: shared by the rules on dropped results.
/// </summary>
public static class DroppedResults
{
    /// <summary>The local variable every return of the function gives, at one result index, when accept takes it;
    /// null when a return gives anything else there (returns in literals are not the function's).</summary>
    public static (int Index, int Results, Var Local)? ReturnedLocal(Pass pass, FuncDecl fd, Func<Var, bool> accept)
    {
        if (pass.Info.Defs.GetValueOrDefault(fd.Name) is not Func { Signature: { Results.Count: > 0 and var results } } || fd.Body == null) return null;
        Var? local = null;
        var index = -1;
        var returns = 0;
        var ok = true;
        Walker.Inspect(fd.Body, n =>
        {
            if (n == null || !ok || n is FuncLit) return false;
            if (n is not ReturnStmt r) return true;
            returns++;
            var i = r.Results.ToList().FindIndex(e => Expr.Unparen(e) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } v && (local == null ? accept(v) : ReferenceEquals(v, local)));
            if (i < 0 || index >= 0 && i != index) ok = false;
            else
            {
                index = i;
                local ??= (Var)pass.Info.ObjectOf((Ident)Expr.Unparen(r.Results[i]))!;
            }
            return false;
        });
        return ok && returns > 0 && local != null ? (index, results, local) : null;
    }

    /// <summary>
    /// The local channel every return of the function gives (<see cref="ReturnedLocal"/> with a channel-typed local):
    /// a channel made and handed back, for the producer rules (LF1001's generators, LF1008). Only a function with a
    /// result that can hold a channel (a channel, or an interface) has its body walked: most have none.
    /// </summary>
    public static (int Index, int Results, Var Local)? ReturnedChannel(Pass pass, FuncDecl fd) =>
        pass.Info.Defs.GetValueOrDefault(fd.Name) is Func { Signature.Results.Vars: var results }
        && results.Any(r => r.Type.Underlying is LeakFinder.Semantics.Types.ChanType or LeakFinder.Semantics.Types.InterfaceType)
            ? ReturnedLocal(pass, fd, v => v.Type.Underlying is LeakFinder.Semantics.Types.ChanType)
            : null;

    /// <summary>The calls in the package's functions that drop result `index` of a producer: the call as a
    /// statement, in a go or defer statement, or assigned with the blank identifier at that index.</summary>
    public static List<(CallExpr Call, T Producer)> Calls<T>(Pass pass, IReadOnlyDictionary<Func, T> producers, Func<T, (int Index, int Results)> result)
    {
        var dropped = new List<(CallExpr, T)>();
        void Check(CallExpr call, IReadOnlyList<Expr>? lhs)
        {
            if (LeakFinder.Semantics.Checking.Calls.Callee(pass.Info, call) is not { } f || !producers.TryGetValue(f, out var p)) return;
            var (index, results) = result(p);
            if (lhs != null && (lhs.Count != results || Expr.Unparen(lhs[index]) is not Ident { Name: "_" })) return;
            dropped.Add((call, p));
        }
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case ExprStmt { X: CallExpr call }:
                        Check(call, null);
                        break;
                    case GoStmt g:
                        Check(g.Call, null);
                        break;
                    case DeferStmt d:
                        Check(d.Call, null);
                        break;
                    case AssignStmt { Rhs.Count: 1 } a when Expr.Unparen(a.Rhs[0]) is CallExpr call:
                        Check(call, a.Lhs);
                        break;
                }
                return true;
            });
        return dropped;
    }
}
