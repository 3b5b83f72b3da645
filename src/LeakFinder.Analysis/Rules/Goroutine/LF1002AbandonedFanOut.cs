using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1002: a loop starts one goroutine per item, each sending its result on one unbuffered channel, but the
/// function receives from that channel only a fixed number of times outside any loop (the "first answer
/// wins" fan-out), or only in one loop that a return or break leaves early (the "first error wins" fan-out):
/// every goroutine not received from blocks for ever on its send. Docs: docs/rules/LF1002.md.
/// </summary>
public sealed class LF1002AbandonedFanOut : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1002", "fan-out-results-abandoned", RuleCategory.GoroutineLeak, Severity.Error,
        "Goroutines started in a loop send on an unbuffered channel that is received fewer times than they send")
    {
        Since = "0.1",
        Summary = "goroutines started in a loop send on a channel received fewer times than they send",
    };

    public override void Run(Pass pass)
    {
        IReadOnlyDictionary<string, int>? capacities = null;
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, NodeKinds.GoStmt, n => n is GoStmt)) continue;
            var loopGoroutines = new List<(GoStmt Go, FuncLit Lit, Stmt Loop)>();
            var loopMethods = new List<(GoStmt Go, Stmt Loop)>();
            Loops.Walk(pass.Info.Nodes, fn.Body, NodeKinds.GoStmt, (n, loop) =>
            {
                if (n is GoStmt { Call.Fun: FuncLit lit } go && loop != null) loopGoroutines.Add((go, lit, loop));
                else if (n is GoStmt { Call.Fun: SelectorExpr } m && loop != null) loopMethods.Add((m, loop));
            });
            foreach (var (go, lit, loop) in loopGoroutines) Check(pass, fn, go, lit, loop);
            foreach (var (go, loop) in loopMethods) CheckMethod(pass, fn, go, loop, () => capacities ??= ChannelBuffering.Capacities(pass.Info, pass.Functions));
        }
        foreach (var fn in pass.Functions) CheckStraightLine(pass, fn);
    }

    /// <summary>
    /// Goroutines started one after another at the function's top level (`go copy(a, b)` three times, each
    /// running a literal that sends once on ch at its own top level), when the function receives from ch fewer
    /// times than they send, beyond what ch's buffer holds: `errc := make(chan error, 1)` for three copy
    /// goroutines and one `return <-errc` leaves the last sender blocked for ever.
    /// </summary>
    private static void CheckStraightLine(Pass pass, FunctionBody fn)
    {
        var senders = new Dictionary<Var, List<(GoStmt Go, FuncLit Lit, SendStmt Send)>>(ReferenceEqualityComparer.Instance);
        foreach (var stmt in fn.Body.List)
        {
            if (stmt is not GoStmt go || GoroutineLiteral(pass, fn.Body, go) is not { } lit) continue;
            foreach (var top in lit.Body.List)
                if (top is SendStmt send && Expr.Unparen(send.Chan) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false, Type.Underlying: ChanType } ch
                    && Within(ch.Pos, fn.Body) && !Within(ch.Pos, lit))
                    (senders.TryGetValue(ch, out var l) ? l : senders[ch] = []).Add((go, lit, send));
        }
        // A function that never returns (it ends in os.Exit or log.Fatal after the first error, as a main's serve
        // fan-out does) takes the process and the goroutines down with it.
        if (senders.Count == 0 || !pass.Cfg(fn).Blocks.Any(b => b.Live && b.Return != null)) return;
        foreach (var (ch, sends) in senders)
        {
            if (sends.Count < 2 || Channels.ConstantBufferMake(pass, fn.Body, ch) is not { } made) continue;
            var literals = new HashSet<Node>(sends.Select(x => (Node)x.Lit), ReferenceEqualityComparer.Instance);
            if (CreatorReceives(pass, fn.Body, literals, ch) is not { } sites || sites.Any(x => x.Loop != null)) continue;
            var (capacity, at) = made;
            if (sends.Count <= sites.Count + capacity) continue;
            var received = sites.Count == 0 ? "never receives from it" : $"receives from it {Times(sites.Count)}";
            var room = capacity == 0 ? $"{ch.Name} is unbuffered" : $"its buffer holds {capacity}";
            var blocked = sends.Count - sites.Count - capacity;
            var last = sends[^1];
            var related = new List<RelatedLocation> { new(pass.Span(at), $"{ch.Name} is made here") };
            related.AddRange(sends.Select(x => new RelatedLocation(pass.Span(x.Go), $"a goroutine that sends on {ch.Name} is started here")));
            related.AddRange(sites.Select(x => new RelatedLocation(pass.Span(x.Receive), $"the only receive from {ch.Name}")));
            pass.Report(pass.Span(last.Send),
                $"{sends.Count} goroutines send on {ch.Name}, but {fn.Name} {received} and {room}: {(blocked == 1 ? "one of them blocks" : $"{blocked} of them block")} for ever on this send and leak; make {ch.Name}'s buffer as large as the number of senders (make(chan T, {sends.Count})) or receive once per goroutine",
                related);
        }
    }

    /// <summary>The literal a go statement runs: `go func() {...}()`, or `go f(...)` with f a local variable
    /// defined once from a literal (`copy := func(dst, src) {...}`) and never assigned again.</summary>
    private static FuncLit? GoroutineLiteral(Pass pass, BlockStmt body, GoStmt go)
    {
        if (go.Call.Fun is FuncLit lit) return lit;
        if (Expr.Unparen(go.Call.Fun) is not Ident id || pass.Info.ObjectOf(id) is not Var v) return null;
        return LocalValues.Of(pass.Info, body, v) is { AddressTaken: false, Paired: { } value } && Expr.Unparen(value) is FuncLit f ? f : null;
    }

    private static void Check(Pass pass, FunctionBody fn, GoStmt go, FuncLit lit, Stmt loop)
    {
        foreach (var stmt in lit.Body.List)
        {
            // Only a send every goroutine makes: a statement of the literal's top level, outside any select, or
            // in a select whose only way out is a context the function does not end when it leaves.
            Node send;
            Ident? chId;
            (Var Parent, Var Child, Node Done)? parent = null;
            if (TopLevelSend(pass, fn.Body, stmt) is var (sendStmt, watched))
                (send, chId, parent) = (sendStmt, Expr.Unparen(sendStmt.Chan) as Ident, watched);
            else if (SendingCall(pass, stmt) is var (call, arg))
                (send, chId) = (call, arg);
            else continue;
            if (chId == null || pass.Info.ObjectOf(chId) is not Var { IsField: false, Type.Underlying: ChanType } ch) continue;
            if (!Within(ch.Pos, fn.Body) || Within(ch.Pos, lit) || Within(ch.Pos, loop)) continue; // one channel shared by all
            if (Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
            var sites = CreatorReceives(pass, fn.Body, lit, ch);
            if (sites == null) continue;
            Judge(pass, fn, go, loop, send, ch.Name, made, sites, parent);
        }
    }

    /// <summary>A top-level call handing ch to a parameter of type `chan&lt;- T` (`c.Collect(ch)`, a collector run per
    /// goroutine): a send-only channel is given to be sent on, so the call is where the goroutine sends. A call also
    /// given a context or another channel may leave on it instead, and a function of the module must send on that
    /// parameter outside any select.</summary>
    private static (CallExpr Call, Ident Chan)? SendingCall(Pass pass, Stmt stmt)
    {
        if (stmt is not ExprStmt { X: var x } || Expr.Unparen(x) is not CallExpr call || Calls.Callee(pass.Info, call) is not { Signature: { } sig } callee) return null;
        (Ident Chan, int Index)? found = null;
        for (var i = 0; i < call.Args.Count; i++)
        {
            var t = pass.Info.TypeOf(call.Args[i]);
            if (Expr.Unparen(call.Args[i]) is Ident id && Calls.ParamType(sig, i, call.Ellipsis.IsValid) is { Underlying: ChanType { Dir: LeakFinder.Semantics.Types.ChanDir.SendOnly } })
            {
                if (found != null) return null;
                found = (id, i);
            }
            else if (t?.Underlying is ChanType || Channels.IsContext(t)) return null;
        }
        if (found is not var (ch, index)) return null;
        if (pass.Facts.BodyOf(callee) is { Decl.Body: { } body } target && !PlainSendOnParameter(target.Info, target.Decl, body, index)) return null;
        return (call, ch);
    }

    private static bool PlainSendOnParameter(TypeInfo info, FuncDecl decl, BlockStmt body, int index)
    {
        var parameters = SummaryBuilder.ParamVars(decl, info);
        if (index >= parameters.Count || parameters[index] is not { } param) return false;
        var plain = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is SendStmt send && Expr.Unparen(send.Chan) is Ident id && ReferenceEquals(info.ObjectOf(id), param) && !ancestors.Any(a => a is CommClause or FuncLit)) plain = true;
            return !plain;
        });
        return plain;
    }

    /// <summary>
    /// `go p.download(l)` in a loop: a method of the package whose body sends, for sure, on a channel field of its
    /// receiver (a top-level send, or one at the top level of a deferred literal: `defer func() { p.errc &lt;- err }()`),
    /// when every make of that field in the package is unbuffered and the creator only receives from `p.errc`.
    /// </summary>
    /// <param name="capacities">Every channel field's capacity in the package, surveyed once on first use.</param>
    private static void CheckMethod(Pass pass, FunctionBody fn, GoStmt go, Stmt loop, Func<IReadOnlyDictionary<string, int>> capacities)
    {
        if (go.Call.Fun is not SelectorExpr { X: var x } || Expr.Unparen(x) is not Ident rid || pass.Info.ObjectOf(rid) is not Var root) return;
        if (Calls.Callee(pass.Info, go.Call) is not { IsMethod: true } callee || pass.Facts.BodyOf(callee) is not { Decl.Body: { } body } target
            || !ReferenceEquals(target.Info, pass.Info) || RunLoops.ReceiverOf(pass.Info, target.Decl) is not { } recv) return;
        foreach (var send in SureSends(body))
        {
            if (RunLoops.FieldOf(pass.Info, send.Chan, recv) is not { } cls) continue;
            if (capacities().GetValueOrDefault(cls, -1) != 0) continue;
            if (FieldReceives(pass, fn.Body, root, cls) is not { } sites) continue;
            Judge(pass, fn, go, loop, send, $"{root.Name}.{((SelectorExpr)Expr.Unparen(send.Chan)).Sel.Name}", null, sites, null);
            return;
        }
    }

    /// <summary>Sends a body makes whenever it runs: its top-level send statements and those at the top level of a
    /// literal it defers.</summary>
    private static IEnumerable<SendStmt> SureSends(BlockStmt body)
    {
        foreach (var stmt in body.List)
        {
            if (stmt is SendStmt s) yield return s;
            if (stmt is DeferStmt { Call.Fun: FuncLit deferred })
                foreach (var inner in deferred.Body.List.OfType<SendStmt>()) yield return inner;
        }
    }

    /// <summary>The creator's receives from `root.f` (the field class), each with its innermost loop, when every
    /// mention of that field through root in the creator is a receive; null otherwise.</summary>
    private static List<ReceiveSite>? FieldReceives(Pass pass, BlockStmt body, Var root, string cls)
    {
        var receives = new List<ReceiveSite>();
        var unknown = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (unknown) return false;
            if (n is not SelectorExpr { X: var x } sel || Expr.Unparen(x) is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), root)
                || LockPaths.Of(pass.Info, sel)?.Class != cls) return true;
            if (ancestors.Count > 0 && ancestors[^1] is UnaryExpr { Op: Token.Arrow } && !ancestors.Any(a => a is FuncLit))
            {
                var loop = Loops.Innermost(ancestors);
                receives.Add(new ReceiveSite(ancestors[^1], loop?.Loop, loop?.Label));
            }
            else unknown = true;
            return false;
        });
        return unknown ? null : receives;
    }

    /// <summary>Reports the goroutines started by the loop when the creator's receives (sites) of the channel they send on
    /// cannot serve them all: a fixed number of receives, or one receiving loop a return or break leaves early.</summary>
    private static void Judge(Pass pass, FunctionBody fn, GoStmt go, Stmt loop, Node send, string chName, Node? made, List<ReceiveSite> sites, (Var Parent, Var Child, Node Done)? parent)
    {
        var related = new List<RelatedLocation> { new(pass.Span(go), "a goroutine is started here on every iteration") };
        if (made != null) related.Add(new(pass.Span(made), $"{chName} is made unbuffered here"));
        var watching = "";
        if (parent is var (p, child, done))
        {
            related.Add(new(pass.Span(done), $"the send's select leaves only on {p.Name}.Done(), which {fn.Name} does not end"));
            watching = $" (the send's select waits on {p.Name}.Done(), but {fn.Name} cancels only {child.Name}, derived from {p.Name}, when it returns)";
        }
        var onSend = send is CallExpr call ? $"their sends in {CalleeName(pass, call)}" : "this send";
        if (sites.All(s => s.Loop == null))
        {
            // A call may send any number of values: a count of receives says nothing about it.
            if (send is CallExpr) return;
            var receives = sites.Select(s => s.Receive).ToList();
            // `for i := 0; i < 2; i++ { go ... }` then two receives: one per goroutine.
            if (loop is ForStmt counted && CountedLoops.Of(counted, pass.Info)?.ExactTrips is { } trips && trips <= receives.Count) return;
            var first = receives.Count > 0 ? $"receives from {chName} only {Times(receives.Count)} (line {pass.Line(receives[0])})" : $"never receives from {chName}";
            related.AddRange(receives.Select(r => new RelatedLocation(pass.Span(r), $"the only receive from {chName}")));
            pass.Report(pass.Span(send),
                $"every iteration starts a goroutine that sends on {chName}, but {fn.Name} {first}: the other goroutines block for ever on {onSend}{watching} and leak; make {chName} buffered with room for every sender (make(chan T, n)) or receive once per goroutine",
                related);
            return;
        }
        // The first-error fan-out: every receive sits in one loop after the go loop, a loop that ends by
        // itself (range, or for with a condition) but that a return or break can leave before it has
        // received from every goroutine.
        var recvLoop = sites[0].Loop;
        if (recvLoop == null || sites.Any(s => !ReferenceEquals(s.Loop, recvLoop))) return;
        if (recvLoop is ForStmt { Cond: null } || recvLoop.Pos().Value < loop.End().Value) return;
        if (Loops.EarlyExit(recvLoop, sites[0].Label) is not { } exit) return;
        var how = Loops.ExitWord(exit);
        related.AddRange(sites.Select(s => new RelatedLocation(pass.Span(s.Receive), $"{chName} is received here, once per iteration")));
        related.Add(new(pass.Span(exit), $"this {how} leaves the receiving loop while goroutines may still be sending"));
        pass.Report(pass.Span(send),
            $"every iteration starts a goroutine that sends on {chName}, but {fn.Name} can leave the loop receiving from {chName} early ({how} at line {pass.Line(exit)}): the goroutines not yet received from block for ever on {onSend}{watching} and leak; make {chName} buffered with room for every sender (make(chan T, n)) or keep receiving from every goroutine before returning",
            related);
    }

    /// <summary>A send the goroutine's top-level statement makes for sure: the statement itself, or the send case of a
    /// select whose other cases only wait on `p.Done()`, with p a context the function derives a child from and
    /// cancels on return (`roundCtx, cancel := context.WithTimeout(ctx, d); defer cancel()`): the goroutine watches
    /// the parent, which the function's return does not end, so for it the select is a plain send.</summary>
    private static (SendStmt Send, (Var Parent, Var Child, Node Done)? Parent)? TopLevelSend(Pass pass, BlockStmt creator, Stmt stmt)
    {
        if (stmt is SendStmt send) return (send, null);
        if (stmt is not SelectStmt select) return null;
        foreach (var clause in select.Body.List.OfType<CommClause>())
            if (clause.Comm is SendStmt s && ContextDerivations.OnlyOtherWayOutIsDone(pass.Info, select, clause) is { } p
                && ContextDerivations.ChildCancelledOnReturn(pass.Info, creator, p) is { } child)
                return (s, (p, child, select.Body.List.OfType<CommClause>().First(c => !ReferenceEquals(c, clause)).Comm!));
        return null;
    }

    private static string CalleeName(Pass pass, CallExpr call) => Calls.Callee(pass.Info, call)?.Name ?? "the call";

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";

    private sealed record ReceiveSite(Node Receive, Stmt? Loop, string? Label);

    /// <summary>
    /// The creator's receives from ch, each with its innermost enclosing loop (and that loop's label), when ch
    /// goes nowhere else (no other closure, call, range, close or assignment sees it); null when we cannot tell.
    /// </summary>
    private static List<ReceiveSite>? CreatorReceives(Pass pass, BlockStmt body, FuncLit lit, Var ch) =>
        CreatorReceives(pass, body, new HashSet<Node>([lit], ReferenceEqualityComparer.Instance), ch);

    private static List<ReceiveSite>? CreatorReceives(Pass pass, BlockStmt body, HashSet<Node> senders, Var ch)
    {
        // The goroutine that closes ch once the senders are done (`go func() { wg.Wait(); close(ch) }()`) receives nothing.
        senders = [.. senders, .. Closers(pass, body, ch)];
        var receives = new List<ReceiveSite>();
        var unknown = false;
        var ancestors = new List<Node>();
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (senders.Contains(n)) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch))
            {
                switch (Use(ancestors, id))
                {
                    // A receive, or a range over ch (a receive per iteration: its own loop, which a return leaves early).
                    case UseKind.Receive or UseKind.Range when !ancestors.Any(a => a is FuncLit):
                        var loop = Loops.Innermost(ancestors);
                        receives.Add(new ReceiveSite(ancestors[^1], loop?.Loop, loop?.Label));
                        break;
                    case UseKind.Definition or UseKind.Length:
                        break;
                    default:
                        unknown = true; // received in a closure, ranged over, closed, handed on: not ours to count
                        break;
                }
            }
            ancestors.Add(n);
            return !unknown;
        });
        return unknown ? null : receives;
    }

    /// <summary>The goroutine literals of the body whose every use of ch is `close(ch)`.</summary>
    private static IEnumerable<Node> Closers(Pass pass, BlockStmt body, Var ch)
    {
        var closers = new List<Node>();
        Walker.Inspect(body, n =>
        {
            if (n is not GoStmt { Call.Fun: FuncLit lit }) return true;
            var closes = 0;
            var other = false;
            Walker.InspectWithAncestors(lit.Body, (m, ancestors) =>
            {
                if (m is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch))
                {
                    if (ancestors.Count > 0 && ancestors[^1] is CallExpr call && Calls.BuiltinName(pass.Info, call) == "close") closes++;
                    else other = true;
                }
                return !other;
            });
            if (closes > 0 && !other) closers.Add(lit);
            return false;
        });
        return closers;
    }

    private enum UseKind { Receive, Range, Definition, Length, Other }

    private static UseKind Use(List<Node> ancestors, Ident id)
    {
        var parent = ancestors.Count > 0 ? ancestors[^1] : null;
        return parent switch
        {
            UnaryExpr { Op: Token.Arrow } => UseKind.Receive,
            RangeStmt r when ReferenceEquals(Expr.Unparen(r.X), id) => UseKind.Range,
            AssignStmt a when a.Lhs.Any(l => ReferenceEquals(l, id)) => UseKind.Definition,
            ValueSpec vs when vs.Names.Any(x => ReferenceEquals(x, id)) => UseKind.Definition,
            CallExpr { Fun: Ident { Name: "len" or "cap" } } => UseKind.Length,
            _ => UseKind.Other,
        };
    }

    private static bool Within(int pos, Node n) => pos >= n.Pos().Value && pos < n.End().Value;
}
