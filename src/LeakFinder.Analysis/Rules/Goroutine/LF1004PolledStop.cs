using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1004 for a producer given its stop: a method run on a goroutine and given a stop channel or context checks it
/// inside a loop (`select { case &lt;-stopCh: return; default: }` before each item) and, in that same loop, sends on an
/// unexported, unbuffered channel field of its receiver outside any select. The check says the producer expects its
/// consumer to go away mid-stream; once the consumer closes the stop and stops receiving, a producer already past
/// its check blocks on the send for ever and never sees the stop again.
/// </summary>
public sealed partial class LF1004LoopSendIgnoresStop
{
    private static void CheckPolledStops(Pass pass, RunLoops model, HashSet<SendStmt> reported)
    {
        IReadOnlyDictionary<string, int>? capacities = null;
        foreach (var decl in model.Started)
        {
            if (decl.Body is not { } body || StopSignals.StopParam(pass, decl.Type) is not { } stop || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) continue;
            var isCtx = Channels.IsContext(stop.Type);
            if (StopSignals.WaitOnStop(pass, body, stop, isCtx) == null) continue;
            foreach (var (send, loop) in StopSignals.FieldSends(body))
            {
                // A send in no loop is no polled producer's.
                if (loop == null || reported.Contains(send) || StopSignals.WaitOnStop(pass, loop, stop, isCtx) is not { } stopAt || StopSignals.InStopCase(body, stopAt, send)) continue;
                // The receiver's own field (`r.resultCh`): a channel of another value (`w.coordinator.resultC`) is served
                // by that value's loop, which may drain it until every producer is done.
                if (RunLoops.FieldOf(pass.Info, send.Chan, recv) is not { } cls || recv.Type.Underlying is not PointerType
                    || pass.ExportedOutside(cls, last: true) || LockPaths.Of(pass.Info, send.Chan) is not { } path) continue;
                capacities ??= ChannelBuffering.Capacities(pass.Info, pass.Functions);
                if (capacities.GetValueOrDefault(cls, -1) != 0) continue;
                var name = decl.Name.Name;
                var stopText = isCtx ? stop.Name + ".Done()" : stop.Name;
                pass.Report(send, $"{name} runs as a goroutine and checks {stopText} in this loop (line {pass.Line(stopAt)}), but this send on the unbuffered {path.Text} does not select on it: "
                    + $"once its consumer stops {name} and stops receiving, a send already past the check blocks for ever, never sees the stop, and leaks; select on {stopText} beside the send",
                    new RelatedLocation(pass.Span(stopAt), $"the loop leaves on {stopText} here, but only while it is not sending"));
                break;
            }
        }
    }
}
