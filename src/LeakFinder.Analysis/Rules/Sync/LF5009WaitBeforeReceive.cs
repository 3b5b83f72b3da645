using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5009: a function starts goroutines that send on its unbuffered channel and then call `wg.Done()`, and waits
/// for them with `wg.Wait()` before it receives from that channel: the first goroutine to send waits for a
/// receiver, the Wait waits for that goroutine's Done, and the receive after the Wait is never reached.
/// The collecting fan-out (`errc` filled by workers, read after `wg.Wait(); close(errc)`). Docs: docs/rules/LF5009.md.
/// </summary>
public sealed partial class LF5009WaitBeforeReceive : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5009", "wait-before-receive", RuleCategory.Deadlock, Severity.Error,
        "wg.Wait() waits for goroutines that send on a channel only received after the Wait")
    {
        Since = "1.1",
        Summary = "`wg.Wait()` before receiving from the channel its goroutines send on before `wg.Done()`: a sender waits for the receive, the Wait for the sender; a channel semaphore whose slots its goroutines take and only the Wait's caller gives back",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, FunctionLookup.Analysis];

    private sealed record Sender(GoStmt Go, SendStmt Send, Var Ch);

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, n => n is GoStmt)) continue;
            FieldChannels(pass, fn);
            if (!pass.AnyNode(fn, n => n is GoStmt { Call.Fun: FuncLit })) continue;
            var waits = new List<(FieldPath Group, CallExpr Call, bool InLoop)>();
            var goroutines = new List<(GoStmt Go, FuncLit Lit, Stmt? Loop)>();
            Loops.Walk(fn.Body, (n, loop) =>
            {
                if (n is GoStmt { Call.Fun: FuncLit lit } go) goroutines.Add((go, lit, loop));
                else if (n is CallExpr call && WaitGroups.Call(pass, call, "Wait") is { } group) waits.Add((group, call, loop != null));
            });
            SemaphoresReleasedAfterWait(pass, fn, waits, goroutines);
            foreach (var (group, wait, inLoop) in waits)
            {
                if (inLoop) continue; // a Wait per round: the rounds' receives interleave with it
                var senders = goroutines.Where(g => g.Go.Pos().Value < wait.Pos().Value)
                    .Select(g => SendBeforeDone(pass, fn.Body, g.Go, g.Lit, group.Key)).OfType<Sender>().ToList();
                foreach (var byChannel in senders.GroupBy(s => s.Ch))
                {
                    var ch = byChannel.Key;
                    if (Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
                    var goStmts = new HashSet<Node>(byChannel.Select(s => (Node)s.Go), ReferenceEqualityComparer.Instance);
                    if (!ReceivedOnlyAfter(pass, fn.Body, n => n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch), goStmts, wait.End().Value,
                            (n, parent) => parent is AssignStmt a && a.Lhs.Any(l => ReferenceEquals(l, n)) || parent is ValueSpec)) continue;
                    var first = byChannel.First();
                    pass.Report(pass.Span(wait),
                        $"{fn.Name} waits for its goroutines ({group.Text}.Wait) before it receives from {ch.Name}, but they send on unbuffered {ch.Name} before {group.Text}.Done: the first to send waits for a receiver that is waiting for it, and {fn.Name} and the goroutines block for ever; receive while they run (a collector goroutine, or Wait and close in a goroutine of their own), or give {ch.Name} room for every sender",
                        [
                            new RelatedLocation(pass.Span(first.Send), $"a goroutine sends on {ch.Name} here, before its Done"),
                            new RelatedLocation(pass.Span(first.Go), "the goroutine is started here"),
                            new RelatedLocation(pass.Span(made), $"{ch.Name} is made unbuffered here"),
                        ]);
                }
            }
        }
    }

    /// <summary>A plain send (outside any select, in the literal's own statements) on a channel variable of the
    /// creator, made before the literal calls Done on the group (a deferred Done runs after everything).</summary>
    private static Sender? SendBeforeDone(Pass pass, BlockStmt creator, GoStmt go, FuncLit lit, string group)
    {
        Var? ch = null;
        var send = SendBeforeDone(pass, lit.Body, done => done.Key == group, s =>
        {
            if (Expr.Unparen(s.Chan) is not Ident id || pass.Info.ObjectOf(id) is not Var { IsField: false, Type.Underlying: ChanType } v
                || v.Pos < creator.Pos().Value || v.Pos >= creator.End().Value || v.Pos >= lit.Pos().Value && v.Pos < lit.End().Value) return false;
            ch = v;
            return true;
        });
        return send == null || ch == null ? null : new Sender(go, send, ch);
    }

    /// <summary>The first plain send (outside any select and nested literal) that isChannel accepts, when the goroutine's
    /// body calls Done on the group after it: deferred, or every Done call after it.</summary>
    private static SendStmt? SendBeforeDone(Pass pass, BlockStmt goroutine, Func<FieldPath, bool> isGroup, Func<SendStmt, bool> isChannel) =>
        (SendStmt?)FirstBeforeDone(pass, goroutine, isGroup, s => s is SendStmt send && isChannel(send));

    /// <summary>The first statement isFound accepts (outside any select and nested literal), when the goroutine's body
    /// calls Done on the group after it: deferred, or every Done call after it.</summary>
    private static Stmt? FirstBeforeDone(Pass pass, BlockStmt goroutine, Func<FieldPath, bool> isGroup, Func<Stmt, bool> isFound)
    {
        var deferredDone = false;
        var dones = new List<int>();
        Stmt? send = null;
        var inSelect = 0;
        var stack = new Stack<Node>();
        Walker.Inspect(goroutine, n =>
        {
            if (n == null)
            {
                if (stack.Pop() is SelectStmt) inSelect--;
                return false;
            }
            if (n is FuncLit) return false;
            switch (n)
            {
                case DeferStmt { Call: var d } when WaitGroups.Call(pass, d, "Done") is { } dg && isGroup(dg):
                    deferredDone = true;
                    return false;
                case CallExpr c when WaitGroups.Call(pass, c, "Done") is { } g && isGroup(g):
                    dones.Add(c.Pos().Value);
                    break;
                case Stmt s when inSelect == 0 && send == null && isFound(s):
                    send = s;
                    break;
            }
            stack.Push(n);
            if (n is SelectStmt) inSelect++;
            return true;
        });
        if (send == null) return null;
        if (!deferredDone && (dones.Count == 0 || dones.Exists(d => d < send.Pos().Value))) return null;
        return send;
    }

    /// <summary>Whether the creator's only uses of the channel (the nodes isChannel accepts), outside the sending
    /// goroutines, are receives, ranges, a close, len or cap, all after the Wait, or its set-up (isSetUp, given the
    /// use and its parent: a definition, a make): nothing else that could receive while the goroutines run (another
    /// goroutine, a call it is handed to).</summary>
    private static bool ReceivedOnlyAfter(Pass pass, BlockStmt body, Func<Node, bool> isChannel, HashSet<Node> senders, int afterWait, Func<Node, Node?, bool> isSetUp)
    {
        var ok = true;
        var receives = 0;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok || senders.Contains(n)) return false;
            if (!isChannel(n)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            var received = parent is UnaryExpr { Op: Token.Arrow } || parent is RangeStmt r && ReferenceEquals(r.X, n)
                           || parent is CallExpr c && Calls.BuiltinName(pass.Info, c) is "close" or "len" or "cap";
            if (ancestors.Any(x => x is FuncLit)) ok = false;
            else if (received && n.Pos().Value > afterWait) receives++;
            else if (!isSetUp(n, parent)) ok = false;
            return false;
        });
        return ok && receives > 0;
    }
}
