using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1003: a type's run loop (a method started with `go t.run()`, looping over its receiver's channel fields)
/// can return, on a stop channel, ctx.Done() or an error; another method of the type sends on an unbuffered
/// channel field only that loop receives from (or receives from one only the loop sends on) with no other
/// way out. Once the loop is gone the method blocks for ever. Also a send on the loop's own stop channel when
/// the loop may never have been started. Docs: docs/rules/LF1003.md.
/// </summary>
public sealed partial class LF1003LoopChannelAfterExit : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1003", "loop-channel-after-exit", RuleCategory.GoroutineLeak, Severity.Error,
        "A method blocks on a channel field that only a run loop serves, and the loop can exit")
    {
        Since = "0.4",
        Summary = "a method blocks on a channel field served only by a run loop that can exit",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, FunctionLookup.Analysis, NeverDoneContexts.Analysis];

    public override void Run(Pass pass)
    {
        CheckLocalLoops(pass);
        var model = pass.ResultOf(RunLoops.Analysis);
        if (model.Loops.Count == 0) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Body: not null } fd || RunLoops.ReceiverOf(pass.Info, fd) is not { } recv) continue;
            var owner = RunLoops.OwnerOf(recv);
            foreach (var loop in model.Loops)
            {
                if (loop.Owner != owner || loop.CalledMethods.Contains(fd.Name.Name)) continue;
                foreach (var (at, classes, send) in BlockingOps(pass, fd.Body, e => RunLoops.FieldOf(pass.Info, e, recv)))
                    if (classes.All(c => OnlyLoopServes(pass, model, loop, c, send)) && Check(pass, model, loop, fd, recv, at, classes[0], send)) break;
            }
        }
        CheckOutsiders(pass, model);
    }

    /// <summary>An unbuffered channel field nobody closes, which only the loop (and the methods it calls) receives
    /// from, for a send, or sends on, for a receive.</summary>
    private static bool OnlyLoopServes(Pass pass, RunLoops model, RunLoop loop, string cls, bool send)
    {
        if (pass.ExportedOutside(cls)) return false; // an exported field: served outside the package too
        if (!model.Fields.TryGetValue(cls, out var use) || !use.Unbuffered || use.Closed) return false;
        var partners = send ? use.Receivers : use.Senders;
        return (send ? loop.Receives : loop.Sends).Contains(cls) && partners.All(p => OnLoop(p, loop));
    }

    private static bool Check(Pass pass, RunLoops model, RunLoop loop, FuncDecl fd, Var recv, Node at, string cls, bool send)
    {
        if (Guarded(pass, fd.Body!, recv, at)) return false;
        var field = recv.Name + cls[cls.IndexOf('.')..];
        var verb = send ? "sends on" : "receives from";
        var partner = send ? "receives from" : "sends on";
        // An exit never taken (a case on a never-done context, on a channel nothing closes) does not end the loop.
        var exit = loop.Exits.FirstOrDefault(e => (!send || e.Trigger != cls) && DeadExits.Why(pass, model, loop, e) == null);
        var start = loop.Starts[0].Go;
        if (exit != null)
        {
            var why = exit.Trigger is { } t and not "?" ? $" when it receives from {Display(t)}" : "";
            pass.Report(at,
                $"{fd.Name.Name} {verb} {field}{NeverDoneSelects.Note(pass, at, witnesses: false)}, which only the goroutine running {loop.Method.Name.Name} {partner}, and {field} is unbuffered: {loop.Method.Name.Name} can return (line {pass.Line(exit.At)}{why}), and a call after that blocks for ever; select on a channel closed when the loop exits (`case <-{recv.Name}.done:`) as well",
                new RelatedLocation(pass.Span(exit.At), $"{loop.Method.Name.Name} stops serving {field} here"),
                new RelatedLocation(pass.Span(start), $"the {loop.Method.Name.Name} loop is started here"));
            return true;
        }
        if (!send) return false;
        // Every exit is this very send's doing (the stop channel): it blocks only when no loop is running,
        // which a start on a path that can return first makes possible.
        foreach (var (go, within) in loop.Starts)
        {
            if (ReferenceEquals(within.Function, fd) || !IsMethodOf(pass, within, loop.Owner) || EarlyReturn(within, go) is not { } early) continue;
            pass.Report(at,
                $"{fd.Name.Name} {verb} {field}, which only the goroutine running {loop.Method.Name.Name} {partner}, and {field} is unbuffered: {within.Name} can return at line {pass.Line(early)} before starting the loop, and then this send blocks for ever; remember whether the loop runs, or close {field} instead of sending",
                new RelatedLocation(pass.Span(early), $"returns without starting {loop.Method.Name.Name}"),
                new RelatedLocation(pass.Span(go), $"the {loop.Method.Name.Name} loop is started here"));
            return true;
        }
        return false;
    }

    /// <summary>A method of the loop's type (Start, Reload): a constructor returning early has no value to stop.</summary>
    private static bool IsMethodOf(Pass pass, FunctionBody fn, string owner) =>
        fn.Function is FuncDecl d && RunLoops.ReceiverOf(pass.Info, d) is { } r && RunLoops.OwnerOf(r) == owner;

    private static string Display(string trigger) => trigger == "ctx.Done()" ? "ctx.Done()" : trigger;

    private static bool OnLoop(FuncDecl f, RunLoop loop) =>
        ReferenceEquals(f, loop.Method) || (f.Recv != null && loop.CalledMethods.Contains(f.Name.Name));

    /// <summary>The blocking operations of a method on its receiver's channel fields: sends and receives outside
    /// select, and selects without default whose every case is one (the first case stands for them); not inside
    /// function literals (another goroutine).</summary>
    private static List<(Node At, string[] Classes, bool Send)> BlockingOps(Pass pass, BlockStmt body, Func<Expr, string?> fieldOf)
    {
        var ops = new List<(Node, string[], bool)>();
        void Walk(Node root) => Walker.Inspect(root, n =>
        {
            switch (n)
            {
                // A literal armed as a timer's callback runs later, when the loop may be gone: its operations count as
                // the function's. (A goroutine literal is judged as a function of its own.)
                case CallExpr timer when timer.Args.Count == 2 && timer.Args[1] is FuncLit callback && Calls.Callee(pass.Info, timer)?.FullName == "time.AfterFunc":
                    Walk(callback.Body);
                    return false;
                case FuncLit:
                    return false;
                case SendStmt s:
                    if (fieldOf(s.Chan) is { } sc) ops.Add((s, [sc], true));
                    return true;
                case UnaryExpr { Op: Token.Arrow } u:
                    if (fieldOf(u.X) is { } rc) ops.Add((u, [rc], false));
                    return true;
                case SelectStmt sel:
                    // A case on a context that is never done is never taken: the select waits on the others alone.
                    var cases = sel.Body.List.OfType<CommClause>().Where(c => !NeverDoneCase(pass, c)).ToList();
                    var fields = cases.Select(c => CaseOp(c.Comm, fieldOf)).ToList();
                    if (cases.Count > 0 && fields.All(f => f != null) && fields.All(f => f!.Value.Send == fields[0]!.Value.Send))
                        ops.Add((cases[0].Comm!, fields.Select(f => f!.Value.Class).ToArray(), fields[0]!.Value.Send));
                    foreach (var c in cases)
                        foreach (var st in c.Body) Walk(st);
                    return false;
            }
            return true;
        });
        Walk(body);
        return ops;
    }

    private static bool NeverDoneCase(Pass pass, CommClause c) =>
        c.Comm != null && NeverDoneContexts.MayApply(pass) && pass.ResultOf(NeverDoneContexts.Analysis).DoneCase(c) != null;

    private static (string Class, bool Send)? CaseOp(Stmt? comm, Func<Expr, string?> fieldOf)
    {
        switch (comm)
        {
            case SendStmt s when fieldOf(s.Chan) is { } c:
                return (c, true);
            case ExprStmt { X: UnaryExpr { Op: Token.Arrow } u } when fieldOf(u.X) is { } c:
                return (c, false);
            case AssignStmt { Rhs.Count: 1 } a when Expr.Unparen(a.Rhs[0]) is UnaryExpr { Op: Token.Arrow } u && fieldOf(u.X) is { } c:
                return (c, false);
            default:
                return null; // default, another channel, ctx.Done(), a timer: a way out
        }
    }

    /// <summary>The method checks its receiver's state before the operation and may return (`if !s.started { return }`,
    /// `if s.closed { return errClosed }`): it knows the loop may be gone, and we cannot tell the check is racy.</summary>
    private static bool Guarded(Pass pass, BlockStmt body, Var recv, Node at)
    {
        var guarded = false;
        Walker.Inspect(body, n =>
        {
            if (guarded || n == null || n.Pos().Value >= at.Pos().Value || n is FuncLit) return false;
            if (n is IfStmt ifs && Mentions.Var(pass, ifs.Cond, recv) && ifs.Body.List.Any(s => s is ReturnStmt)) guarded = true;
            return true;
        });
        return guarded;
    }


    /// <summary>A return of the function before its go statement (in source order, outside literals); null when none.</summary>
    private static ReturnStmt? EarlyReturn(FunctionBody fn, GoStmt go)
    {
        ReturnStmt? early = null;
        Walker.Inspect(fn.Body, n =>
        {
            if (early != null || n == null || n is FuncLit || n.Pos().Value >= go.Pos().Value) return false;
            if (n is ReturnStmt r) early = r;
            return true;
        });
        return early;
    }
}
