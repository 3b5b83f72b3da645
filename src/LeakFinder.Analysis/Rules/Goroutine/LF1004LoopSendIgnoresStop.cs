using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1004: a run loop (a method started with `go t.run()`) that can stop on a stop channel or ctx.Done()
/// sends on an unbuffered channel field outside any select: when its consumer stops receiving (unsubscribed,
/// closed the watch), the loop blocks on that send, never reaches its stop case, and leaks. Docs:
/// docs/rules/LF1004.md.
/// </summary>
public sealed partial class LF1004LoopSendIgnoresStop : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1004", "loop-send-ignores-stop", RuleCategory.GoroutineLeak, Severity.Warning,
        "A stoppable run loop blocks on an unbuffered send that does not select on its stop channel")
    {
        Since = "0.4",
        Summary = "a run loop with a stop channel blocks on a send that ignores it",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis];

    public override void Run(Pass pass)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        var reported = new HashSet<SendStmt>(ReferenceEqualityComparer.Instance);
        foreach (var loop in model.Loops)
        {
            if (loop.Exits.FirstOrDefault(e => e.Trigger != null) is not { } stop) continue;
            foreach (var (send, cls) in loop.BlockingSends)
            {
                if (!model.Fields.TryGetValue(cls, out var use) || !use.UnbufferedMake || use.OtherValue || loop.Receives.Contains(cls)) continue;
                if (FromReceive(pass, loop.Loop, send)) continue;
                var name = loop.Method.Name.Name;
                var stopText = stop.Trigger == "?" ? "its stop channel" : stop.Trigger == "ctx.Done()" ? "ctx.Done()" : loop.Receiver.Name + stop.Trigger![stop.Trigger!.IndexOf('.')..];
                reported.Add(send);
                pass.Report(send,
                    $"{name} can stop on {stopText} (line {pass.Line(stop.At)}), but this send on the unbuffered {Text(send.Chan)} does not select on it: once its consumer stops receiving, {name} blocks here for ever, never sees the stop, and leaks; select on {stopText} beside the send",
                    new RelatedLocation(pass.Span(stop.At), $"{name} stops here"),
                    new RelatedLocation(pass.Span(loop.Starts[0].Go), $"the {name} loop is started here"));
            }
        }
        CheckPolledStops(pass, model, reported);
    }

    private static string Text(Expr e) => ExprText.Path(e) ?? "channel";

    /// <summary>The send is a reply on a channel that came with a request the loop received (`case req := &lt;-s.reqs:
    /// req.reply &lt;- v`): its requester is waiting for it.</summary>
    private static bool FromReceive(Pass pass, Stmt loop, SendStmt send)
    {
        if (LockPaths.Of(pass.Info, send.Chan) is not { } path) return true;
        var found = false;
        Walker.Inspect(loop, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is AssignStmt a && a.Rhs.Count == 1 && Expr.Unparen(a.Rhs[0]) is UnaryExpr { Op: Token.Arrow }
                && a.Lhs.Any(l => l is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), path.Root))) found = true;
            if (n is RangeStmt r && pass.Info.TypeOf(r.X)?.Underlying is Semantics.Types.ChanType
                && r.Key is Ident k && ReferenceEquals(pass.Info.ObjectOf(k), path.Root)) found = true;
            return !found;
        });
        return found;
    }
}
