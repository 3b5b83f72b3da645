using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1005: a function given a context (or a `done chan struct{}`) returns an unbuffered channel fed by a goroutine
/// it starts, and that goroutine sends without selecting on it: the caller, which holds the stop too, leaves
/// (or closes done) and stops receiving, and the producer blocks on its next send for ever.
/// Docs: docs/rules/LF1005.md.
/// </summary>
public sealed partial class LF1005ProducerIgnoresContext : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1005", "producer-ignores-context", RuleCategory.GoroutineLeak, Severity.Error,
        "A goroutine feeding a returned channel sends without selecting on the context or stop channel its function was given")
    {
        Since = "0.4",
        Summary = "a goroutine feeding a returned unbuffered channel sends without selecting on the function's `ctx.Done()` or stop channel; a goroutine with no way out sending on a channel field whose every consumer can leave instead",
    };

    public override void Run(Pass pass)
    {
        CheckFieldProducers(pass);
        InPlaceLiterals? inPlace = null;
        foreach (var fn in pass.Functions)
        {
            var type = fn.Function switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null };
            if (type == null || StopSignals.StopParam(pass, type) is not { } stop) continue;
            // The body's own returns and goroutines (a literal is a function of its own, visited as such).
            var returned = new List<Var>();
            var goroutines = new List<FuncLit>();
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case GoStmt { Call.Fun: FuncLit lit }:
                        goroutines.Add(lit);
                        return false;
                    case FuncLit:
                        return false;
                    case ReturnStmt ret:
                        foreach (var r in ret.Results)
                            if (Expr.Unparen(r) is Ident id && pass.Info.ObjectOf(id) is Var v) returned.Add(v);
                        break;
                }
                return true;
            });
            var isCtx = Channels.IsContext(stop.Type);
            var stopText = isCtx ? stop.Name + ".Done()" : stop.Name;
            foreach (var ch in returned.Distinct())
            {
                if (ch.Type.Underlying is not LeakFinder.Semantics.Types.ChanType || Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
                foreach (var lit in goroutines)
                {
                    // A goroutine that waits on the stop somewhere means to leave on it: a send that ignores it is
                    // judged. One that selects on something else has a way out we do not judge.
                    var stopAt = StopSignals.WaitOnStop(pass, lit.Body, stop, isCtx);
                    if (stopAt == null && (!isCtx || SelectsOnDone(pass, lit))) continue;
                    inPlace ??= new InPlaceLiterals(pass.Info, pass.Functions);
                    var (send, via) = BlockingSend(pass, lit.Body, ch, inPlace, []);
                    if (send == null) continue;
                    // A send in the stop's own case reports the stop as the result (`case <-ctx.Done(): resultC <- ctx.Err()`):
                    // the one value the caller is promised, not a stream it may abandon.
                    if (stopAt != null && StopSignals.InStopCase(lit.Body, stopAt, send)) continue;
                    var related = new List<RelatedLocation> { new(pass.Span(made), $"{ch.Name} is made unbuffered here") };
                    if (via != null) related.Add(new RelatedLocation(pass.Span(via), "the goroutine runs the function literal holding the send here"));
                    if (stopAt != null) related.Add(new RelatedLocation(pass.Span(stopAt), $"the goroutine leaves on {stopText} here, but only while it is not sending"));
                    var seen = stopAt != null ? $"this goroutine can stop on {stopText} (line {pass.Line(stopAt)}), but this send on {ch.Name}, which {fn.Name} returns to its caller, does not select on it"
                        : $"this goroutine sends on {ch.Name}, which {fn.Name} returns to its caller, without selecting on {stopText}";
                    pass.Report(send, $"{seen}: once the caller stops receiving (it leaves on {stopText} or an error), the send blocks for ever and the goroutine leaks with everything it holds; "
                        + $"select {{ case {ch.Name} <- v: case <-{stopText}: return }}", related.ToArray());
                    break;
                }
            }
        }
    }

    /// <summary>Whether the goroutine waits on some Done channel anywhere (a ctx, a stop channel's select case
    /// named done): it has a way out we do not judge.</summary>
    private static bool SelectsOnDone(Pass pass, FuncLit lit)
    {
        var found = false;
        Walker.Inspect(lit.Body, n =>
        {
            if (n is SelectStmt) found = true;
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" or "Err" } }) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>A send on ch in the goroutine's own statements that is no select's communication (a case's body
    /// counts: `case <-tick: ch <- v` blocks like any send), or in a function literal they run in place (a callback
    /// handed to a walk, `emit(v)` through a local literal), with the goroutine's call that runs it.</summary>
    private static (SendStmt? Send, CallExpr? Via) BlockingSend(Pass pass, Node root, Var ch, InPlaceLiterals inPlace, HashSet<FuncLit> seen)
    {
        SendStmt? send = null;
        CallExpr? via = null;
        Walker.Inspect(root, n =>
        {
            if (send != null || n is FuncLit) return false;
            switch (n)
            {
                case CommClause cc:
                    foreach (var s in cc.Body)
                        if (send == null) (send, via) = BlockingSend(pass, s, ch, inPlace, seen);
                    return false;
                case SendStmt s2 when Expr.Unparen(s2.Chan) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch):
                    send = s2;
                    break;
                case CallExpr call:
                    foreach (var lit in inPlace.RunBy(call))
                        if (send == null && seen.Add(lit) && BlockingSend(pass, lit.Body, ch, inPlace, seen) is { Send: { } inner } found)
                            (send, via) = (inner, call);
                    break;
            }
            return send == null;
        });
        return (send, via);
    }
}
