using LeakFinder.Analysis.Facts;
using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a producer: a goroutine that sends on the creator's unbuffered channel again and again (every send
/// in a loop, none followed by a return or break, so no send is its last), while the creator receives from it
/// only inside loops, one of which a return or break leaves early (`for r := range results { if r > limit {
/// return r } }`). One receive serves one send: the producer's next send waits for a receiver that is gone.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>Reports and returns true when the creator can leave its receiving loop with the producer still sending.</summary>
    /// <param name="sendsOn">Whether an expression of the goroutine's body is the channel (the captured variable or the parameter it is passed as).</param>
    private static bool CheckLeftReceiveLoop(Pass pass, FunctionBody fn, Var ch, BlockStmt producer, TypeInfo producerInfo, Func<Expr, bool> sendsOn, Node goroutine, Node reportAt, string who)
    {
        if (RepeatedSends(producerInfo, producer, sendsOn) is not { Count: > 0 } sends) return false;
        if (ReceiveLoops(pass, fn.Body, ch, goroutine) is not { Count: > 0 } loops)
            return CheckFieldConsumerLeaves(pass, fn, ch, sends[0], goroutine, reportAt, who);
        // Two receiving functions: one leaving early leaves the other to serve the producer.
        if (loops.Select(l => l.Consumer).Distinct(ReferenceEqualityComparer.Instance).Count() > 1) return false;
        foreach (var (loop, label, consumer) in loops.DistinctBy(l => l.Loop))
        {
            if (Loops.EarlyExit(loop, label) is not { } exit) continue;
            var leaver = consumer switch
            {
                null => fn.Name,
                GoStmt g when Calls.Callee(pass.Info, g.Call) is { } started => $"the goroutine running {MustReleaseReporter.DisplayName(started)} (started at line {pass.Line(g)})",
                _ => $"the goroutine at line {pass.Line(consumer)}",
            };
            // A break followed by more receiving (a drain after the loop) still serves the producer.
            if (exit is not ReturnStmt && loops.Any(l => ReferenceEquals(l.Consumer, consumer) && l.Loop.Pos().Value >= loop.End().Value)) continue;
            var how = Loops.ExitWord(exit);
            pass.Report(pass.Span(reportAt),
                $"{who} sends on {ch.Name} in a loop, but {leaver} can leave the loop receiving from it early ({how} at line {pass.Line(exit)}): {ch.Name} is unbuffered, so the goroutine blocks for ever on its next send and leaks with everything it references; keep receiving until the goroutine is done, or make its send select on a done channel closed when the receiver leaves",
                [
                    new RelatedLocation(pass.Span(exit), $"leaves the loop receiving from {ch.Name}"),
                    new RelatedLocation(pass.Span(sends[0]), $"the goroutine sends again here"),
                    new RelatedLocation(pass.Span(loop), $"{ch.Name} is received here, once per iteration"),
                ], onlyWhenTestFails: AfterTestFailure(pass, fn.Body, exit));
            return true;
        }
        return false;
    }

    /// <summary>The goroutine's sends on the channel when it does nothing else with it but close it, and every send
    /// sits in a loop with no return or break right after it (a send followed by one is the producer's last
    /// value, such as an error it stops on, which a consumer leaving on that value has received); null otherwise.</summary>
    private static List<SendStmt>? RepeatedSends(TypeInfo info, BlockStmt body, Func<Expr, bool> isCh)
    {
        var sends = new List<SendStmt>();
        var bad = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (bad || n is FuncLit) return false;
            if (n is SendStmt send && isCh(send.Chan))
            {
                if (!ancestors.Any(a => a is ForStmt or RangeStmt) || ancestors.Any(a => a is SelectStmt) || IsLastValue(ancestors[^1], send)) bad = true;
                else sends.Add(send);
                return false;
            }
            if (n is CallExpr call && Calls.BuiltinName(info, call) == "close" && call.Args.Count == 1 && isCh(call.Args[0])) return false;
            if (n is Expr e && isCh(e)) bad = true; // received, selected on, handed on: not a plain producer
            return true;
        });
        return bad ? null : sends;
    }

    private static bool IsLastValue(Node parent, Stmt send) =>
        StatementLists.Next(parent, send) is ReturnStmt or BranchStmt { Tok: Token.Break or Token.Goto };

    /// <summary>The loops receiving from ch (a range over it, or the innermost loop around a receive), in the
    /// creator, in a function literal of it, or in a function of the package it starts once as a goroutine given ch
    /// (`go s.errorCollator(results, errs)`): a consumer goroutine (Consumer: the literal or the go statement, null
    /// for the creator), with their labels, when every receive is in a loop of the same function and ch goes
    /// nowhere else; null otherwise.</summary>
    private static List<(Stmt Loop, string? Label, Node? Consumer)>? ReceiveLoops(Pass pass, BlockStmt body, Var ch, Node goroutine)
    {
        var loops = new List<(Stmt, string?, Node?)>();
        var bad = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (bad || ReferenceEquals(n, goroutine)) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch))
            {
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                var f = LastIndex(ancestors, a => a is FuncLit);
                var consumer = f >= 0 ? (FuncLit)ancestors[f] : null;
                var i = LastIndex(ancestors, a => a is ForStmt or RangeStmt);
                // A consumer started once per iteration is one of many.
                if (ancestors.Any(a => a is DeferStmt) || f >= 0 && ancestors.Take(f).Any(a => a is ForStmt or RangeStmt)) bad = true;
                // A close (`wg.Wait(); close(results)` in a closer goroutine) serves no send.
                else if (parent is CallExpr cl && Calls.BuiltinName(pass.Info, cl) == "close") { }
                else if (parent is RangeStmt r && ReferenceEquals(r.X, id)) loops.Add((r, Label(ancestors, ancestors.Count - 1), consumer));
                else if (consumer == null && i < 0 && parent is CallExpr started && ancestors.Count > 1 && ancestors[^2] is GoStmt go && ReferenceEquals(go.Call, started))
                {
                    if (ConsumerGoroutineLoops(pass, go, started.Args.IndexOf(id)) is { } consumed) loops.AddRange(consumed);
                    else bad = true;
                }
                else if (parent is UnaryExpr { Op: Token.Arrow } && i > f) loops.Add(((Stmt)ancestors[i], Label(ancestors, i), consumer));
                else if (consumer != null || !(parent is AssignStmt a && a.Lhs.Any(l => ReferenceEquals(l, id)) || parent is ValueSpec
                           || parent is CallExpr c && Calls.BuiltinName(pass.Info, c) is "len" or "cap")) bad = true;
            }
            return true;
        });
        return bad ? null : loops;
    }

    /// <summary>The loops of a function of the package started as a goroutine (`go collect(results)`) receiving from
    /// its parameter at argument index arg, when the body does nothing else with it but close it; null otherwise.</summary>
    private static List<(Stmt Loop, string? Label, Node? Consumer)>? ConsumerGoroutineLoops(Pass pass, GoStmt go, int arg)
    {
        if (arg < 0 || go.Call.Ellipsis.IsValid || Calls.Callee(pass.Info, go.Call) is not { Signature.Variadic: false } callee
            || pass.Facts.BodyOf(callee) is not { Decl.Body: { } body } target || !ReferenceEquals(target.Info, pass.Info)) return null;
        var parameters = SummaryBuilder.ParamVars(target.Decl, pass.Info);
        if (parameters.Count != go.Call.Args.Count || parameters[arg] is not { } param) return null;
        var loops = new List<(Stmt, string?, Node?)>();
        var bad = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (bad || n is FuncLit) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), param)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            var i = LastIndex(ancestors, a => a is ForStmt or RangeStmt);
            if (parent is CallExpr cl && Calls.BuiltinName(pass.Info, cl) == "close") { }
            else if (parent is RangeStmt r && ReferenceEquals(r.X, id)) loops.Add((r, Label(ancestors, ancestors.Count - 1), go));
            else if (parent is UnaryExpr { Op: Token.Arrow } && i >= 0) loops.Add(((Stmt)ancestors[i], Label(ancestors, i), go));
            else bad = true;
            return true;
        });
        return bad || loops.Count == 0 ? null : loops;
    }

    private static string? Label(IReadOnlyList<Node> ancestors, int loopIndex) =>
        loopIndex > 0 && ancestors[loopIndex - 1] is LabeledStmt ls ? ls.Label.Name : null;

    /// <summary>Whether a statement before the exit, in the list holding it, marks a test failed (t.Errorf then
    /// return): the goroutine leaks only from a failing test.</summary>
    private static bool AfterTestFailure(Pass pass, BlockStmt body, Stmt exit)
    {
        var found = false;
        Walker.Inspect(body, n =>
        {
            if (found || n == null) return false;
            if (StatementLists.Of(n) is { } list && list.IndexOf(exit) is var i and > 0)
                found = list.Take(i).Any(s => Walker.Any(s, x => x is CallExpr && TestFailureCalls.Contains(pass.Info, x)));
            return true;
        });
        return found;
    }

    private static int LastIndex(IReadOnlyList<Node> nodes, Func<Node, bool> match)
    {
        for (var i = nodes.Count - 1; i >= 0; i--)
            if (match(nodes[i])) return i;
        return -1;
    }
}
