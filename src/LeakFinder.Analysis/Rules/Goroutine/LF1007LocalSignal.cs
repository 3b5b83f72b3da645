using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007 for a local channel: a goroutine literal is the only one to signal its creator's channel (a send, or
/// a close), and its creator waits for that signal with nothing else to wake it (a bare `&lt;-errc`, a range over
/// the channel, or the caller's range over the channel a generator returns), but a path of the goroutine returns
/// without the signal: the early error return that forgets `close(out)`, the success path that never sends on
/// `errc`. The waiter blocks for ever on that path.
/// </summary>
public sealed partial class LF1007DoneNotClosed
{
    /// <summary>How the creator waits: one receive, a range (only a close ends it), or by returning the channel
    /// to callers that range over it.</summary>
    private enum Wait { Receive, Range, Returned }

    private sealed record Signal(Var Ch, Node Made, Wait Wait, Node WaitAt, List<Node> Sinks);

    private static void CheckLocalSignals(Pass pass)
    {
        FunctionLookup? functions = null;
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, NodeKinds.GoStmt, n => n is GoStmt)) continue; // no goroutine here: skip the walk
            foreach (var (go, lit, loop) in Goroutines(fn.Body))
            {
                // The goroutine: the literal itself, or a function of the package it starts (`go upload(d, errc)`),
                // whose parameter stands for the creator's channel.
                List<(Var Ch, Var Inside)> channels;
                FunctionBody target;
                functions ??= pass.ResultOf(FunctionLookup.Analysis);
                if (lit != null && functions.BodyOf(lit) is { } litBody)
                {
                    channels = CapturedChannels(pass, fn.Body, lit).Select(c => (c, c)).ToList();
                    target = litBody;
                }
                else if (lit == null && StartedFunction(pass, go, functions) is { } started)
                {
                    (target, channels) = (started.Body, started.Channels.Where(c => Made(pass, fn.Body, c.Ch) != null).ToList());
                }
                else continue;
                foreach (var (ch, inside) in channels)
                {
                    if (SignalOf(pass, fn, go, target, ch, inside, loop) is not { } signal) continue;
                    var consumer = signal.Wait == Wait.Returned ? FirstConsumer(pass, fn) : null;
                    if (signal.Wait == Wait.Returned && consumer == null) continue;
                    var cfg = pass.Cfg(target);
                    var sinks = new HashSet<Node>(signal.Sinks, ReferenceEqualityComparer.Instance);
                    var search = new PathSearch(cfg, pass.Info, (b, n) => n >= 0 && Contains(b.Nodes[n], sinks) ? NodeEffect.Sink : NodeEffect.None);
                    if (search.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt exit) continue;
                    // Every such path marks a test failed first (t.Errorf; return): a hang of a failing test only.
                    var failing = new PathSearch(cfg, pass.Info, (b, n) =>
                        n >= 0 && (Contains(b.Nodes[n], sinks) || TestFailureCalls.Contains(pass.Info, b.Nodes[n])) ? NodeEffect.Sink : NodeEffect.None);
                    Report(pass, fn, target, signal, exit, consumer, failing.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt);
                }
            }
        }
    }

    /// <summary>`go f(.., ch, ..)` or `go x.m(..)` starting a function of this package with a body: it, and each local
    /// channel variable of the creator passed straight as an argument with the parameter that receives it.</summary>
    private static (FunctionBody Body, List<(Var Ch, Var Inside)> Channels)? StartedFunction(Pass pass, GoStmt go, FunctionLookup functions)
    {
        if (Calls.Callee(pass.Info, go.Call) is not { Signature: { Variadic: false } } callee || go.Call.Ellipsis.IsValid) return null;
        if (functions.DeclarationOf(callee) is not { Function: FuncDecl fd } decl) return null;
        var parameters = SummaryBuilder.ParamVars(fd, pass.Info);
        if (parameters.Count != go.Call.Args.Count) return null;
        var channels = new List<(Var, Var)>();
        for (var i = 0; i < parameters.Count; i++)
            if (Expr.Unparen(go.Call.Args[i]) is Ident id && pass.Info.Uses.GetValueOrDefault(id) is Var { IsField: false, Type.Underlying: ChanType } ch && parameters[i] is { } p)
                channels.Add((ch, p));
        return channels.Count > 0 ? (decl, channels) : null;
    }

    private static void Report(Pass pass, FunctionBody fn, FunctionBody goroutine, Signal s, ReturnStmt exit, (string Caller, RangeStmt At)? consumer, bool onlyWhenTestFails)
    {
        // The CFG's return at the closing brace: the goroutine ran to its end.
        var leaves = exit.Results.IsEmpty && exit.Return == goroutine.Body.End() - 1 ? "it reaches its end" : "this return leaves";
        var who = goroutine.Function is FuncDecl d ? $"{d.Name.Name}, run as a goroutine," : "the goroutine";
        var name = s.Ch.Name;
        var what = s.Wait == Wait.Receive ? "sending on or closing" : "closing";
        var sink = s.Sinks[0];
        var does = s.Wait == Wait.Receive && sink is SendStmt ? "sends on" : "closes";
        string waiter, fix;
        Node waitAt;
        if (consumer is { } c)
        {
            waiter = $"{c.Caller} ranges over the channel {fn.Name} returns (line {pass.Line(c.At)}), and nothing else closes it, so its range never ends and {c.Caller} blocks for ever";
            waitAt = c.At;
            fix = $"close {name} on every path (defer close({name}) first thing in the goroutine)";
        }
        else
        {
            var how = s.Wait == Wait.Range ? "ranges over" : "waits on";
            waiter = $"{fn.Name} {how} {name} (line {pass.Line(s.WaitAt)}) with no other way out, and nothing else {(s.Wait == Wait.Range ? "closes" : "sends on or closes")} it, so {fn.Name} blocks for ever";
            waitAt = s.WaitAt;
            fix = s.Wait == Wait.Range || sink is not SendStmt ? $"close {name} on every path (defer close({name}) first thing)" : $"send on {name} on every path (or make the receive select on a done channel or context)";
        }
        pass.Report(pass.Span(exit),
            $"{who} {does} {name} to tell {fn.Name} it is done (line {pass.Line(sink)}), but {leaves} without {what} it: {waiter}; {fix}",
            [
                new RelatedLocation(pass.Span(sink), $"the goroutine {does} {name} here"),
                new RelatedLocation(pass.Span(waitAt), consumer != null ? "the range that never ends" : $"{fn.Name} waits here"),
                new RelatedLocation(pass.Span(s.Made), $"{name} is made here"),
            ], onlyWhenTestFails: onlyWhenTestFails);
    }

    /// <summary>The go statements of body (outside nested literals: their own bodies), with the literal each starts
    /// (null for a named function) and the innermost loop around it (one goroutine per iteration).</summary>
    private static List<(GoStmt Go, FuncLit? Lit, Stmt? Loop)> Goroutines(BlockStmt body)
    {
        var found = new List<(GoStmt, FuncLit?, Stmt?)>();
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is FuncLit) return false;
            if (n is GoStmt go) found.Add((go, Expr.Unparen(go.Call.Fun) as FuncLit, (Stmt?)ancestors.LastOrDefault(a => a is ForStmt or RangeStmt)));
            return n is not GoStmt;
        });
        return found;
    }

    /// <summary>The channel variables declared in the creator's body (outside the literal) that the literal uses.</summary>
    private static HashSet<Var> CapturedChannels(Pass pass, BlockStmt body, FuncLit lit)
    {
        var found = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        Walker.Inspect(lit.Body, n =>
        {
            if (n is Ident id && pass.Info.Uses.ContainsKey(id) && Channels.LocalOf(pass, body, lit, id) is { } v) found.Add(v);
            return true;
        });
        return found;
    }

    /// <summary>
    /// The goroutine's signal on ch and the creator's wait for it, when they are the channel's only uses: made once in
    /// the creator (`ch := make(chan T[, n])`), signalled in the literal only by sends and closes outside any select,
    /// loop (a receive takes one value) and defer (a deferred close runs on every path), and waited for once in the
    /// creator outside select and loops. Any other use (handed to a call, stored, captured by another closure, a
    /// select that may leave another way) may signal or wait otherwise: null. A goroutine started in a loop (one per
    /// item) is waited for by a receive in a loop (one per goroutine): a goroutine that leaves without its signal
    /// leaves the last receive waiting; a range or a returned channel needs one closer, not one per item.
    /// </summary>
    private static Signal? SignalOf(Pass pass, FunctionBody fn, GoStmt go, FunctionBody goroutine, Var ch, Var inside, Stmt? goLoop)
    {
        var inLoop = goLoop != null;
        var lit = goroutine.Function as FuncLit;
        // One receive per goroutine: in the go statement's own loop, or in a loop of its own (not one around the
        // go statement's loop, which waits once for many goroutines).
        bool PerGoroutine(IReadOnlyList<Node> ancestors) => goLoop == null
            ? !ancestors.Any(a => a is ForStmt or RangeStmt)
            : ancestors.Any(a => ReferenceEquals(a, goLoop) || a is ForStmt or RangeStmt && !(go.Pos().Value >= a.Pos().Value && go.Pos().Value < a.End().Value));
        if (Made(pass, fn.Body, ch) is not { } made) return null;
        if (GoroutineSignals(pass, goroutine.Body, inside) is not var (sinks, sinksInLoop)) return null;
        (Wait Wait, Node At)? wait = null;
        var ok = true;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok || lit != null && ReferenceEquals(n, lit)) return false; // the goroutine's own uses were judged above
            if (n is not Ident id || !pass.Info.Uses.TryGetValue(id, out var o) || !ReferenceEquals(o, ch)) return true;
            var parent = ancestors[^1];
            // Handed to the started function: its parameter was judged above.
            if (lit == null && ReferenceEquals(parent, go.Call) && go.Call.Args.Any(a => ReferenceEquals(Expr.Unparen(a), id))) return false;
            if (ancestors.Any(a => a is FuncLit or CommClause) || wait != null) { ok = false; return false; }
            if (parent is RangeStmt r && ReferenceEquals(Expr.Unparen(r.X), id) && !inLoop && !ancestors.Take(ancestors.Count - 1).Any(a => a is ForStmt or RangeStmt))
                wait = (Wait.Range, r);
            else if (parent is UnaryExpr { Op: Token.Arrow } recv && BareReceive(ancestors) && PerGoroutine(ancestors))
                wait = (Wait.Receive, recv);
            else if (parent is ReturnStmt && fn.Function is FuncDecl && !inLoop)
                wait = (Wait.Returned, parent);
            else
                ok = false; // the definition is not a use: anything else hands the channel on or serves it otherwise
            return false;
        });
        if (!ok || wait is not { } w || w.At.Pos().Value < go.Pos().Value) return null;
        // A receive takes one value: every send or close ends its wait. A range (here or in a caller) ends only at a close.
        if (w.Wait != Wait.Receive) sinks.RemoveAll(s => s is SendStmt);
        else if (sinksInLoop) return null;
        if (sinks.Count == 0 || HasSelect(goroutine.Body)) return null;
        return new Signal(ch, made, w.Wait, w.At, sinks);
    }

    /// <summary>The goroutine body's sends on and closes of v, and whether one sits in a loop; null when it uses v any
    /// other way (a receive, a call, a nested literal, a defer that signals on every path, a select).</summary>
    private static (List<Node> Sinks, bool InLoop)? GoroutineSignals(Pass pass, BlockStmt body, Var v)
    {
        var sinks = new List<Node>();
        var inLoop = false;
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !pass.Info.Uses.TryGetValue(id, out var o) || !ReferenceEquals(o, v)) return true;
            if (ancestors.Any(a => a is FuncLit or DeferStmt or CommClause)) { ok = false; return false; }
            var parent = ancestors[^1];
            Node sink;
            if (parent is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id)) sink = s;
            else if (parent is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close") sink = c;
            else { ok = false; return false; }
            sinks.Add(sink);
            // A signal inside a loop (a value per item, `if accepted == max { close(saturated) }`) counts rounds,
            // which is beyond a path search when one receive waits for it; one followed by a return is the last.
            inLoop |= ancestors.Any(a => a is ForStmt or RangeStmt) && !FollowedByReturn(ancestors, sink);
            return false;
        });
        return ok && sinks.Count > 0 ? (sinks, inLoop) : null;
    }

    /// <summary>Whether the statement holding the signal is followed in its block by a return.</summary>
    private static bool FollowedByReturn(IReadOnlyList<Node> ancestors, Node sink)
    {
        var stmt = sink is SendStmt ? sink : ancestors.Count >= 2 ? ancestors[^2] : null; // close(ch) sits in an ExprStmt
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is BlockStmt block)
            {
                var at = block.List.ToList().FindIndex(x => ReferenceEquals(x, stmt));
                return at >= 0 && at + 1 < block.List.Count && block.List[at + 1] is ReturnStmt;
            }
        return false;
    }

    /// <summary>A receive whose value is dropped, assigned or returned: `&lt;-ch`, `v := &lt;-ch`, `return &lt;-ch`.</summary>
    private static bool BareReceive(IReadOnlyList<Node> ancestors) =>
        ancestors.Count >= 2 && ancestors[^2] switch
        {
            ExprStmt => true,
            AssignStmt a => a.Rhs.Count == 1,
            ReturnStmt r => r.Results.Count == 1,
            _ => false,
        };

    /// <summary>The one definition of ch in body, `ch := make(chan T[, n])` or `var ch = make(..)`, when nothing
    /// assigns it again.</summary>
    private static Node? Made(Pass pass, BlockStmt body, Var ch) => OnlyValue(pass, body, ch) is var (at, value) && IsMake(pass, value) ? at : null;

    /// <summary>The statement or spec giving v its one value in body, and that value, when v is given a value once
    /// (one to one: not one result of a call with several).</summary>
    private static (Node At, Expr Value)? OnlyValue(Pass pass, BlockStmt body, Var v) =>
        LocalValues.Of(pass.Info, body, v) is { Paired: { } value } sole ? (sole.At, value) : null;

    private static bool IsMake(Pass pass, Expr e) => Expr.Unparen(e) is CallExpr call && Calls.BuiltinName(pass.Info, call) == "make";

    /// <summary>Whether body has a select outside nested literals: a goroutine that selects may be leaving on a
    /// cancellation its waiter also watches.</summary>
    private static bool HasSelect(BlockStmt body) => Walker.Any(body, n => n is SelectStmt, intoLiterals: false);

    private static bool Contains(Node node, HashSet<Node> targets) => Walker.Any(node, targets.Contains, intoLiterals: false);

    /// <summary>The first caller in the package that ranges over what the generator fn returns: `for v := range
    /// fn(..)`, or over a local it assigned from one call; null when none does.</summary>
    private static (string, RangeStmt)? FirstConsumer(Pass pass, FunctionBody fn)
    {
        if (fn.Function is not FuncDecl fd || pass.Info.Defs.GetValueOrDefault(fd.Name) is not Func f) return null;
        foreach (var caller in pass.Functions)
        {
            if (ReferenceEquals(caller.Function, fn.Function)) continue;
            RangeStmt? found = null;
            Walker.Inspect(caller.Body, n =>
            {
                if (found != null || (n is FuncLit && !ReferenceEquals(n, caller.Function))) return false;
                if (n is RangeStmt r && RangedCall(pass, caller.Body, r.X) is { } call && ReferenceEquals(Calls.Callee(pass.Info, call), f)) found = r;
                return found == null;
            });
            if (found != null) return (caller.Name, found);
        }
        return null;
    }

    /// <summary>The call a range takes its channel from: the range expression itself, or the one value of a local.</summary>
    private static CallExpr? RangedCall(Pass pass, BlockStmt body, Expr x) => Expr.Unparen(x) switch
    {
        CallExpr call => call,
        Ident id when pass.Info.ObjectOf(id) is Var { IsField: false } v && OnlyValue(pass, body, v) is (_, var value) => Expr.Unparen(value) as CallExpr,
        _ => null,
    };
}
