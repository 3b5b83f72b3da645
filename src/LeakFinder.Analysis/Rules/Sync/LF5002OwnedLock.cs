using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 on a value that owns a lock its maker left held (<see cref="OwningResult"/>: `tx, err := db.Begin(true)`, a
/// write transaction holding the database's writer lock until its Commit or Rollback): a path that has passed the
/// success check and returns without calling a releasing method on the value leaves the lock held, and the next
/// writer blocks for ever (bbolt users in etcd). The value handed on in any way (returned, stored, passed, captured,
/// a method called that lets its receiver escape), or a call given the lock's owner, is silent.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static void CheckOwnedLocks(Pass pass, LockEffects effects)
    {
        var owning = LockOwningResults.Of(pass.Info, pass.Functions, effects);
        if (owning.Count == 0) return;
        var escapes = new Dictionary<Func, bool>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
        {
            var cfg = pass.Cfg(fn);
            foreach (var (block, i, node) in cfg.LiveNodes())
                if (node is AssignStmt { Rhs: [var rhs] } assign && Expr.Unparen(rhs) is CallExpr call && Calls.Callee(pass.Info, call) is { } callee
                    && owning.TryGetValue(callee, out var results))
                    foreach (var owned in results)
                        if (TakesGuard(pass, call, owned.When))
                        {
                            CheckOwnedLock(pass, fn, cfg, block, i, assign, call, callee, owned, escapes);
                            break;
                        }
        }
    }

    /// <summary>Whether the call takes the lock: always when unguarded, else only when it passes the guard's value as a constant.</summary>
    private static bool TakesGuard(Pass pass, CallExpr call, AcquireGuard? when) =>
        when == null || when.Param < call.Args.Count && pass.Info.Types.TryGetValue(call.Args[when.Param], out var tv)
            && tv.Value is { Kind: ConstantKind.Bool } b && b.Bool == when.Value;

    private static void CheckOwnedLock(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, AssignStmt assign, CallExpr call, Func callee,
        OwningResult owned, Dictionary<Func, bool> escapes)
    {
        if (callee.Signature is not { } sig || assign.Lhs.Count != sig.Results.Count) return;
        if (Expr.Unparen(assign.Lhs[owned.Result]) is not Ident { Name: not "_" } id || pass.Info.ObjectOf(id) is not Var { IsField: false } value) return;
        if (value.Pos < fn.Body.Pos().Value || value.Pos >= fn.Body.End().Value || SeenByLiteral(pass, fn.Body, value)) return;
        GoObject? status = sig.Results.Count == 2 && Expr.Unparen(assign.Lhs[1]) is Ident { Name: not "_" } st ? pass.Info.ObjectOf(st) : null;
        // The owner as the caller names it (`s.db` in `s.db.Begin(true)`): a call given it (or what holds it) may unlock it.
        var ownerArg = owned.OwnerParam == -1 ? Expr.Unparen(call.Fun) is SelectorExpr recv ? recv.X : null : owned.OwnerParam < call.Args.Count ? call.Args[owned.OwnerParam] : null;
        var owner = ownerArg != null ? FieldPath.Of(pass, ownerArg) : null;
        var releasers = new HashSet<Func>(owned.Releasers, ReferenceEqualityComparer.Instance);
        var effectsAt = new Dictionary<Node, NodeEffect>(ReferenceEqualityComparer.Instance);
        var search = new PathSearch(cfg, pass.Info, (b, n) =>
        {
            if (n < 0) return NodeEffect.None;
            var node = b.Nodes[n];
            if (!effectsAt.TryGetValue(node, out var e))
                effectsAt[node] = e = ReleasesOwned(pass, node, value, releasers, escapes) || owner != null && GivesOwner(pass, node, owner) ? NodeEffect.Sink : NodeEffect.None;
            return e;
        });
        var exits = search.FindLeaks(block, index, value, status).OfType<ReturnStmt>().ToList();
        if (exits.Count == 0) return;
        exits.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
        var mutex = (ownerArg != null && FixSites.SimpleText(ownerArg, allowBinary: false) is { } text ? text : owned.Owner.Name) + owned.Fields;
        // The helpers the others call (Commit and Rollback both calling close) are no advice: the callers' entry points are.
        var entry = owned.Releasers.Where(r => !owned.Releasers.Any(o => !ReferenceEquals(o, r) && CallsFunc(pass, o, r))).ToList();
        if (entry.Count == 0) entry = [.. owned.Releasers];
        var names = string.Join(" or ", entry.Select(r => $"{value.Name}.{r.Name}()").Distinct());
        var calleeName = callee.Signature?.Recv is { } r0 ? $"{TypeName(r0.Type)}.{callee.Name}" : callee.Name;
        pass.Report(pass.Span(call), $"{calleeName} returns {value.Name} holding {mutex} (locked at line {pass.Line(owned.LockedAt)}) until {names}, but {ExitList.Describe(pass, exits)} without calling {(entry.Count switch { 1 => "it", 2 => "either", _ => "any of them" })}: "
                                     + $"the lock stays held and the next Lock of {mutex} blocks for ever; defer {value.Name}.{entry[^1].Name}() once the call has succeeded",
            exits.Select(e => new RelatedLocation(pass.Span(e), $"returns with {mutex} still held by {value.Name}")).ToList());
    }

    /// <summary>
    /// Whether a node releases the value's lock or hands the value on: a releasing method called on it (deferred or
    /// not), or any use other than a nil comparison, a field access, or a call of a method of the package that neither
    /// releases nor lets its receiver escape (`tx.Put(k, v)`).
    /// </summary>
    private static bool ReleasesOwned(Pass pass, Node node, Var value, HashSet<Func> releasers, Dictionary<Func, bool> escapes)
    {
        var handed = false;
        pass.Info.Nodes.Inspect(node, NodeKinds.Ident, (n, parents) =>
        {
            if (handed || n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), value)) return !handed;
            if (parents.Up(1) is BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq } cmp && (pass.Info.IsNil(cmp.X) || pass.Info.IsNil(cmp.Y))) return false;
            if (parents.Up(1) is SelectorExpr sel && ReferenceEquals(sel.X, id) && pass.Info.Selections.TryGetValue(sel, out var s))
            {
                if (s.Kind == SelectionKind.FieldVal) return false;
                if (s.Kind == SelectionKind.MethodVal && parents.Up(2) is CallExpr c && ReferenceEquals(Expr.Unparen(c.Fun), sel) && s.Obj is Func m
                    && !releasers.Contains(m) && !EscapesReceiver(pass, m, escapes)) return false;
            }
            handed = true;
            return false;
        });
        return handed;
    }

    /// <summary>Whether a method lets its receiver escape (uses it other than to select a field or method) or is not one
    /// of the package's bodies: unsure, so a call of it hands the value on.</summary>
    private static bool EscapesReceiver(Pass pass, Func method, Dictionary<Func, bool> escapes)
    {
        if (escapes.TryGetValue(method, out var known)) return known;
        var decl = pass.Functions.Select(f => f.Function).OfType<FuncDecl>().FirstOrDefault(d => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), method));
        var recv = method.Signature?.Recv;
        var escaped = decl?.Body == null || recv == null;
        if (!escaped)
            pass.Info.Nodes.Inspect(decl!.Body!, NodeKinds.Ident, (n, parents) =>
            {
                if (escaped || n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), recv)) return !escaped;
                escaped = !(parents.Up(1) is SelectorExpr sel && ReferenceEquals(sel.X, id));
                return false;
            });
        return escapes[method] = escaped;
    }

    /// <summary>Whether a call in the node is given the lock's owner, a value holding it, or a value it holds (its mutex): it may unlock it.</summary>
    private static bool GivesOwner(Pass pass, Node node, FieldPath owner) =>
        Walker.Any(node, n =>
        {
            if (n is not CallExpr c || Calls.BuiltinName(pass.Info, c) != null) return false;
            var given = c.Args.Append(Expr.Unparen(c.Fun) is SelectorExpr s ? s.X : c.Fun);
            return given.Any(a => FieldPath.Of(pass, a) is { } p && (p.Key == owner.Key || owner.Key.StartsWith(p.Key + ".", StringComparison.Ordinal) || p.Key.StartsWith(owner.Key + ".", StringComparison.Ordinal)));
        });

    /// <summary>Whether function f's body calls g directly.</summary>
    private static bool CallsFunc(Pass pass, Func f, Func g) =>
        pass.Functions.Select(b => b.Function).OfType<FuncDecl>().FirstOrDefault(d => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), f)) is { Body: { } body }
        && Walker.Any(body, n => n is CallExpr c && ReferenceEquals(Calls.Callee(pass.Info, c), g));
}
