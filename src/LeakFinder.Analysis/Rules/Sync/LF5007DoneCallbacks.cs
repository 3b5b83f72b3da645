using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// A WaitGroup's Done handed to the function that starts the goroutine as a callback: the method value `wg.Done` or a
/// literal calling it (`func() { wg.Done() }`), as an argument or a field of a struct literal argument
/// (`launch(opts{Started: wg.Done})`). Where the goroutine calls that parameter or field (`opts.Started()`), it calls
/// Done on the creator's group; a path that returns without the call leaves Wait blocked as a missed Done does.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    /// <summary>A Done callback: the group in the creator's terms, the parameter or field as the callee names it, and the
    /// argument that hands it.</summary>
    private sealed record Callback(FieldPath Group, string Text, Node HandedAt);

    /// <summary>The Done callbacks a call hands to a function of the package, by the key of the parameter path that
    /// holds each (`opts.Started`).</summary>
    private static Dictionary<string, Callback>? DoneCallbacks(Pass pass, FuncDecl fd, CallExpr call)
    {
        if (call.Ellipsis.IsValid) return null;
        Dictionary<string, Callback>? found = null;
        var index = 0;
        foreach (var field in fd.Type.Params.List)
            foreach (var name in field.Names)
            {
                var at = index++;
                if (at >= call.Args.Count || pass.Info.Defs.GetValueOrDefault(name) is not Semantics.Types.Var pv) continue;
                var arg = Expr.Unparen(call.Args[at]);
                var key = $"{pv.Pos}:{pv.Name}";
                if (DoneValue(pass, arg) is { } g) (found ??= [])[key] = new Callback(g, pv.Name, arg);
                var lit = arg is UnaryExpr { Op: Syntax.Token.And } u ? Expr.Unparen(u.X) as CompositeLit : arg as CompositeLit;
                if (lit == null) continue;
                foreach (var elt in lit.Elts)
                    if (elt is KeyValueExpr { Key: Ident k, Value: var v } && DoneValue(pass, Expr.Unparen(v)) is { } fg)
                        (found ??= [])[$"{key}.{k.Name}"] = new Callback(fg, $"{pv.Name}.{k.Name}", elt);
            }
        return found;
    }

    /// <summary>The callbacks of `go f(..)` for a function f of the package (a literal's body sees the creator's names).</summary>
    private static Dictionary<string, Callback>? GoCallbacks(Pass pass, FunctionLookup functions, GoStmt go) =>
        go.Call.Fun is not FuncLit && Calls.Callee(pass.Info, go.Call) is { } callee && functions.DeclarationOf(callee) is { Function: FuncDecl fd }
            ? DoneCallbacks(pass, fd, go.Call) : null;

    /// <summary>The group of `wg.Done` (a method value) or of a literal without parameters or returns that calls
    /// `wg.Done()` in its own statements (deferred or not); null for anything else.</summary>
    private static FieldPath? DoneValue(Pass pass, Expr e)
    {
        if (e is SelectorExpr sel && pass.Info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal
            && s.Obj is Semantics.Types.Func { FullName: "(*sync.WaitGroup).Done" })
            return FieldPath.Of(pass, sel.X);
        if (e is not FuncLit { Type.Params.List.Count: 0 } lit || Walker.Any(lit.Body, n => n is ReturnStmt, intoLiterals: false)) return null;
        foreach (var stmt in lit.Body.List)
        {
            var call = stmt switch { ExprStmt { X: CallExpr c } => c, DeferStmt d => d.Call, _ => null };
            if (call != null && WaitGroups.Call(pass, call, "Done") is { } g) return g;
        }
        return null;
    }

    /// <summary>The callback a call calls (`opts.Started()`, `started()`), or null.</summary>
    private static Callback? CallbackOf(Pass pass, CallExpr call, Dictionary<string, Callback>? callbacks) =>
        callbacks != null && call.Args.Count == 0 && FieldPath.Of(pass, call.Fun) is { } p && callbacks.TryGetValue(p.Key, out var cb) ? cb : null;

    /// <summary>A node that calls the group's callback, or hands it (or the struct holding it) on to a call or a literal,
    /// which may call it: either ends the search for a path without Done.</summary>
    private static bool HandsOnCallback(Pass pass, Node n, FieldPath group, Dictionary<string, Callback> callbacks)
    {
        var held = callbacks.Where(c => c.Value.Group.Key == group.Key).Select(c => c.Key).ToList();
        if (held.Count == 0) return false;
        bool Holds(Expr e) => FieldPath.Of(pass, e) is { } p && held.Exists(k => k == p.Key || k.StartsWith(p.Key + ".", StringComparison.Ordinal));
        return n switch
        {
            CallExpr call when CallbackOf(pass, call, callbacks) is { } cb => cb.Group.Key == group.Key,
            CallExpr call => call.Args.Any(Holds),
            FuncLit lit => Walker.Any(lit.Body, x => x is Expr e && (e is Ident or SelectorExpr) && Holds(e)),
            _ => false,
        };
    }
}
