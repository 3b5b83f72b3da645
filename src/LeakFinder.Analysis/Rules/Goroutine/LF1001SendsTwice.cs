using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a producer that reports once on most paths but twice on some: a function of the package makes an
/// unbuffered channel, returns it, and starts one goroutine that sends on it, directly or through a closure of the
/// function that sends unconditionally (`fail := func(err error) { out &lt;- result{err: err} }`), with a path from
/// one send to another (an error path that sends and then `break`s where it meant to return, falling through to
/// the final send). A caller taking one value leaves the goroutine blocked on the second send for ever.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>A producer whose goroutine may send twice: the generator record (Send is the second send) and the
    /// first send (a send statement or a call of a sending closure).</summary>
    private static Generator? TwiceSenderOf(Pass pass, FuncDecl fd)
    {
        if (DroppedResults.ReturnedChannel(pass, fd) is not { Local: var ch } || Channels.UnbufferedMake(pass, fd.Body!, ch) == null) return null;
        var info = pass.Info;
        bool IsCh(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), ch);
        // The closures of the function that send on ch: `name := func(...) { ...; ch <- v; ... }`, the send a
        // statement of its body (every call sends).
        var closures = new Dictionary<Var, FuncLit>(ReferenceEqualityComparer.Instance);
        Walker.Inspect(fd.Body!, n =>
        {
            if (n is AssignStmt { Tok: Token.Define, Lhs: [Ident name], Rhs: [var rhs] } && Expr.Unparen(rhs) is FuncLit cl
                && info.ObjectOf(name) is Var cv && cl.Body.List.Any(s => s is SendStmt snd && IsCh(snd.Chan)))
                closures[cv] = cl;
            return true;
        });
        GoStmt? go = null;
        FuncLit? producer = null;
        var ok = true;
        Walker.InspectWithAncestors(fd.Body!, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is GoStmt g && Expr.Unparen(g.Call.Fun) is FuncLit lit
                && Walker.Any(g, x => x is Ident id && (ReferenceEquals(info.ObjectOf(id), ch) || info.ObjectOf(id) is Var v && closures.ContainsKey(v))))
            {
                if (go != null || ancestors.Any(a => a is ForStmt or RangeStmt)) ok = false;
                (go, producer) = (g, lit);
                return true;
            }
            if (n is not Ident use || !info.Uses.TryGetValue(use, out var o)) return true;
            var parent = ancestors[^1];
            var inLit = ancestors.LastOrDefault(a => a is FuncLit) as FuncLit;
            if (ReferenceEquals(o, ch))
            {
                var plainSend = parent is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), use)
                                && !ancestors.SkipWhile(a => !ReferenceEquals(a, inLit)).Any(a => a is SelectStmt);
                var closing = parent is CallExpr c && Calls.BuiltinName(info, c) == "close";
                ok = inLit == null ? parent is ReturnStmt
                    : ReferenceEquals(inLit, producer) ? plainSend || closing
                    : closures.ContainsValue(inLit) && plainSend;
            }
            else if (o is Var v && closures.ContainsKey(v))
                // Called as a statement of the producer itself (not a nested literal), and used no other way.
                ok = producer != null && ReferenceEquals(inLit, producer) && parent is CallExpr call && ReferenceEquals(Expr.Unparen(call.Fun), use)
                     && ancestors.Count > 1 && ancestors[^2] is ExprStmt;
            return true;
        });
        if (!ok || go == null || producer == null) return null;
        var bodies = pass.Functions.Where(f => ReferenceEquals(f.Function, producer)).Take(1).ToList();
        if (bodies.Count == 0) return null;
        var body = bodies[0];
        bool IsSend(Node n) => n is SendStmt s && IsCh(s.Chan)
                               || n is ExprStmt { X: CallExpr call } && Expr.Unparen(call.Fun) is Ident f && info.ObjectOf(f) is Var v && closures.ContainsKey(v);
        var cfg = pass.Cfg(body);
        foreach (var (block, index, node) in cfg.LiveNodes())
        {
            if (!IsSend(node)) continue;
            if (NextSend(cfg, info, block, index, node, IsSend) is not { } second) continue;
            var sent = second as SendStmt ?? closures.First(c => ReferenceEquals(c.Key, info.ObjectOf((Ident)Expr.Unparen(((CallExpr)((ExprStmt)second).X).Fun)))).Value
                .Body.List.OfType<SendStmt>().First(s => IsCh(s.Chan));
            return new Generator(fd, ch, go, producer, sent, node, second);
        }
        return null;
    }

    /// <summary>Another send reachable from the one at block[index] (itself again, round a loop, does not count), on a
    /// path consistent with the conditions it tests (<see cref="BranchFacts"/>: `if err != nil { ch &lt;- err }` then
    /// `if err == nil { ch &lt;- v }` is no path).</summary>
    private static Node? NextSend(ControlFlowGraph cfg, TypeInfo info, Block start, int index, Node first, Func<Node, bool> isSend)
    {
        var branches = BranchFacts.For(cfg, info);
        var seen = new HashSet<(int, string)>();
        var work = new Stack<(Block Block, int From, BranchFacts.State Facts)>();
        work.Push((start, index + 1, branches.At(first)));
        while (work.Count > 0)
        {
            var (block, from, facts) = work.Pop();
            if (from == 0 && !seen.Add((block.Index, facts.Signature))) continue;
            var nodes = block.Nodes;
            var stopped = false;
            for (var i = from; i < nodes.Count; i++)
            {
                if (ReferenceEquals(nodes[i], first)) { stopped = true; break; }
                if (isSend(nodes[i])) return nodes[i];
                if (!facts.IsEmpty)
                    foreach (var v in branches.AssignedIn(nodes[i])) facts = facts.Without(v);
                if (branches.EntryOf(nodes[i]) is { } entry) facts = facts.With(entry, entry.Polarity);
            }
            if (stopped || block.Return != null) continue;
            var succs = block.Succs;
            if (succs.Count == 2 && nodes.Count > 0 && nodes[^1] is Expr cond && branches.ConditionOf(cond) is { } tracked)
            {
                var decided = facts.ValueOf(tracked.Key) is { } known ? (known == tracked.Polarity ? 1 : 0) : -1;
                for (var s = 1; s >= 0; s--)
                    if (s != decided) work.Push((succs[s], 0, decided < 0 ? facts.With(tracked, s == 0 ? tracked.Polarity : !tracked.Polarity) : facts));
                continue;
            }
            for (var s = succs.Count - 1; s >= 0; s--) work.Push((succs[s], 0, facts));
        }
        return null;
    }

    /// <summary>A caller of a twice-sending producer that takes one value and drops the channel.</summary>
    private static void CheckTwiceConsumer(Pass pass, FunctionBody fn, CallExpr call, Generator g, IReadOnlyList<Node> ancestors)
    {
        var parent = ancestors.Count > 0 ? ancestors[^1] : null;
        Node? taken = parent switch
        {
            UnaryExpr { Op: Token.Arrow } recv when ReferenceEquals(Expr.Unparen(recv.X), call) => recv,
            AssignStmt { Tok: Token.Define, Lhs: [Ident local], Rhs: [var rhs] } when ReferenceEquals(Expr.Unparen(rhs), call) && pass.Info.ObjectOf(local) is Var v
                && SingleReceives(pass, fn.Body, v) is [var only] => only,
            _ => null,
        };
        if (taken == null) return;
        var name = g.Decl.Name.Name;
        pass.Report(call,
            $"{fn.Name} takes one value from the channel {name} returns, but on some path the goroutine {name} starts (line {pass.Line(g.Go)}) sends on it twice: after the send at line {pass.Line(g.First!)} it goes on to the send at line {pass.Line(g.Second!)} (a missing return?); the channel is unbuffered and nobody else receives, so the goroutine blocks for ever on the second send and leaks with everything it references, once per call; return after the first send, or give the channel room for every send",
            new RelatedLocation(pass.Span(g.First!), "the first send"),
            new RelatedLocation(pass.Span(g.Second!), "the second send, never received"));
    }
}
