using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Task runners: functions of the package that start a goroutine literal calling one of their function
/// parameters, counted by a WaitGroup (`func (s *Stopper) RunWorker(f func()) { s.wg.Add(1); go func() { defer
/// s.wg.Done(); f() }() }`). Whatever the task does, the goroutine does before its Done, so a `Stop` waiting for
/// `s.wg` waits for every task handed to that stopper: one that takes a lock the stopping goroutine holds (a
/// node's ticker loop locking `n.mu`, stopped by a `Close` that holds `n.mu`) never lets it go on.
/// </summary>
internal sealed class TaskRunners(TypeInfo info, IReadOnlyList<LockFlow> flows, CallSites callSites)
{
    private Dictionary<Node, LockFlow>? _byFunction;

    /// <summary>
    /// For a wait on a WaitGroup whose only Done caller is a runner's goroutine: the held lock some task handed to
    /// that runner takes (through the same field of the same type as the waited group: `n.stopper.RunWorker(..)` for
    /// a wait on `n.stopper.wg`), where the task takes it, and what hands the task; null otherwise.
    /// </summary>
    public (HeldLock Held, Node At, string Task, CallExpr Handed)? LockingTask(LockFlow goroutine, LockBlocking wait)
    {
        if (goroutine.Function is not FuncLit lit || RunnerOf(lit) is not var (runner, param)) return null;
        _byFunction ??= flows.ToDictionary(f => f.Function, f => f, (IEqualityComparer<Node>)ReferenceEqualityComparer.Instance);
        foreach (var (caller, call) in callSites.CallsOf(runner))
        {
            if (param >= call.Args.Count || TaskFlow(call.Args[param]) is not { } taskFlow) continue;
            if (Expr.Unparen(call.Fun) is not SelectorExpr sel || LockPaths.Of(info, sel.X) is not { } owner || !SameOwner(owner, wait.Target)) continue;
            foreach (var held in wait.Held)
            {
                if (held.Path.Class is not { } cls || LockPaths.IsOnceDo(held.LockedAt)) continue;
                foreach (var (acquired, at, mode) in taskFlow.Acquired)
                    if (acquired == cls && !(held.Mode == LockMode.Read && mode == LockMode.Read))
                        return (held, at, $"the task {caller.Name} hands to {runner.Name}", call);
            }
        }
        return null;
    }

    /// <summary>The flow of the task handed to a runner: a literal, or a function or method value of the package
    /// (`n.stopper.RunWorker(n.gossipLoop)`).</summary>
    private LockFlow? TaskFlow(Expr arg)
    {
        arg = Expr.Unparen(arg);
        if (arg is FuncLit lit) return _byFunction!.GetValueOrDefault(lit);
        var f = arg switch
        {
            Ident id => info.ObjectOf(id) as Func,
            SelectorExpr m when info.Selections.TryGetValue(m, out var s) && s.Kind == SelectionKind.MethodVal => (s.Obj as Func)?.Declared,
            _ => null,
        };
        return f == null ? null : flows.FirstOrDefault(x => ReferenceEquals(x.Declared, f));
    }

    /// <summary>The wait's group is reached through the runner call's receiver: the same root type and the receiver's
    /// fields followed by the group's (`n.stopper` and `n.stopper.wg`, both from a *Node).</summary>
    private static bool SameOwner(LockPath owner, LockPath group) =>
        group.Fields.StartsWith(owner.Fields + ".", StringComparison.Ordinal) && group.Fields.IndexOf('.', owner.Fields.Length + 1) < 0
        && LockPaths.NamedOf(owner.Root.Type) is { } a && ReferenceEquals(a, LockPaths.NamedOf(group.Root.Type));

    /// <summary>The declared function starting lit with `go`, and the index of its function parameter lit calls.</summary>
    private (Func Runner, int Param)? RunnerOf(FuncLit lit)
    {
        foreach (var f in flows)
        {
            if (f.Function is not FuncDecl { Body: { } body } decl || f.Declared is not { } runner
                || lit.Pos().Value < body.Pos().Value || lit.End().Value > body.End().Value) continue;
            if (!Walker.Any(body, n => n is GoStmt { Call.Fun: var fun } && ReferenceEquals(Expr.Unparen(fun), lit))) return null;
            var index = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
            LockFlow.IndexParameters(info, decl.Type, index);
            int? called = null;
            Walker.Inspect(lit.Body, n =>
            {
                if (n is FuncLit or GoStmt) return false;
                if (n is CallExpr { Fun: Ident id } && info.ObjectOf(id) is Var pv && index.TryGetValue(pv, out var at) && pv.Type.Underlying is SignatureType) called = at;
                return called == null;
            });
            return called is { } p ? (runner, p) : null;
        }
        return null;
    }
}
