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
/// LF1001: a goroutine blocks for ever on an unbuffered channel of its creator, because some path of the
/// creator returns without serving it: the `select` with a timeout or ctx.Done() that abandons the result
/// channel, the early error return before the receive, the missing close for a ranging consumer. The
/// goroutine is a function literal (its body uses the creator's channel), or a function of the module the
/// channel is passed to (`go worker(ch)`: its body uses the parameter). Docs: docs/rules/LF1001.md.
/// </summary>
public sealed partial class LF1001BlockedChannel : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1001", "goroutine-blocked-on-channel", RuleCategory.GoroutineLeak, Severity.Error,
        "Goroutine blocks for ever on a channel its creator may stop serving")
    {
        Since = "0.1",
        Summary = "a goroutine blocked forever on a channel its creator may stop serving; a feeder blocked once every worker ranging over its channel has left early; goroutines a loop starts (before Go 1.22) sending through the shared loop variable; a read on a net.Pipe end whose other end goes to a goroutine that can return without a reply or a close",
    };

    private enum Op { Send, Recv, Range }

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, NeverDoneContexts.Analysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        GoroutineStarters? starters = null;
        GoroutineStarters Starters() => starters ??= new GoroutineStarters(pass.Info, pass.Functions);
        foreach (var fn in pass.Functions)
        {
            CheckWorkersGone(pass, fn, Starters);
            CheckChannelSlices(pass, fn);
            CheckRegisteredWorkers(pass, fn);
            var cfg = pass.Cfg(fn);
            foreach (var (block, i, node) in cfg.LiveNodes())
            {
                if (node is not GoStmt go) continue;
                // A goroutine started in a loop is judged only against a channel made in that same loop body, one
                // channel per goroutine (`errc := make(chan error); go ...; select { ...; case <-time.After(d): continue }`).
                var loop = Loops.Around(fn.Body, go);
                if (loop != null)
                {
                    if (go.Call.Fun is FuncLit inLoop) CheckGoroutine(pass, fn, cfg, block, i, go, inLoop, loop);
                    else CheckFunctionGoroutine(pass, fn, cfg, block, i, go, loop);
                    continue;
                }
                if (go.Call.Fun is FuncLit lit) CheckGoroutine(pass, fn, cfg, block, i, go, lit, null);
                else
                {
                    CheckFunctionGoroutine(pass, fn, cfg, block, i, go, null);
                    CheckMethodGoroutine(pass, fn, cfg, block, i, go, model);
                }
            }
        }
        CheckUnreadFields(pass, model);
        CheckUnmadeFields(pass, model);
        CheckLiteralsLeavingNil(pass);
        CheckGenerators(pass);
        CheckAccessorConsumers(pass, model);
        CheckFutures(pass);
        CheckSkippedTriggers(pass);
        CheckPendingReplies(pass);
        CheckReplyFields(pass);
        CheckLoopCaptureSends(pass);
        CheckPipes(pass);
        CheckNetPipes(pass);
    }

    /// <param name="loop">The innermost loop around the go statement, or null: in a loop only a channel made in that
    /// loop's body counts, and a path that goes round to its make again has abandoned this iteration's goroutine.</param>
    private static void CheckGoroutine(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, GoStmt go, FuncLit lit, Stmt? loop)
    {
        foreach (var (ch, op, at) in BlockingOps(lit.Body, e => Channels.LocalOf(pass, fn.Body, lit, e), s => PlainCase(pass, s)))
        {
            if (Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
            var (perIteration, remade) = PerIteration(fn, cfg, loop, made);
            bool SendsOn(Expr e) => Channels.LocalOf(pass, fn.Body, lit, e) == ch;
            if (!perIteration)
            {
                // Workers started in a loop, all sending on one channel made before it: the consumer leaving its
                // receiving loop early strands every worker at its next send.
                if (op == Op.Send && SharedByTheLoop(made, loop) && CheckLeftReceiveLoop(pass, fn, ch, lit.Body, pass.Info, SendsOn, lit, at, $"this goroutine (one of those the loop at line {pass.Line(loop!)} starts)")) break;
                continue;
            }
            if (op != Op.Send && ClosedBefore(pass, fn.Body, ch, go)) continue;
            var sinks = ServingNodes(pass, cfg, ch, op, lit, out var escapes);
            if (escapes || AbandoningExit(pass, cfg, block, index, sinks, remade) is not { } exit || FlagLoopServes(pass, fn.Body, ch, go, exit))
            {
                if (loop == null && op == Op.Send && CheckLeftReceiveLoop(pass, fn, ch, lit.Body, pass.Info, SendsOn, lit, at, "this goroutine")) break;
                continue;
            }
            var (verb, serve) = Words(op);
            var leaves = Leaves(pass, fn, exit, made, ch, serve);
            RelatedLocation[] related = exit is ReturnStmt
                ?
                [
                    new RelatedLocation(pass.Span(exit), $"returns without {serve} {ch.Name}"),
                    new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                    new RelatedLocation(pass.Span(made), $"{ch.Name} is made unbuffered here"),
                ]
                :
                [
                    new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                    new RelatedLocation(pass.Span(made), $"{ch.Name} is made unbuffered here, a new one each iteration"),
                ];
            pass.Report(pass.Span(at), $"this goroutine blocks for ever {verb} {ch.Name}{NeverDoneSelects.Note(pass, at, witnesses: true)}: {leaves}, and {ch.Name} is unbuffered, so the goroutine and everything it references leak; make {ch.Name} buffered (make(chan T, 1)) or serve it on every path",
                related, onlyWhenTestFails: OnlyWhenTestFails(pass, cfg, block, index, sinks));
        }
    }

    /// <summary>
    /// `go worker(ch)`: a module function whose body blocks on the parameter the creator's unbuffered channel
    /// is passed as. Only when the body uses that parameter for nothing but those blocking operations (no
    /// select, no handing it on): anything else may serve it. Reported at the go statement, the place to fix.
    /// </summary>
    /// <param name="loop">As for <see cref="CheckGoroutine"/>: in a loop, only a channel made in that loop's body.</param>
    private static void CheckFunctionGoroutine(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, GoStmt go, Stmt? loop)
    {
        if (Calls.Callee(pass.Info, go.Call) is not { Signature: { Variadic: false } sig } callee || go.Call.Ellipsis.IsValid) return;
        if (pass.Facts.BodyOf(callee) is not { Decl.Body: { } body } target) return;
        var info = target.Info;
        var parameters = SummaryBuilder.ParamVars(target.Decl, info);
        if (parameters.Count != sig.Params.Count || go.Call.Args.Count != parameters.Count) return;
        var name = MustReleaseReporter.DisplayName(callee);
        for (var a = 0; a < go.Call.Args.Count; a++)
        {
            if (Channels.LocalOf(pass, fn.Body, null, go.Call.Args[a]) is not { } ch || parameters[a] is not { } param) continue;
            if (Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
            var (perIteration, remade) = PerIteration(fn, cfg, loop, made);
            bool IsParam(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), param);
            if (!perIteration)
            {
                if (SharedByTheLoop(made, loop))
                    CheckLeftReceiveLoop(pass, fn, ch, body, info, IsParam, go, go, $"the goroutine running {name} (one of those the loop at line {pass.Line(loop!)} starts)");
                continue;
            }
            if (sig.Params[a].Type.Underlying is ChanType { Dir: not Semantics.Types.ChanDir.SendOnly } && ClosedBefore(pass, fn.Body, ch, go)) continue;
            var reported = false;
            foreach (var (_, op, at) in OnlyBlockingUses(info, body, param) ?? [])
            {
                var sinks = ServingNodes(pass, cfg, ch, op, go, out var escapes);
                if (escapes) break;
                if (AbandoningExit(pass, cfg, block, index, sinks, remade) is not { } exit || FlagLoopServes(pass, fn.Body, ch, go, exit)) continue;
                var (verb, serve) = Words(op);
                var leaves = Leaves(pass, fn, exit, made, ch, serve);
                pass.Report(go, $"the goroutine running {name} blocks for ever {verb} {ch.Name} (its parameter {param.Name}): {leaves}, and {ch.Name} is unbuffered, so the goroutine and everything it references leak; make {ch.Name} buffered (make(chan T, 1)) or serve it on every path",
                    new RelatedLocation(pass.Span(at), $"{name} blocks here {verb} {param.Name}"),
                    new RelatedLocation(pass.Span(exit), exit is ReturnStmt ? $"returns without {serve} {ch.Name}" : $"{ch.Name} is made unbuffered here, a new one each iteration"));
                reported = true;
                break;
            }
            if (!reported && loop == null)
                CheckLeftReceiveLoop(pass, fn, ch, body, info, IsParam, go, go, $"the goroutine running {name}");
        }
    }

    /// <summary>The body's blocking operations on param (outside select and function literals); null when the
    /// body mentions param anywhere else (a select, a call, a closure, an assignment), which may serve it.</summary>
    private static List<(Var Ch, Op Op, Node At)>? OnlyBlockingUses(Semantics.Checking.TypeInfo info, BlockStmt body, Var param)
    {
        var ops = BlockingOps(body, e => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), param) ? param : null);
        var uses = 0;
        Walker.Inspect(body, n =>
        {
            if (n is Ident id && ReferenceEquals(info.ObjectOf(id), param)) uses++;
            return true;
        });
        return uses == ops.Count ? ops : null;
    }

    private static ReturnStmt? AbandoningReturn(Pass pass, ControlFlowGraph cfg, Block block, int index, HashSet<(int, int)> sinks) =>
        AbandoningExit(pass, cfg, block, index, sinks, null) as ReturnStmt;

    /// <summary>The return (or, with <paramref name="remade"/>, the channel's make reached again by the next iteration)
    /// that a path from the go statement serving nothing reaches first.</summary>
    private static Node? AbandoningExit(Pass pass, ControlFlowGraph cfg, Block block, int index, HashSet<(int, int)> sinks, (int Block, int Node)? remade)
    {
        var search = new PathSearch(cfg, pass.Info, (b, n) =>
            sinks.Contains((b.Index, n)) ? NodeEffect.Sink : remade is var (rb, rn) && rb == b.Index && rn == n ? NodeEffect.Overwrite : NodeEffect.None);
        return search.FindLeak(block, index, null, null) is { } leak && (leak is ReturnStmt || remade != null) ? leak : null;
    }

    /// <summary>For a goroutine started in a loop (loop not null): whether its channel is made in that same loop body,
    /// one channel per iteration, and where that make sits in the CFG (reaching it again abandons this iteration's
    /// goroutine). Outside loops: (true, null).</summary>
    private static (bool Ok, (int, int)? Remade) PerIteration(FunctionBody fn, ControlFlowGraph cfg, Stmt? loop, Node made)
    {
        if (loop == null) return (true, null);
        if (!ReferenceEquals(Loops.Around(fn.Body, made), loop)) return (false, null);
        return cfg.Find(made) is var (block, index) ? (true, (block.Index, index)) : (false, null);
    }

    /// <summary>A channel made before the loop that starts the goroutines: one channel all of them use.</summary>
    private static bool SharedByTheLoop(Node made, Stmt? loop) => loop != null && made.End().Value <= loop.Pos().Value;

    /// <summary>How the creator leaves the goroutine behind: a return, or (exit being the make, reached again) the next
    /// iteration.</summary>
    private static string Leaves(Pass pass, FunctionBody fn, Node exit, Node made, Var ch, string serve) => exit is ReturnStmt
        ? $"{fn.Name} can return at line {pass.Line(exit)} without {serve} it"
        : $"{fn.Name} can go on to its next iteration (making a new {ch.Name} at line {pass.Line(made)}) without {serve} this one";

    /// <summary>Whether every abandoning path first marks a test failed (t.Error, t.Fatal in a timeout case):
    /// a goroutine leaked only by a failing test.</summary>
    private static bool OnlyWhenTestFails(Pass pass, ControlFlowGraph cfg, Block block, int index, HashSet<(int, int)> sinks)
    {
        var search = new PathSearch(cfg, pass.Info, (b, n) =>
            sinks.Contains((b.Index, n)) || n >= 0 && TestFailureCalls.Contains(pass.Info, b.Nodes[n]) ? NodeEffect.Sink : NodeEffect.None);
        return search.FindLeak(block, index, null, null) is not ReturnStmt;
    }

    private static (string Verb, string Serve) Words(Op op) => op switch
    {
        Op.Send => ("sending on", "receiving from"),
        Op.Recv => ("receiving from", "sending on or closing"),
        _ => ("ranging over", "closing"),
    };

    /// <summary>Channel operations of a goroutine's body that can block for ever: outside any select (a select
    /// may have another way out) and outside function literals, except one the body defers (`defer func() { errCh &lt;-
    /// recover() }()` runs as the goroutine ends), on the channels <paramref name="channelOf"/> names.
    /// A select <paramref name="plainCase"/> reduces to one case (its others never taken) counts as that case.</summary>
    private static List<(Var Ch, Op Op, Node At)> BlockingOps(BlockStmt body, Func<Expr, Var?> channelOf, Func<SelectStmt, CommClause?>? plainCase = null)
    {
        var ops = new List<(Var, Op, Node)>();
        var inSelect = 0;
        var stack = new Stack<Node>();
        var counted = new HashSet<Node>(ReferenceEqualityComparer.Instance); // the nodes that entered a select
        var dropped = new HashSet<Node>(ReferenceEqualityComparer.Instance); // the never-taken cases of a reduced select
        var deferred = new HashSet<Node>(ReferenceEqualityComparer.Instance); // literals the body defers: they run in it
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                if (counted.Remove(stack.Pop())) inSelect--;
                return false;
            }
            if (n is DeferStmt { Call.Fun: var deferredFun } && Expr.Unparen(deferredFun) is FuncLit deferredLit) deferred.Add(deferredLit);
            if (n is FuncLit && !deferred.Contains(n)) return false;
            if (inSelect == 0)
            {
                switch (n)
                {
                    case SendStmt s when channelOf(s.Chan) is { } c:
                        ops.Add((c, Op.Send, s));
                        break;
                    case UnaryExpr { Op: Token.Arrow } u when channelOf(u.X) is { } c:
                        ops.Add((c, Op.Recv, u));
                        break;
                    case RangeStmt r when channelOf(r.X) is { } c:
                        ops.Add((c, Op.Range, r));
                        break;
                }
            }
            stack.Push(n);
            if (n is SelectStmt select)
            {
                if (plainCase?.Invoke(select) is { } only) dropped.UnionWith(select.Body.List.Where(c => !ReferenceEquals(c, only)));
                else counted.Add(n);
            }
            else if (dropped.Contains(n)) counted.Add(n);
            if (counted.Contains(n)) inSelect++;
            return true;
        });
        return ops;
    }

    /// <summary>The creator's CFG nodes that serve the goroutine's operation; any other use of the channel
    /// outside this goroutine (passed on, stored, captured by another closure) means someone else may serve it.
    /// <paramref name="goroutine"/> (the literal, or the go statement handing the channel to a function) is not looked into.</summary>
    private static HashSet<(int, int)> ServingNodes(Pass pass, ControlFlowGraph cfg, Var ch, Op op, Node goroutine, out bool escapes)
    {
        var sinks = new HashSet<(int, int)>();
        var escaped = false;
        var caseBodies = CaseBodies(cfg);
        // A case sending on a channel nobody ever receives from is never chosen: no path goes through it.
        foreach (var (comm, caseBlock) in caseBodies)
            if (comm is SendStmt { Chan: var target } && Expr.Unparen(target) is Ident t && pass.Info.ObjectOf(t) is Var other
                && !ReferenceEquals(other, ch) && Channels.NeverReceived(pass, cfg.Body, other))
                sinks.Add((caseBlock, -1));
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            var ancestors = new List<Node>();
            var (b, idx) = Place(caseBodies, block, i, node);
            Walker.Inspect(node, n =>
            {
                if (n == null)
                {
                    ancestors.RemoveAt(ancestors.Count - 1);
                    return false;
                }
                if (ReferenceEquals(n, goroutine)) return false;
                if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch))
                {
                    switch (Serves(pass, ancestors, id, op, cfg))
                    {
                        case true: sinks.Add((b, idx)); break;
                        case null: escaped = true; break;
                    }
                }
                ancestors.Add(n);
                return true;
            });
        }
        escapes = escaped;
        return sinks;
    }

    /// <summary>go/cfg evaluates every select communication before the select branches: a receive in a case serves
    /// only the paths that enter that case's body, so it counts on entering that block. Each case's communication
    /// with the index of its body's block.</summary>
    private static Dictionary<Stmt, int> CaseBodies(ControlFlowGraph cfg)
    {
        var caseBodies = new Dictionary<Stmt, int>(ReferenceEqualityComparer.Instance);
        foreach (var block in cfg.Blocks)
            if (block is { Kind: BlockKind.SelectCaseBody, Stmt: CommClause { Comm: { } comm } }) caseBodies[comm] = block.Index;
        return caseBodies;
    }

    /// <summary>Where a serving node counts for the path search: on entering its case's body for a select
    /// communication, at the node itself otherwise.</summary>
    private static (int Block, int Index) Place(Dictionary<Stmt, int> caseBodies, Block block, int i, Node node) =>
        node is Stmt s && caseBodies.TryGetValue(s, out var caseBlock) ? (caseBlock, -1) : (block.Index, i);

    /// <summary>true: serves the goroutine; false: a harmless use; null: hands the channel on.</summary>
    private static bool? Serves(Pass pass, List<Node> anc, Ident id, Op op, ControlFlowGraph cfg)
    {
        foreach (var a in anc)
            if (a is FuncLit or DeferStmt) return null; // another closure, or a deferred close that runs on every exit
        Expr node = id;
        var k = anc.Count - 1;
        while (k >= 0 && anc[k] is ParenExpr p)
        {
            node = p;
            k--;
        }
        // The range's X and a select's receive sit in CFG nodes of their own: the node itself is the channel.
        if (k < 0) return op == Op.Send;
        var parent = anc[k];
        switch (parent)
        {
            case UnaryExpr { Op: Token.Arrow }:
                return op == Op.Send;
            case SendStmt s when ReferenceEquals(s.Chan, node):
                return op == Op.Recv;
            case CallExpr call when Calls.BuiltinName(pass.Info, call) is { } b:
                return b switch
                {
                    "close" => op != Op.Send,
                    "len" or "cap" => false,
                    _ => null,
                };
            case BinaryExpr:
                return false;
            case AssignStmt a when a.Lhs.IndexOf(node) >= 0:
                return false;
            default:
                return null;
        }
    }

    /// <summary>A go statement inside a loop starts many goroutines: counting them is beyond a path search.</summary>
    /// <summary>Whether the creator closes ch before it starts the goroutine (`d := make(chan bool); close(d); go
    /// worker(d)`): a receive from it never waits.</summary>
    private static bool ClosedBefore(Pass pass, BlockStmt body, Var ch, GoStmt go) =>
        Walker.Any(body, n => n is CallExpr { Args: [var arg] } c && c.End().Value <= go.Pos().Value && Calls.BuiltinName(pass.Info, c) == "close"
                              && Expr.Unparen(arg) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch), intoLiterals: false);
}
