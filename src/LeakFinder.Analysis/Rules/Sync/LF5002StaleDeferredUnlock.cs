using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 on a deferred call of a func variable that gets its unlock only after the defer ran: `unlock := func() {};
/// defer unlock(); if !locked { s.mu.Lock(); unlock = s.mu.Unlock }`. Go evaluates a deferred call's function value
/// when the defer statement runs, so the defer calls the no-op and the later assignment of s.mu.Unlock changes nothing
/// it will call: every return after that assignment leaves s.mu locked (moby's volume store). A path counts as
/// released when it unlocks the mutex, calls or defers the variable again (`defer func() { unlock() }()` reads it at
/// the return), or uses the variable any other way (handed on: silent).
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static void CheckStaleDeferredUnlocks(Pass pass, FunctionBody fn, ControlFlowGraph cfg)
    {
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            if (node is not DeferStmt { Call: var call } defer || Expr.Unparen(call.Fun) is not Ident id
                || pass.Info.Uses.GetValueOrDefault(id) is not Var { IsField: false } variable
                || variable.Pos < fn.Body.Pos().Value || variable.Pos >= fn.Body.End().Value) continue;
            // A defer in a loop binds the variable's new value on the next iteration: no stale binding to judge.
            if (InsideLoop(fn.Body, defer)) continue;
            foreach (var (ab, ai, assign, mutex, unlock) in UnlockAssignmentsAfter(pass, cfg, block, i, variable))
            {
                if (!LocksInBody(pass, fn.Body, mutex, unlock)) continue;
                var search = new PathSearch(cfg, pass.Info, (b, n) =>
                    n >= 0 && (Releases(pass, b.Nodes[n], mutex, unlock) || Mentions(pass, b.Nodes[n], variable)) ? NodeEffect.Sink : NodeEffect.None);
                var exits = search.FindLeaks(ab, ai, null, null).OfType<ReturnStmt>().ToList();
                if (exits.Count == 0) continue;
                exits.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
                var name = mutex.Text;
                pass.Report(pass.Span(defer),
                    $"defer {id.Name}() takes the value {id.Name} has when the defer runs, not {name}.{unlock} assigned to it at line {pass.Line(assign)}: "
                    + $"{ExitList.Describe(pass, exits)} with {name} still locked and the next Lock blocks for ever; "
                    + $"defer func() {{ {id.Name}() }}() to call the value it holds at the return",
                    exits.Select(e => new RelatedLocation(pass.Span(e), $"returns with {name} still locked")).ToList());
                break;
            }
        }
    }

    /// <summary>The assignments `v = m.Unlock` (or `m.RUnlock`) of a sync mutex m reachable after node i of block, with
    /// the mutex and the unlock's name.</summary>
    private static IEnumerable<(Block Block, int Index, AssignStmt Assign, FieldPath Mutex, string Unlock)> UnlockAssignmentsAfter(
        Pass pass, ControlFlowGraph cfg, Block start, int index, Var variable)
    {
        var seen = new bool[cfg.Blocks.Count];
        var work = new Stack<(Block Block, int From)>();
        work.Push((start, index + 1));
        while (work.Count > 0)
        {
            var (block, from) = work.Pop();
            if (from == 0)
            {
                if (seen[block.Index]) continue;
                seen[block.Index] = true;
            }
            for (var n = from; n < block.Nodes.Count; n++)
                if (block.Nodes[n] is AssignStmt { Tok: Token.Assign, Lhs: [var lhs], Rhs: [var rhs] } assign
                    && Expr.Unparen(lhs) is Ident l && ReferenceEquals(pass.Info.ObjectOf(l), variable)
                    && UnlockMethodValue(pass, rhs) is { } target)
                    yield return (block, n, assign, target.Mutex, target.Unlock);
            foreach (var s in block.Succs) work.Push((s, 0));
        }
    }

    /// <summary>`s.mu.Unlock` or `s.mu.RUnlock` as a value (not called) on a sync mutex the function can name.</summary>
    private static (FieldPath Mutex, string Unlock)? UnlockMethodValue(Pass pass, Expr e)
    {
        if (Expr.Unparen(e) is not SelectorExpr { Sel.Name: "Unlock" or "RUnlock" } sel || !pass.Info.Selections.TryGetValue(sel, out var s)
            || s.Kind != SelectionKind.MethodVal || pass.Info.Uses.GetValueOrDefault(sel.Sel) is not Func f
            || !f.FullName.StartsWith("(*sync.", StringComparison.Ordinal)) return null;
        return FieldPath.Of(pass, sel.X) is { } mutex ? (mutex, sel.Sel.Name) : null;
    }

    /// <summary>Whether the body (outside function literals) locks the mutex in the mode the unlock gives back.</summary>
    private static bool LocksInBody(Pass pass, BlockStmt body, FieldPath mutex, string unlock)
    {
        var lockName = unlock == "RUnlock" ? "RLock" : "Lock";
        return Walker.Any(body, n => n is CallExpr c && Expr.Unparen(c.Fun) is SelectorExpr s && IsSyncMethod(pass, c, lockName) && FieldPath.Of(pass, s.X)?.Key == mutex.Key);
    }

    private static bool Mentions(Pass pass, Node node, Var variable) =>
        Walker.Any(node, n => n is Ident i && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(i), variable));

    private static bool InsideLoop(BlockStmt body, Node node)
    {
        var at = node.Pos().Value;
        return Walker.Any(body, n => n is ForStmt or RangeStmt && at >= n.Pos().Value && at < n.End().Value);
    }
}
