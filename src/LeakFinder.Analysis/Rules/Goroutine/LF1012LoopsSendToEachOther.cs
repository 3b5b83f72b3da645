using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1012: two run loops each make a plain (not selected) send on an unbuffered channel field that only the other
/// loop receives: when both send at once, each waits for the other to come back to its select, for ever (a store
/// forwarding proposals to a raft loop that forwards its events back). A loop sending on a channel only it
/// receives is the one-loop case: it blocks on its first such send. Docs: docs/rules/LF1012.md.
/// </summary>
public sealed partial class LF1012LoopsSendToEachOther : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1012", "loops-send-to-each-other", RuleCategory.GoroutineLeak, Severity.Error,
        "Two run loops block on unbuffered sends to each other, or a loop sends to a channel only it receives")
    {
        Since = "1.1",
        Summary = "two run loops each block on a plain send on an unbuffered channel only the other receives (or one loop on its own channel, directly or through the methods it calls); two sides of one function that each send first",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis];

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions) CheckSendFirst(pass, fn);
        var model = pass.ResultOf(RunLoops.Analysis);
        var reported = new HashSet<SendStmt>(ReferenceEqualityComparer.Instance);
        RunLoopPairs(pass, model, reported);
        CheckCalledSelfSends(pass, model, reported);
    }

    private static void RunLoopPairs(Pass pass, RunLoops model, HashSet<SendStmt> reported)
    {
        if (model.Loops.Count == 0 || !model.Loops.Any(l => l.BlockingSends.Count > 0)) return;
        // One finding per pair of loops (the first send of the first loop): fixing one side breaks the cycle.
        var pairs = new HashSet<(RunLoop, RunLoop)>();
        Wiring? wiring = null;
        RunLoop? OnlyServer(string cls) => OnlyServerOf(model, cls) ?? OnlyServerWired(model, wiring ??= WiredChannels(pass), cls);
        foreach (var a in model.Loops)
            foreach (var (sendA, x) in a.BlockingSends)
            {
                if (OnlyServer(x) is not { } b) continue;
                if (ReferenceEquals(a, b))
                {
                    ReportSelf(pass, a, sendA);
                    reported.Add(sendA);
                    continue;
                }
                if (pairs.Contains((a, b))) continue;
                foreach (var (sendB, y) in b.BlockingSends)
                {
                    if (!ReferenceEquals(OnlyServer(y), a)) continue;
                    ReportPair(pass, a, sendA, b, sendB);
                    pairs.Add((a, b));
                    pairs.Add((b, a));
                    break;
                }
            }
    }

    /// <summary>The run loop that is the only receiver of an unbuffered channel field the package makes and never
    /// hands out: every receive from it lies in that loop's statement, outside function literals.</summary>
    private static RunLoop? OnlyServerOf(RunLoops model, string cls)
    {
        if (!model.Fields.TryGetValue(cls, out var use) || !use.Unbuffered || !use.MadeHere || use.ReceiveSites.Count == 0) return null;
        return OnlyLoopAt(model, use.ReceiveSites);
    }

    /// <summary>The only receiving loop of a field wired to others by a constructor: every receive from any field of
    /// its group lies in that loop (the group's channel is an unbuffered make, handed to nobody else).</summary>
    private static RunLoop? OnlyServerWired(RunLoops model, Wiring wiring, string cls)
    {
        var peers = wiring.Peers(cls);
        if (peers.Count == 0) return null;
        var sites = new List<Node>();
        foreach (var c in peers.Append(cls))
        {
            if (!model.Fields.TryGetValue(c, out var use)) continue;
            if (use.Escapes || use.Closed) return null;
            sites.AddRange(use.ReceiveSites);
        }
        return sites.Count == 0 ? null : OnlyLoopAt(model, sites);
    }

    private static RunLoop? OnlyLoopAt(RunLoops model, IEnumerable<Node> receiveSites)
    {
        RunLoop? server = null;
        foreach (var site in receiveSites)
        {
            var loop = model.Loops.FirstOrDefault(l => Within(site, l.Loop) && !InLiteral(l.Loop, site));
            if (loop == null || server != null && !ReferenceEquals(server, loop)) return null;
            server = loop;
        }
        return server;
    }

    private static bool Within(Node n, Node outer) => n.Pos().Value >= outer.Pos().Value && n.End().Value <= outer.End().Value;

    private static bool InLiteral(Stmt loop, Node site) =>
        Walker.Any(loop, n => n is FuncLit lit && Within(site, lit));

    private static void ReportSelf(Pass pass, RunLoop loop, SendStmt send)
    {
        var name = loop.Method.Name.Name;
        var ch = Text(pass, send.Chan);
        var own = Expr.Unparen(send.Chan) is SelectorExpr { X: Ident id } && ReferenceEquals(pass.Info.ObjectOf(id), loop.Receiver);
        var why = own
            ? $"{name} is the only receiver of {ch}, so this send waits for {name} to come back to its receive, which it never does: the loop blocks here the first time it gets here"
            : $"only {name} loops receive from {ch} (this is another value's), so two of them sending to each other at once each wait for the other for ever";
        pass.Report(send, $"{name} makes a plain send on the unbuffered {ch}: {why}; hand the value to the loop's own state instead, send in a select with the loop's other cases, or buffer the channel",
            new RelatedLocation(pass.Span(loop.Starts[0].Go), $"the {name} loop is started here"));
    }

    private static void ReportPair(Pass pass, RunLoop a, SendStmt sendA, RunLoop b, SendStmt sendB)
    {
        var (na, nb) = (a.Method.Name.Name, b.Method.Name.Name);
        // Two loops of one name (each type's run): name them by their types.
        if (na == nb) (na, nb) = ($"{RunLoops.OwnerOf(a.Receiver)}.{na}", $"{RunLoops.OwnerOf(b.Receiver)}.{nb}");
        pass.Report(sendA,
            $"{na} blocks on a plain send on the unbuffered {Text(pass, sendA.Chan)}, which only the {nb} loop receives, while {nb} blocks the same way on {Text(pass, sendB.Chan)} (line {pass.Line(sendB)}), which only {na} receives: when both send at once each waits for the other to come back to its select, and both loops hang for ever; send in a select with the loop's other cases, hand the value off to a goroutine, or buffer one of the channels",
            new RelatedLocation(pass.Span(sendB), $"{nb} sends to {na} here"),
            new RelatedLocation(pass.Span(a.Starts[0].Go), $"the {na} loop is started here"),
            new RelatedLocation(pass.Span(b.Starts[0].Go), $"the {nb} loop is started here"));
    }

    private static string Text(Pass pass, Expr e) => FieldPath.Of(pass, e)?.Text ?? "channel";
}
