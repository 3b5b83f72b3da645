using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 on a value a package function hands out locked (`s, err := m.lockSession(id)`, whose summary says it returns
/// s with s.mu held when it succeeds: <see cref="LockedResult"/>): the caller holds s.mu from the call on, as if it had
/// locked it there, and a path that has passed the success check (`err == nil`, `ok`, `s != nil`) and reaches a
/// return without unlocking it leaves it locked. Any other use of the value than reading or writing its other fields
/// (returning it, storing it, passing it on, calling its methods, a closure seeing it) hands the duty on: silent.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static void CheckLockedResults(Pass pass, LockEffects effects)
    {
        HashSet<Func>? getters = null;
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl d && pass.Info.Defs.GetValueOrDefault(d.Name) is Func f && effects.SummaryOf(f) is { LockedResults.Count: > 0 })
                (getters ??= new(ReferenceEqualityComparer.Instance)).Add(f);
        if (getters == null) return;
        foreach (var fn in pass.Functions)
        {
            var cfg = pass.Cfg(fn);
            foreach (var (block, i, node) in cfg.LiveNodes())
                if (node is AssignStmt { Rhs: [var rhs] } assign && Expr.Unparen(rhs) is CallExpr call && Calls.Callee(pass.Info, call) is { } callee && getters.Contains(callee))
                    foreach (var locked in effects.SummaryOf(callee)!.LockedResults)
                        CheckLockedResult(pass, fn, cfg, block, i, assign, call, callee, locked);
        }
    }

    private static void CheckLockedResult(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, AssignStmt assign, CallExpr call, Func callee, LockedResult locked)
    {
        if (callee.Signature is not { } sig || assign.Lhs.Count != sig.Results.Count || locked.Result >= assign.Lhs.Count) return;
        if (Expr.Unparen(assign.Lhs[locked.Result]) is not Ident { Name: not "_" } id || pass.Info.ObjectOf(id) is not Var { IsField: false } value) return;
        // Only a variable of this function: a named result or an outer variable is handed on.
        if (value.Pos < fn.Body.Pos().Value || value.Pos >= fn.Body.End().Value || SeenByLiteral(pass, fn.Body, value)) return;
        GoObject? status = null;
        if (sig.Results.Count > 1 && locked.Result != sig.Results.Count - 1 && Expr.Unparen(assign.Lhs[^1]) is Ident { Name: not "_" } statusId
            && (sig.Results[^1].Type is NamedType { Obj.Name: "error", Obj.Pkg: null } || sig.Results[^1].Type.Underlying is BasicType { Kind: BasicKind.Bool }))
            status = pass.Info.ObjectOf(statusId);
        var unlock = locked.Mode == LockMode.Read ? "RUnlock" : "Unlock";
        var mutexKey = $"{value.Pos}:{value.Name}{locked.Fields}";
        // A call that unlocks a mutex of the class (`m.unlockSession(id)`), or code not seen given what reaches it, may give it back.
        var unlocks = locked.Class is { } cls ? new ClassUnlocks(pass, cls) : null;
        var roots = ReachingRoots(pass, call);
        var effectsAt = new Dictionary<Node, NodeEffect>(ReferenceEqualityComparer.Instance);
        var search = new PathSearch(cfg, pass.Info, (b, n) =>
        {
            if (n < 0) return NodeEffect.None;
            var node = b.Nodes[n];
            if (!effectsAt.TryGetValue(node, out var e)) effectsAt[node] = e = HandsOnLocked(pass, node, value, mutexKey) || unlocks?.In(node) == true || OpaqueCallGets(pass, node, roots, callee.Pkg)
                ? NodeEffect.Sink : NodeEffect.None;
            return e;
        });
        var exits = search.FindLeaks(block, index, value, status).OfType<ReturnStmt>().ToList();
        if (exits.Count == 0) return;
        exits.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
        var name = value.Name + locked.Fields;
        var calleeName = callee.Signature?.Recv is { } recv ? $"{TypeName(recv.Type)}.{callee.Name}" : callee.Name;
        pass.Report(pass.Span(call), $"{calleeName} returns {value.Name} with {name} locked (line {pass.Line(locked.LockedAt)}), but {ExitList.Describe(pass, exits)} without {name}.{unlock}(): "
                                     + $"the mutex stays locked and the next Lock blocks for ever; unlock on that path too, or defer {name}.{unlock}() once the call has succeeded",
            exits.Select(e => new RelatedLocation(pass.Span(e), $"returns with {name} still locked")).ToList());
    }

    private static string TypeName(GoType t) => (t is PointerType p ? p.Elem : t) is NamedType n ? n.Obj.Name : t.ToString();

    /// <summary>Whether a function literal of the body mentions the variable: who unlocks it, and when, is then no matter of paths.</summary>
    private static bool SeenByLiteral(Pass pass, BlockStmt body, Var value)
    {
        var seen = false;
        Walker.Inspect(body, n =>
        {
            if (seen || n is not FuncLit lit) return !seen;
            seen = Walker.Any(lit.Body, m => m is Ident i && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(i), value));
            return false;
        });
        return seen;
    }

    /// <summary>
    /// Whether a node releases the locked value's mutex or hands the value on: any mention of the mutex (its unlock,
    /// deferred or not; a relock; its address), of a field on the way to it, or of the value itself other than in a nil
    /// comparison (returned, stored, assigned, passed, a method called on it). Reading or writing its other fields
    /// (`s.expires = t`, `s.renews++`, `fmt.Errorf("%s", s.node)`) is neither.
    /// </summary>
    private static bool HandsOnLocked(Pass pass, Node node, Var value, string mutexKey)
    {
        var handed = false;
        pass.Info.Nodes.Inspect(node, NodeKinds.Ident, (n, parents) =>
        {
            if (handed || n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), value)) return !handed;
            // The longest chain of field selections from the value: `s.node`, `s.inner.mu`.
            Expr chain = id;
            var up = 1;
            while (parents.Up(up) is SelectorExpr sel && ReferenceEquals(sel.X, chain) && pass.Info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal)
            {
                chain = sel;
                up++;
            }
            if (ReferenceEquals(chain, id))
                handed = !(parents.Up(1) is BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq } cmp && (pass.Info.IsNil(cmp.X) || pass.Info.IsNil(cmp.Y)));
            else if (FieldPath.Of(pass, chain) is { } path)
                handed = path.Key == mutexKey || mutexKey.StartsWith(path.Key + ".", StringComparison.Ordinal) || path.Key.StartsWith(mutexKey + ".", StringComparison.Ordinal);
            else handed = true;
            return false;
        });
        return handed;
    }
}
