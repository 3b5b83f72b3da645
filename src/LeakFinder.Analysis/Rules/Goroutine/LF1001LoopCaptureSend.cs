using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Analysis.Rules.Race;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for goroutines a loop starts, before Go 1.22, that send on a channel reached through the loop variable
/// (`for _, w := range watchers { go func() { w.ch &lt;- ev }() }`): until Go 1.22 the loop has one such variable, so the
/// goroutines that run after the loop moved on all send to the last element's channel. The other elements'
/// receivers wait for ever, and once that channel is full the extra senders block for ever. Which literals capture
/// what is <see cref="LF7003LoopVariableCapture"/>'s, which leaves this case to this rule.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckLoopCaptureSends(Pass pass)
    {
        foreach (var c in LF7003LoopVariableCapture.Captures(pass))
        {
            if (c.Later.At is not Syntax.Ast.GoStmt go || LF7003LoopVariableCapture.CapturedSend(pass, c) is not { } send) continue;
            var path = LockPaths.Of(pass.Info, send.Chan)!;
            var v = path.Root.Name;
            pass.Report(send,
                $"this send, in a goroutine started by the loop at line {pass.Line(c.Loop)}, goes to {path.Text} through the loop variable {v}, which before Go 1.22 is one variable shared by every iteration (the module's go.mod says {c.Version}): "
                + $"goroutines that run after the loop moved on all send on the last {v}'s channel, so the other receivers wait for ever and, once that channel is full, the extra senders block for ever; copy it in the loop body ({v} := {v}) or pass it as an argument",
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(c.Loop.Pos(), c.Loop.Pos() + 3), $"the loop that declares {v}"));
        }
    }
}
