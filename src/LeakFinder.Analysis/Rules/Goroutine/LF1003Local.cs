using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1003 inside one function: it starts a goroutine literal whose endless loop serves the function's unbuffered
/// channel (`case r := &lt;-reqs:`) and leaves on another of its channels (`case &lt;-stop: return`); then the function
/// closes (or sends on) that stop channel, and later in the same statement list sends on the served channel again.
/// The loop is gone, or about to go, and nothing else receives: the send blocks for ever.
/// </summary>
public sealed partial class LF1003LoopChannelAfterExit
{
    private static void CheckLocalLoops(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, n => n is GoStmt)) continue;
            Walker.Inspect(fn.Body, n =>
            {
                if (n is null or FuncLit) return false;
                if (StatementLists.Of(n) is { } list)
                    for (var i = 0; i < list.Count; i++)
                        if (list[i] is GoStmt { Call.Fun: FuncLit lit } go && LocalLoop(pass, fn.Body, lit) is var (served, stops))
                            CheckAfterStop(pass, fn.Body, list, i, go, lit, served, stops);
                return true;
            });
        }
    }

    /// <summary>The literal's body is one endless `for` around a select that receives from a channel of the creator
    /// (served) and leaves the loop on others (stops); null for any other shape.</summary>
    private static (Semantics.Types.Var Served, HashSet<Semantics.Types.Var> Stops)? LocalLoop(Pass pass, BlockStmt body, FuncLit lit)
    {
        if (lit.Body.List is not [ForStmt { Cond: null, Init: null, Post: null, Body.List: [SelectStmt select] }]) return null;
        Semantics.Types.Var? served = null;
        var stops = new HashSet<Semantics.Types.Var>(ReferenceEqualityComparer.Instance);
        foreach (var clause in select.Body.List.OfType<CommClause>())
        {
            var received = clause.Comm switch
            {
                ExprStmt { X: UnaryExpr { Op: Token.Arrow } u } => u.X,
                AssignStmt { Rhs: [UnaryExpr { Op: Token.Arrow } u] } => u.X,
                _ => null,
            };
            if (received == null || Channels.LocalOf(pass, body, lit, received) is not { } ch) return null; // a default, a send, a timer
            if (clause.Body is [.., ReturnStmt]) stops.Add(ch);
            else if (served == null && !clause.Body.Any(s => Walker.Any(s, x => x is ReturnStmt or BranchStmt))) served = ch;
            else return null;
        }
        return served != null && stops.Count > 0 && Channels.UnbufferedMake(pass, body, served) != null && OnlySentOutside(pass, body, lit, served)
            ? (served, stops) : null;
    }

    /// <summary>Outside the literal, the function only sends on the channel (and makes it): nothing else receives from
    /// it or can, since it is not handed on.</summary>
    private static bool OnlySentOutside(Pass pass, BlockStmt body, FuncLit lit, Semantics.Types.Var ch)
    {
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok || ReferenceEquals(n, lit)) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch) && !pass.Info.Defs.ContainsKey(id)
                && !(ancestors.Count > 0 && ancestors[^1] is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id)))
                ok = false;
            return true;
        });
        return ok;
    }

    /// <summary>After the go statement, in its statement list: a close of (or a send on) a stop channel, then a send on
    /// the served channel.</summary>
    private static void CheckAfterStop(Pass pass, BlockStmt body, IReadOnlyList<Stmt> list, int goAt, GoStmt go, FuncLit lit,
        Semantics.Types.Var served, HashSet<Semantics.Types.Var> stops)
    {
        bool Is(Expr e, Semantics.Types.Var v) => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v);
        Stmt? stoppedAt = null;
        for (var k = goAt + 1; k < list.Count; k++)
        {
            var st = list[k];
            if (stoppedAt == null)
            {
                if (st is ExprStmt { X: CallExpr { Args: [var arg] } call } && Calls.BuiltinName(pass.Info, call) == "close" && stops.Any(s => Is(arg, s))
                    || st is SendStmt stopSend && stops.Any(s => Is(stopSend.Chan, s)))
                    stoppedAt = st;
                continue;
            }
            if (st is not SendStmt send || !Is(send.Chan, served)) continue;
            pass.Report(send,
                $"this send on {served.Name} comes after line {pass.Line(stoppedAt)} stopped the goroutine started at line {pass.Line(go)}, the only receiver of {served.Name}, which is unbuffered: once that loop has returned, the send blocks for ever; send before stopping it, or select on a channel closed when the loop exits",
                new RelatedLocation(pass.Span(stoppedAt), "the loop is stopped here"),
                new RelatedLocation(pass.Span(go), $"the loop receiving from {served.Name} is started here"));
            return;
        }
    }
}
