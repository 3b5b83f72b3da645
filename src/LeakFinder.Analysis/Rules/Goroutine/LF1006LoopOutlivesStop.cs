using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1006: a type's run loop (a method started with `go t.run()`, looping over its receiver's channel fields)
/// that nothing can end: no return or break leaves it, and a range over a channel field nobody in the package
/// closes never finishes, though the type has a method to stop it (Stop, Close, Shutdown). After that method
/// the goroutine stays blocked for ever, once per instance. Docs: docs/rules/LF1006.md.
/// </summary>
public sealed partial class LF1006LoopOutlivesStop : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1006", "loop-outlives-stop", RuleCategory.GoroutineLeak, Severity.Error,
        "A type's run loop can never end, though the type has a method to stop it")
    {
        Since = "0.4",
        Summary = "a run loop (or a goroutine method's endless `for`, or its range over a ticker) nothing can end, in a type with a Stop, Close or Shutdown method; a pool of run loops stopped with one value on their stop channel",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, NeverDoneContexts.Analysis];

    public override void Run(Pass pass)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        CheckEndlessMethods(pass, model);
        CheckOneStopForMany(pass, model);
        foreach (var loop in model.Loops)
        {
            if ((loop.Exits.Count > 0 ? DeadExits(pass, model, loop) : NeverEnding(pass, model, loop)) is not { } how) continue;
            if (StopMethod(pass, loop.Owner, loop.CalledMethods) is not { } stop) continue;
            var start = loop.Starts[0].Go;
            var name = loop.Method.Name.Name;
            var loopLine = pass.Line(loop.Loop);
            pass.Report(pass.Span(loop.Loop.Pos(), loop.Loop.Pos() + 3),
                $"the goroutine running {name} can never leave this loop: {how}, so after {stop.Name.Name} it stays blocked for ever, and every {loop.Owner} started and stopped leaks one; end the loop from {stop.Name.Name} (close the channel it ranges over, or select on a stop channel or ctx.Done() that {stop.Name.Name} closes or cancels)",
                [
                    new RelatedLocation(pass.Span(stop.Name), $"{stop.Name.Name} does not end the loop at line {loopLine}"),
                    new RelatedLocation(pass.Span(start), $"the {name} loop is started here"),
                ]);
        }
    }

    /// <summary>Why the loop cannot end, or null when it might: a range over an unexported channel field the
    /// package makes and nothing in it closes or hands on (a channel from another package's Subscribe is its to close); a `for` loop with no condition and no exit.</summary>
    private static string? NeverEnding(Pass pass, RunLoops model, RunLoop loop)
    {
        if (!Loops.IsEndless(loop.Loop, null)) return null; // a goto out of it (`goto QUIT` when the queue is closed)
        if (loop.Loop is ForStmt { Cond: null }) return "it has no return or break, and no case of it ends it";
        if (loop.Loop is not RangeStmt || loop.Receives.Count != 1) return null;
        var cls = loop.Receives.First();
        if (pass.ExportedOutside(cls)) return null; // an exported field: closed outside the package too
        if (!model.Fields.TryGetValue(cls, out var use) || use.Closed || use.Escapes || !use.MadeHere) return null;
        return $"it ranges over {loop.Receiver.Name}{cls[cls.IndexOf('.')..]}, which nothing in the package closes, and has no return or break";
    }

    /// <summary>A method of the loop's type named to stop it, not run by the loop itself.</summary>
    private static FuncDecl? StopMethod(Pass pass, string owner, IReadOnlySet<string> calledByLoop)
    {
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Recv: not null, Body: not null } fd && StopMethods.IsStopName(fd.Name.Name)
                && !calledByLoop.Contains(fd.Name.Name) && RunLoops.ReceiverOf(pass.Info, fd) is { } r && RunLoops.OwnerOf(r) == owner)
                return fd;
        return null;
    }
}
