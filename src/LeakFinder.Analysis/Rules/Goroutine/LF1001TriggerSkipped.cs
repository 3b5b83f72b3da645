using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a wait registry whose trigger is skipped: the package keeps a channel per request ID in a map
/// (`Register(id)` makes it, stores it, returns it; `Trigger(id, x)` looks it up and sends on it or closes it), a
/// requester waits on its channel with a plain receive (`x := &lt;-ch`, no timeout), and the handler that answers
/// triggers the ID it was given on one path but returns on another without doing so (an apply loop that logs the
/// error and returns). That requester waits for ever.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckSkippedTriggers(Pass pass)
    {
        Dictionary<Func, string>? triggers = null, registers = null;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Body: { } body } d || pass.Info.Defs.GetValueOrDefault(d.Name) is not Func f) continue;
            if (TriggerOf(pass, d, body) is { } tcls) (triggers ??= new(ReferenceEqualityComparer.Instance))[f] = tcls;
            else if (RegisterOf(pass, body) is { } rcls) (registers ??= new(ReferenceEqualityComparer.Instance))[f] = rcls;
        }
        if (triggers == null || registers == null) return;
        if (PlainWaiter(pass, registers) is not var (waiter, registry)) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: { } body } handler || pass.Info.Defs.GetValueOrDefault(handler.Name) is Func self && triggers.ContainsKey(self)) continue;
            var parameters = SummaryBuilder.ParamVars(handler, pass.Info).OfType<Var>().ToList();
            CallExpr? trigger = null;
            Walker.Inspect(body, n =>
            {
                if (trigger != null || n is FuncLit) return false;
                if (n is CallExpr c && Calls.Callee(pass.Info, c) is { } t && triggers.TryGetValue(t, out var cls) && cls == registry
                    && c.Args.Count > 0 && FieldPath.Of(pass, c.Args[0]) is { } arg && parameters.Any(p => ReferenceEquals(p, arg.Root)))
                    trigger = c;
                return trigger == null;
            });
            if (trigger == null) continue;
            var cfg = pass.Cfg(fn);
            bool IsTrigger(Node n) => n is CallExpr c && Calls.Callee(pass.Info, c) is { } t && triggers.ContainsKey(t);
            var search = new PathSearch(cfg, pass.Info, (b, i) => i >= 0 && ReachesWithin(pass, b.Nodes[i], 2, IsTrigger) ? NodeEffect.Sink : NodeEffect.None);
            if (search.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt exit) continue;
            pass.Report(exit,
                $"{handler.Name.Name} triggers the waiter registered for {Text(trigger.Args[0])} (line {pass.Line(trigger)}), but this return skips the trigger: the requester waits on its channel with a plain receive (line {pass.Line(waiter)}), so it blocks for ever; trigger the waiter on this path too (with the error as its result)",
                new RelatedLocation(pass.Span(trigger), "the waiter is triggered here, on other paths"),
                new RelatedLocation(pass.Span(waiter), "the requester waits here with no way out"));
        }
    }

    /// <summary>A method looking up its first parameter in a map-of-channels field (`w.m[id]`) and sending on or closing
    /// the channel it found: the registry's class.</summary>
    private static string? TriggerOf(Pass pass, FuncDecl d, BlockStmt body)
    {
        if (SummaryBuilder.ParamVars(d, pass.Info).FirstOrDefault() is not { } id) return null;
        string? cls = null;
        var fires = false;
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is IndexExpr { X: var m, Index: var k } && MapField(pass, m) is { } c && Expr.Unparen(k) is Ident ki && ReferenceEquals(pass.Info.ObjectOf(ki), id)) cls = c;
            if (n is SendStmt || n is CallExpr call && Calls.BuiltinName(pass.Info, call) == "close") fires = true;
            return true;
        });
        return fires ? cls : null;
    }

    /// <summary>A method storing a channel it made in a map-of-channels field (`w.m[id] = ch`) and returning it.</summary>
    private static string? RegisterOf(Pass pass, BlockStmt body)
    {
        string? cls = null;
        var returns = false;
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is AssignStmt { Lhs: [IndexExpr { X: var m }], Rhs: [Ident v] } && MapField(pass, m) is { } c && pass.Info.ObjectOf(v) is Var) cls = c;
            if (n is ReturnStmt { Results: [Ident r] } && pass.Info.TypeOf(r)?.Underlying is Semantics.Types.ChanType) returns = true;
            return true;
        });
        return returns ? cls : null;
    }

    /// <summary>A requester waiting with a plain receive (no select) on the channel a register method gave it.</summary>
    private static (Node At, string Registry)? PlainWaiter(Pass pass, Dictionary<Func, string> registers)
    {
        foreach (var fn in pass.Functions)
        {
            var got = new Dictionary<Var, string>(ReferenceEqualityComparer.Instance);
            (Node, string)? found = null;
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (found != null || n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is AssignStmt { Lhs: [Ident l], Rhs: [CallExpr c] } && Calls.Callee(pass.Info, c) is { } f && registers.TryGetValue(f, out var cls) && pass.Info.ObjectOf(l) is Var v)
                    got[v] = cls;
                if (n is UnaryExpr { Op: Token.Arrow, X: var x } u && Expr.Unparen(x) is Ident ch && pass.Info.ObjectOf(ch) is Var cv && got.TryGetValue(cv, out var r)
                    && !ancestors.Any(a => a is SelectStmt))
                    found = (u, r);
                return found == null;
            });
            if (found != null) return found;
        }
        return null;
    }

    /// <summary>Whether a node under root matches, or under the body of a function of this package called there, to
    /// depth calls down.</summary>
    private static bool ReachesWithin(Pass pass, Node root, int depth, Func<Node, bool> match)
    {
        var found = false;
        Walker.Inspect(root, n =>
        {
            if (found || n == null) return false;
            if (match(n)) found = true;
            else if (depth > 0 && n is CallExpr c && Calls.Callee(pass.Info, c) is { } f && pass.Facts.BodyOf(f) is { Decl.Body: { } body } target
                     && ReferenceEquals(target.Info, pass.Info))
                found = ReachesWithin(pass, body, depth - 1, match);
            return !found;
        });
        return found;
    }
}
