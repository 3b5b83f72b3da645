using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008's context form: a function given a context waits on a Cond field in a loop that checks the context only
/// between Waits (`for l.inUse >= l.max { if err := ctx.Err(); err != nil { return err }; l.cond.Wait() }`). Cond.Wait
/// does not watch ctx.Done, so a caller whose context ends while it waits sleeps until some Signal or Broadcast that
/// has nothing to do with its context, for ever if none comes. Reported only when nothing ties a wake-up to the
/// context's end: the function starts no goroutine and calls no context.AfterFunc, the Cond is never handed out nor
/// used as a method value (`context.AfterFunc(ctx, l.cond.Broadcast)`), and no function signalling it watches a
/// Done channel or a timer, runs as a literal (a watcher goroutine, an AfterFunc callback), is used as a value, or is
/// called (two calls up) from one that does.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckContextUnseen(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        var neverDone = NeverDoneContexts.MayApply(pass) ? pass.ResultOf(NeverDoneContexts.Analysis) : null;
        foreach (var d in decls)
        {
            var contexts = SummaryBuilder.ParamVars(d, pass.Info).OfType<Var>().Where(p => Channels.IsContext(p.Type)).ToList();
            if (contexts.Count == 0 || Walker.Any(d.Body!, n => n is GoStmt || n is CallExpr c && Calls.Callee(pass.Info, c)?.FullName == "context.AfterFunc")) continue;
            Walker.Inspect(d.Body!, n =>
            {
                if (n is FuncLit) return false;
                if (n is not ForStmt loop) return true;
                var wait = loop.Body.List.Select(s => s is ExprStmt { X: CallExpr call } && LF5006CondWaitWithoutCheck.IsCondWait(pass, call) ? call : null).FirstOrDefault(c => c != null);
                if (wait is not { Fun: SelectorExpr { X: SelectorExpr condSel } } || LockPaths.Of(pass.Info, condSel) is not { Class: { } condClass } cond) return true;
                if (CheckedContext(pass, loop, contexts) is not { } ctx || neverDone?.Of(ctx.At) != null || reported.Contains(wait)) return true;
                if (WakeTiedToContext(pass, decls, byFunc, condClass, condSel) is not { } signallers) return true;
                var signaller = signallers[0];
                var who = signallers.Count == 1 ? $"only {signaller.Name.Name} signals it" : $"only {string.Join(", ", signallers.Take(signallers.Count - 1).Select(s => s.Name.Name))} and {signallers[^1].Name.Name} signal it";
                reported.Add(wait);
                pass.Report(wait,
                    $"{d.Name.Name} checks {ctx.Name} only between Waits on {cond.Text}, but Cond.Wait does not wake when {ctx.Name} ends, and nothing signals {cond.Text} when it does (no context.AfterFunc, no goroutine watching {ctx.Name}.Done(); {who}): a caller whose context ends while it waits sleeps here until an unrelated Signal or Broadcast, for ever if none comes; wake the waiters when the context ends (context.AfterFunc in Go 1.21+, or a goroutine that selects on {ctx.Name}.Done() and broadcasts under the lock)",
                    new RelatedLocation(pass.Span(ctx.At), $"the check of {ctx.Name}"),
                    new RelatedLocation(pass.Span(signaller.Name), $"{signaller.Name.Name} signals {cond.Text}, whatever the context"));
                return true;
            });
        }
    }

    /// <summary>The context parameter the loop checks without waiting on it: `ctx.Err()`, or a select with a default whose
    /// case receives from `ctx.Done()`, in its condition or body (not in a literal); null when it checks none, or waits on
    /// a Done anywhere (a blocking select is a wait of its own).</summary>
    private static (string Name, Expr At)? CheckedContext(Pass pass, ForStmt loop, List<Var> contexts)
    {
        (string, Expr)? found = null;
        var blocking = false;
        Walker.Inspect(loop, n =>
        {
            if (n is FuncLit || blocking) return false;
            if (n is SelectStmt select && !select.Body.List.OfType<CommClause>().Any(c => c.Comm == null)
                && Walker.Any(select, x => x is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } }, intoLiterals: false)) blocking = true;
            if (n is UnaryExpr { Op: Token.Arrow } recv && n is not null && !InSelect(loop, recv) && Expr.Unparen(recv.X) is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } }) blocking = true;
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Err" or "Done", X: Ident id }, Args.Count: 0 } call && pass.Info.ObjectOf(id) is Var v && contexts.Contains(v))
                found ??= (v.Name, call.Fun is SelectorExpr s ? s.X : call);
            return true;
        });
        return blocking ? null : found;
    }

    /// <summary>Whether the receive is a select case's communication inside the loop.</summary>
    private static bool InSelect(ForStmt loop, UnaryExpr recv) =>
        Walker.Any(loop, n => n is CommClause { Comm: { } comm } && Walker.Any(comm, x => ReferenceEquals(x, recv)), intoLiterals: false);

    /// <summary>The functions signalling the Cond class (the first four), when none of them is tied to a context's end or a timer
    /// (see the type's summary); null when one is, when nothing signals it, or when the Cond is handed out.</summary>
    private static List<FuncDecl>? WakeTiedToContext(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, string condClass, SelectorExpr condSel)
    {
        if (pass.Info.Selections.GetValueOrDefault(condSel)?.Obj is not Var condField || pass.ExportedOutside(condField)) return null;
        var signallers = new List<(Node Function, Node? Parent, FuncDecl Decl)>();
        var tied = false;
        foreach (var decl in decls)
            Walker.InspectWithAncestors(decl.Body!, (n, ancestors) =>
            {
                if (tied) return false;
                if (n is not SelectorExpr sel || pass.Info.Selections.GetValueOrDefault(sel)?.Obj is not Var f || !ReferenceEquals(f, condField)) return true;
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                var call = ancestors.Count > 1 ? ancestors[^2] as CallExpr : null;
                switch (parent)
                {
                    case SelectorExpr { Sel.Name: "Signal" or "Broadcast" } m when ReferenceEquals(m.X, sel):
                        if (call == null || !ReferenceEquals(call.Fun, m)) tied = true; // a method value: may be handed to AfterFunc
                        else signallers.Add(Enclosing(decl, ancestors));
                        break;
                    case SelectorExpr { Sel.Name: "Wait" or "L" } m when ReferenceEquals(m.X, sel):
                        break;
                    case AssignStmt a when a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel)):
                        break;
                    default:
                        tied = true; // handed out: it may be signalled anywhere
                        break;
                }
                return !tied;
            });
        if (tied || signallers.Count == 0) return null;
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        return signallers.Any(s => Tied(pass, decls, s, 0, visited)) ? null : signallers.Select(s => s.Decl).Distinct(ReferenceEqualityComparer.Instance).Cast<FuncDecl>().Take(4).ToList();
    }

    /// <summary>The innermost function around a node (a literal, with the node it is an operand of, or the declaration).</summary>
    private static (Node Function, Node? Parent, FuncDecl Decl) Enclosing(FuncDecl decl, IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is FuncLit lit) return (lit, i > 0 ? ancestors[i - 1] : null, decl);
        return (decl, null, decl);
    }

    /// <summary>A function that signals (or calls a signaller) and watches a Done channel or a timer, or a literal handed
    /// to time.AfterFunc or context.AfterFunc, or a declaration used as a value or called from such a function (two
    /// levels up).</summary>
    private static bool Tied(Pass pass, List<FuncDecl> decls, (Node Function, Node? Parent, FuncDecl Decl) fn, int depth, HashSet<Node> visited)
    {
        if (!visited.Add(fn.Function)) return false;
        if (WatchesTime(pass, fn.Function is FuncLit l ? l.Body : ((FuncDecl)fn.Function).Body!)) return true;
        if (fn.Function is FuncLit)
            return fn.Parent is CallExpr c && Calls.Callee(pass.Info, c)?.FullName is "context.AfterFunc" or "time.AfterFunc"
                   || depth < 2 && Tied(pass, decls, (fn.Decl, null, fn.Decl), depth + 1, visited);
        if (pass.Info.Defs.GetValueOrDefault(((FuncDecl)fn.Function).Name) is not Func f) return true;
        foreach (var caller in decls)
        {
            var tied = false;
            Walker.InspectWithAncestors(caller.Body!, (n, ancestors) =>
            {
                if (tied || n is not (Ident or SelectorExpr)) return !tied;
                var named = n is Ident id ? pass.Info.Uses.GetValueOrDefault(id) : pass.Info.Selections.GetValueOrDefault((SelectorExpr)n)?.Obj;
                if (!ReferenceEquals(named, f)) return true;
                // A method's selector is judged once, not again at its Sel.
                if (n is Ident && ancestors.LastOrDefault() is SelectorExpr owner && ReferenceEquals(owner.Sel, n)) return false;
                if (ancestors.LastOrDefault() is not CallExpr call || !ReferenceEquals(call.Fun, n)) tied = true; // a function or method value
                else if (depth < 2 && Tied(pass, decls, Enclosing(caller, ancestors), depth + 1, visited)) tied = true;
                return false;
            });
            if (tied) return true;
        }
        return false;
    }

    /// <summary>The body receives from a Done channel, or uses a timer, ticker or sleep: a wake-up on a context's end or
    /// a periodic one, after which the waiters see the context's error.</summary>
    private static bool WatchesTime(Pass pass, BlockStmt body) =>
        Walker.Any(body, n => n switch
        {
            CallExpr { Fun: SelectorExpr { Sel.Name: "Done" }, Args.Count: 0 } => true,
            CallExpr c => Calls.Callee(pass.Info, c)?.FullName is "time.After" or "time.AfterFunc" or "time.NewTimer" or "time.NewTicker" or "time.Tick" or "time.Sleep" or "context.AfterFunc",
            SelectorExpr { Sel.Name: "C" } sel => pass.Info.TypeOf(sel.X) is { } t && (t.Underlying is PointerType p ? p.Elem : t) is NamedType { Obj: { Name: "Ticker" or "Timer", Pkg.Path: "time" } },
            _ => false,
        });
}
