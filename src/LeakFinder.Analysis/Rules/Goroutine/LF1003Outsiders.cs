using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1003 outside the loop's type: code that holds the value (a client's `c.srv.reqCh &lt;- r`, a helper given the
/// server, a test that stops the server and sends again) blocks on a channel field only the run loop serves, the
/// same as a method of the type would. When the function first calls what ends the loop (`s.Stop()`), the operation
/// after that call is the one reported: it is the one that blocks.
/// </summary>
public sealed partial class LF1003LoopChannelAfterExit
{
    private static void CheckOutsiders(Pass pass, RunLoops model)
    {
        FunctionLookup? lookup = null;
        foreach (var fn in pass.Functions)
        {
            // A literal's receiver is its method's: ops on that variable's fields are the method check's.
            var enclosing = fn.Function as FuncDecl ?? (lookup ??= pass.ResultOf(FunctionLookup.Analysis)).EnclosingDeclaration(fn.Function);
            var recv = enclosing != null ? RunLoops.ReceiverOf(pass.Info, enclosing) : null;
            var ops = OutsideOps(pass, fn.Body, recv);
            if (ops.Count == 0) continue;
            foreach (var loop in model.Loops)
            {
                // The loop's own goroutine, and the methods it calls, are the loop.
                if (enclosing != null && (ReferenceEquals(enclosing, loop.Method) || recv != null
                                          && RunLoops.OwnerOf(recv) == loop.Owner && loop.CalledMethods.Contains(enclosing.Name.Name))) continue;
                var candidates = ops.Where(op => op.Classes.All(c => OnlyLoopServes(pass, model, loop, c, op.Send))).ToList();
                if (candidates.Count == 0) continue;
                var stopAt = StopCall(pass, model, loop, fn.Body);
                var op = candidates.FirstOrDefault(o => stopAt != null && o.At.Pos().Value > stopAt.End().Value);
                // A test runs its steps in the order it wrote them: only an operation after it ended the loop blocks.
                if (op.At == null && enclosing != null && TestDrivers.Is(enclosing)) continue;
                if (op.At == null) op = candidates[0];
                if (Guarded(pass, fn.Body, op.Root, op.At)) continue;
                ReportOutsider(pass, model, loop, fn, op.At, op.Classes[0], op.Send, op.Text, stopAt);
                break;
            }
        }
    }

    /// <summary>The blocking operations on channel fields, except the fields of the method's own receiver (the method
    /// check's), with the variable each is reached from.</summary>
    private static List<(Node At, string[] Classes, bool Send, Var Root, string Text)> OutsideOps(Pass pass, BlockStmt body, Var? recv)
    {
        var found = new List<(Node, string[], bool, Var, string)>();
        foreach (var (at, classes, send) in BlockingOps(pass, body, e => OutsideField(pass, e, recv)))
        {
            var ch = at switch { SendStmt s => s.Chan, UnaryExpr u => u.X, ExprStmt { X: UnaryExpr u2 } => u2.X, AssignStmt { Rhs: [UnaryExpr u3] } => u3.X, _ => null };
            if (ch != null && LockPaths.Of(pass.Info, ch) is { } path) found.Add((at, classes, send, path.Root, path.Text));
        }
        return found;
    }

    private static string? OutsideField(Pass pass, Expr e, Var? recv) =>
        Expr.Unparen(e) is SelectorExpr && pass.Info.TypeOf(e)?.Underlying is ChanType
        && LockPaths.Of(pass.Info, e) is { Class: { } cls, Fields.Length: > 0 } && (recv == null || RunLoops.FieldOf(pass.Info, e, recv) == null) ? cls : null;

    /// <summary>The first call in the function (outside literals) to a function that ends the loop: one that closes or
    /// sends on a channel the loop stops on. Null when there is none. A deferred call (`defer s.Stop()`) runs at the
    /// return, after every operation of the body, and a `go s.Stop()` at no known point: neither ends the loop where
    /// it is written.</summary>
    private static CallExpr? StopCall(Pass pass, RunLoops model, RunLoop loop, BlockStmt body)
    {
        var stoppers = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var exit in loop.Exits)
            if (exit.Trigger is { } t && model.Fields.TryGetValue(t, out var use))
                foreach (var d in use.Closers.Concat(use.Senders))
                    if (pass.Info.Defs.GetValueOrDefault(d.Name) is { } f) stoppers.Add(f);
        if (stoppers.Count == 0) return null;
        CallExpr? first = null;
        Walker.Inspect(body, n =>
        {
            if (first != null || n is FuncLit or DeferStmt or GoStmt) return false;
            if (n is CallExpr call && Calls.Callee(pass.Info, call) is { } callee && stoppers.Contains(callee)) first = call;
            return first == null;
        });
        return first;
    }

    private static void ReportOutsider(Pass pass, RunLoops model, RunLoop loop, FunctionBody fn, Node at, string cls, bool send, string field, CallExpr? stopAt)
    {
        var verb = send ? "sends on" : "receives from";
        var partner = send ? "receives from" : "sends on";
        var who = fn.Function is FuncDecl d ? d.Name.Name : $"the function literal at line {pass.Line(fn.Function)}";
        var exit = loop.Exits.FirstOrDefault(e => (!send || e.Trigger != cls) && DeadExits.Why(pass, model, loop, e) == null);
        if (exit == null) return;
        var loopName = loop.Owner + "." + loop.Method.Name.Name;
        var why = exit.Trigger is { } t and not "?" ? $" when it receives from {t}" : "";
        var after = stopAt != null && at.Pos().Value > stopAt.End().Value
            ? $"; here it runs after the call to {Calls.Callee(pass.Info, stopAt)?.Name} (line {pass.Line(stopAt)}) ended the loop, so it blocks for ever"
            : ", and once it has, this blocks for ever";
        pass.Report(at,
            $"{who} {verb} {field}, which only the goroutine running {loopName} {partner}, and {field} is unbuffered: {loop.Method.Name.Name} can return (line {pass.Line(exit.At)}{why}){after}; select on a channel closed when the loop exits as well, or check that the loop still runs",
            new RelatedLocation(pass.Span(exit.At), $"{loop.Method.Name.Name} stops serving {field} here"),
            new RelatedLocation(pass.Span(loop.Starts[0].Go), $"the {loop.Method.Name.Name} loop is started here"));
    }
}
