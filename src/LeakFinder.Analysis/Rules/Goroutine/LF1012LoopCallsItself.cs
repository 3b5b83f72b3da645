using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1012 for one loop on its own channel through a call chain: a loop's goroutine calls a method of its receiver
/// (directly or through others) that sends on a channel only that loop receives, plainly or in a select whose only
/// other way out is shutdown. The loop is busy in the call, so nobody can take the send: the loop hangs until it is
/// stopped, and every requester behind it too (a pull run by a folder's serve loop asking for a rescan through the
/// public Scan, which sends to the same loop). The loop need not be started in the package: an exported Serve run
/// by a supervisor elsewhere is the same goroutine.
/// </summary>
public sealed partial class LF1012LoopsSendToEachOther
{
    private static void CheckCalledSelfSends(Pass pass, RunLoops model, HashSet<SendStmt> reported)
    {
        foreach (var loop in model.Servers)
        {
            var calls = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
            foreach (var sent in model.CalledSends(pass.Info, loop))
            {
                if (reported.Contains(sent.At) || !calls.Add(sent.Call)) continue;
                if (!model.Fields.TryGetValue(sent.Class, out var use) || !use.Unbuffered || !use.MadeHere || use.ReceiveSites.Count == 0
                    || !use.ReceiveSites.All(site => Within(site, loop.Loop) && !InLiteral(loop.Loop, site))) continue;
                ReportCalledSelf(pass, loop, sent);
            }
        }
    }

    private static void ReportCalledSelf(Pass pass, RunLoop loop, RunLoops.CalledSend sent)
    {
        var name = loop.Method.Name.Name;
        var sender = sent.Sender.Name.Name;
        var chain = string.Join(" -> ", sent.Through.Select(f => f.Name.Name));
        var ch = Text(pass, sent.At.Chan);
        var (how, hang) = sent.UntilStop
            ? (", in a select whose only other case is shutdown", "the loop hangs until it is stopped")
            : ("", "the loop hangs for ever");
        var related = new List<RelatedLocation> { new(pass.Span(sent.At), $"{sender} sends on {ch} here") };
        if (loop.Starts.Count > 0) related.Add(new RelatedLocation(pass.Span(loop.Starts[0].Go), $"the {name} loop is started here"));
        pass.Report(sent.Call,
            $"{name}'s loop calls {sender} on its own goroutine ({chain}), and {sender} sends on the unbuffered {ch} (line {pass.Line(sent.At)}), which only {name} receives{how}: the loop is busy in this call, so nothing can take the send and {hang}, with every requester behind it; do the work directly on the loop instead of through {sender}, queue it in the loop's own state, or send from another goroutine",
            related.ToArray());
    }
}
