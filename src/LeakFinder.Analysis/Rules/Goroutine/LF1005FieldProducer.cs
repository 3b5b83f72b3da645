using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1005 for a channel field: a method started as a goroutine and given a context (`go w.watch(ctx)`) sends on
/// an unexported, unbuffered channel field of its receiver with no select and no look at a Done, while every
/// receive of the field in the package sits in a select that can leave on a Done or stop channel (`Next(ctx)`
/// selecting on `w.events` and `ctx.Done()`). Once the consumers give up, the producer blocks on its send for ever.
/// The same for a function started as a goroutine with no stop at all (`go readLogs(r, watcher)`) sending on a field
/// of a value it is given, unbuffered or, in a loop, buffered (moby's json-file log reader feeding a LogWatcher
/// whose consumer leaves on ctx.Done()).
/// </summary>
public sealed partial class LF1005ProducerIgnoresContext
{
    private static void CheckFieldProducers(Pass pass)
    {
        List<(FuncDecl Decl, Var? Ctx)>? producers = null;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: not null } d || WatchesDone(pass, d.Body)) continue;
            var stop = StopSignals.StopParam(pass, d.Type);
            // A method given a context it never looks at; or any function with no stop at all (`go readLogs(r, watcher)`).
            if (stop != null ? d.Recv != null && Channels.IsContext(stop.Type) : true) (producers ??= []).Add((d, stop));
        }
        if (producers == null) return;
        IReadOnlyDictionary<string, int>? capacities = null;
        var started = StartedAsGoroutines(pass);
        foreach (var (decl, ctx) in producers)
        {
            if (pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func f || !started.Contains(f)) continue;
            foreach (var (send, loop) in StopSignals.FieldSends(decl.Body!))
            {
                if (LockPaths.Of(pass.Info, send.Chan) is not { Class: { } cls } path || path.Root.Type.Underlying is not PointerType
                    || Expr.Unparen(send.Chan) is not SelectorExpr || pass.ExportedOutside(cls, last: true)) continue;
                capacities ??= ChannelBuffering.Capacities(pass.Info, pass.Functions);
                // Unbuffered, one send is enough. Buffered, a send in a loop fills the buffer once nobody receives, but
                // only a producer with no stop at all is judged: one given a context may be meant to outrun its
                // consumer by a buffer's worth and notice the context in its next call (`w.stream.Recv(ctx)`).
                var capacity = capacities.GetValueOrDefault(cls, -1);
                if (capacity < 0 || capacity > 0 && (loop == null || ctx != null)) continue;
                if (ConsumersLeave(pass, cls) is not { } leave) continue;
                var blocks = capacity == 0 ? "the send blocks for ever" : $"the send blocks for ever once its buffer of {capacity} is full";
                pass.Report(send, ctx != null
                    ? $"{decl.Name.Name} runs as a goroutine and is given {ctx.Name}, but sends on {path.Text} without selecting on {ctx.Name}.Done(): every receive of {path.Text} in the package is in a select that can leave instead (line {pass.Line(leave)}), so once the consumers give up {blocks} and the goroutine leaks with everything it holds; select {{ case {path.Text} <- v: case <-{ctx.Name}.Done(): return }}"
                    : $"{decl.Name.Name} runs as a goroutine and sends on {path.Text} with no way out: every receive of {path.Text} in the package is in a select that can leave instead (line {pass.Line(leave)}), so once the consumers give up {blocks} and the goroutine leaks with everything it holds; select on a channel the consumer closes when it leaves as well",
                    new RelatedLocation(pass.Span(leave), "a consumer can leave here instead of receiving"));
                break;
            }
        }
    }

    /// <summary>Whether the body selects on anything or looks at a Done or Err: a way out we do not judge. Handing
    /// ctx to a call (`w.stream.Recv(ctx)`) does not get a send unstuck.</summary>
    private static bool WatchesDone(Pass pass, Node body) =>
        Walker.Any(body, n => n is SelectStmt || n is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" or "Err" } sel } && !IsStdNonContext(pass, sel), intoLiterals: false);

    /// <summary>A Done or Err of a std type that is no context (a bufio.Scanner's Err): not a look at a stop.</summary>
    private static bool IsStdNonContext(Pass pass, SelectorExpr sel) =>
        pass.Info.TypeOf(sel.X) is { } t && !Channels.IsContext(t) && (t is PointerType { Elem: NamedType pn } ? pn : t as NamedType) is { Obj.Pkg: { } pkg } && Calls.IsStd(pkg);

    /// <summary>The functions the package starts with a go statement (`go w.watch(ctx)`), found in one walk.</summary>
    private static HashSet<Func> StartedAsGoroutines(Pass pass)
    {
        var started = new HashSet<Func>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit) return false; // a literal's body is a function of its own in the list
                if (n is GoStmt g && Calls.Callee(pass.Info, g.Call) is { } f) started.Add(f);
                return true;
            });
        return started;
    }

    /// <summary>
    /// Where a consumer can leave instead of receiving, when every use of the class in the package other than its
    /// makes and sends is a receive that is a select's case beside a case receiving from a Done call or a stop
    /// channel (`case &lt;-ctx.Done():`); null when any receive waits unconditionally, a range drains it, or the
    /// channel goes anywhere else (passed, returned, stored in a variable: consumers we do not see).
    /// </summary>
    private static Node? ConsumersLeave(Pass pass, string cls)
    {
        Node? leave = null;
        var ok = true;
        var receives = 0;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is FuncLit) continue; // walked inside their enclosing declaration
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (!ok) return false;
                if (n is not SelectorExpr sel || LockPaths.Of(pass.Info, sel)?.Class != cls) return true;
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                switch (parent)
                {
                    case SendStmt send when ReferenceEquals(Expr.Unparen(send.Chan), sel):
                        return false;
                    case AssignStmt a when a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel)):
                        return false;
                    case KeyValueExpr:
                        return false;
                    // The producer closing it when done: no consumer there.
                    case CallExpr close when Calls.BuiltinName(pass.Info, close) == "close":
                        return false;
                    case UnaryExpr { Op: Token.Arrow } recv when SelectLeaving(pass, recv, ancestors) is { } other:
                        receives++;
                        leave ??= other;
                        return false;
                    default:
                        ok = false;
                        return false;
                }
            });
        }
        return ok && receives > 0 ? leave : null;
    }

    /// <summary>For a receive that is a select's communication, another case of that select receiving from a Done
    /// call or a channel of struct{} (a stop signal); null otherwise.</summary>
    private static Node? SelectLeaving(Pass pass, UnaryExpr recv, IReadOnlyList<Node> ancestors)
    {
        var clause = ancestors.OfType<CommClause>().LastOrDefault();
        if (clause?.Comm is not { } comm || recv.Pos().Value < comm.Pos().Value || recv.End().Value > comm.End().Value) return null;
        var select = ancestors.OfType<SelectStmt>().LastOrDefault();
        if (select == null) return null;
        foreach (var other in select.Body.List.OfType<CommClause>())
        {
            if (ReferenceEquals(other, clause) || other.Comm is not ExprStmt { X: UnaryExpr { Op: Token.Arrow } stop }) continue;
            var x = Expr.Unparen(stop.X);
            if (x is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } } || pass.Info.TypeOf(x)?.Underlying is Semantics.Types.ChanType { Elem.Underlying: Semantics.Types.StructType { Fields.Count: 0 } })
                return other;
        }
        return null;
    }
}
