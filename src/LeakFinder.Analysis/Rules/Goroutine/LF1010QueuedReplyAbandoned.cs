using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1010: a type's run loop receives requests from a channel field and queues them (`queue = append(queue, w)`)
/// to answer later (`close(queue[0].ready)` once a slot is free), and the loop can return (on its stop channel)
/// without answering what it queued. A method that handed it a request and then waits for the answer
/// (`&lt;-w.ready` outside a select) blocks for ever when the loop stops with its request still queued: a
/// throttler's Stop with requests waiting for capacity. Docs: docs/rules/LF1010.md.
/// </summary>
public sealed class LF1010QueuedReplyAbandoned : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1010", "queued-reply-abandoned", RuleCategory.GoroutineLeak, Severity.Error,
        "A run loop queues requests and can exit without answering them, while their senders wait with no way out")
    {
        Since = "0.5",
        Summary = "a run loop queues the requests it receives and can return without answering them, while the requester waits for the answer with no other way out",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis];

    public override void Run(Pass pass)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        foreach (var loop in model.Loops)
        {
            if (loop.Exits.Count == 0 || DrainsOnExit(loop)) continue;
            var queued = QueuedRequests(pass, loop);
            if (queued.Count == 0) continue;
            var exit = loop.Exits[0];
            foreach (var fn in pass.Functions)
            {
                if (fn.Function is not FuncDecl { Body: not null } fd || ReferenceEquals(fd, loop.Method) || loop.CalledMethods.Contains(fd.Name.Name)
                    || RunLoops.ReceiverOf(pass.Info, fd) is not { } recv || RunLoops.OwnerOf(recv) != loop.Owner) continue;
                if (WaitAfterHandOff(pass, fd, recv, queued) is not { } wait) continue;
                var (at, cls, request) = wait;
                var why = exit.Trigger is { } t and not "?" ? $" when it receives from {t}" : "";
                pass.Report(at, $"{fd.Name.Name} waits on {request} for the answer to the request it handed to {loop.Method.Name.Name} over {cls}; {loop.Method.Name.Name} queues requests to answer later and can return (line {pass.Line(exit.At)}{why}) with them still queued, and then this receive blocks for ever; select on a channel closed when the loop exits as well, or answer the queued requests before returning",
                    new RelatedLocation(pass.Span(exit.At), $"{loop.Method.Name.Name} returns without answering the queue"),
                    new RelatedLocation(pass.Span(loop.Starts[0].Go), $"the {loop.Method.Name.Name} loop is started here"));
            }
        }
    }

    /// <summary>The channel fields the loop receives requests from in a select case that only appends the received
    /// value to a slice (a queue answered later).</summary>
    private static HashSet<string> QueuedRequests(Pass pass, RunLoop loop)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        Walker.Inspect(loop.Loop, n =>
        {
            if (n is FuncLit) return false;
            if (n is CommClause { Comm: AssignStmt { Lhs: [Ident v], Rhs: [var rhs] } } cc && Expr.Unparen(rhs) is UnaryExpr { Op: Token.Arrow } u
                && RunLoops.FieldOf(pass.Info, u.X, loop.Receiver) is { } cls && pass.Info.ObjectOf(v) is Var value
                && cc.Body.Any(s => s is AssignStmt { Rhs: [CallExpr { Fun: Ident { Name: "append" } } call] } && call.Args.Skip(1).Any(a => Expr.Unparen(a) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), value))))
                result.Add(cls);
            return true;
        });
        return result;
    }

    /// <summary>The loop method may answer what is left before it returns: a deferred literal or method call (not a
    /// close or a Stop), or a loop after the run loop (over the queue).</summary>
    private static bool DrainsOnExit(RunLoop loop) =>
        loop.Method.Body!.List.Any(s =>
            s is DeferStmt d && (d.Call.Fun is FuncLit || d.Call.Fun is SelectorExpr { Sel.Name: not ("Stop" or "Done" or "Unlock" or "Close") } && d.Call.Fun is not Ident)
            || s is RangeStmt || s is ForStmt f && !ReferenceEquals(f, loop.Loop) && f.Pos().Value > loop.Loop.Pos().Value)
        || loop.Exits.Any(e => ExitCase(loop, e) is { } cc && cc.Body.Any(s => s is RangeStmt or ForStmt));

    /// <summary>The select case an exit leaves from (`case <-t.stopCh: ...; return`).</summary>
    private static CommClause? ExitCase(RunLoop loop, LoopExit exit)
    {
        CommClause? found = null;
        var at = exit.At.Pos().Value;
        Walker.Inspect(loop.Loop, n =>
        {
            if (n == null || n is FuncLit) return false;
            if (n.Pos().Value > at || n.End().Value <= at) return false;
            if (n is CommClause cc) found = cc;
            return true;
        });
        return found;
    }

    /// <summary>A send of a local request (`w`) on a queued channel field, in a statement or a select case, followed in
    /// the same body by a receive from the request's channel (`&lt;-w.ready`, or `&lt;-w` for a channel request) outside any select.</summary>
    private static (Node At, string Class, string Request)? WaitAfterHandOff(Pass pass, FuncDecl fd, Var recv, HashSet<string> queued)
    {
        Var? request = null;
        string? cls = null;
        (Node, string, string)? wait = null;
        var ancestors = new List<Node>();
        Walker.Inspect(fd.Body!, n =>
        {
            if (n == null)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (wait != null || n is FuncLit) return false;
            switch (n)
            {
                case SendStmt s when RunLoops.FieldOf(pass.Info, s.Chan, recv) is { } c && queued.Contains(c) && Expr.Unparen(s.Value) is Ident id && pass.Info.ObjectOf(id) is Var v:
                    (request, cls) = (v, c);
                    break;
                case UnaryExpr { Op: Token.Arrow } u when request != null && !ancestors.OfType<CommClause>().Any(cc => cc.Comm != null && cc.Comm.Pos().Value <= u.Pos().Value && u.End().Value <= cc.Comm.End().Value)
                                                       && RootIs(pass, u.X, request):
                    wait = (u, cls!, ExprText(u.X));
                    return false;
            }
            ancestors.Add(n);
            return true;
        });
        return wait;
    }

    private static bool RootIs(Pass pass, Expr e, Var v) => Expr.Unparen(e) switch
    {
        Ident id => ReferenceEquals(pass.Info.ObjectOf(id), v),
        SelectorExpr { X: Ident id } => ReferenceEquals(pass.Info.ObjectOf(id), v),
        _ => false,
    };

    private static string ExprText(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr { X: Ident id } sel => id.Name + "." + sel.Sel.Name,
        _ => "the request",
    };
}
