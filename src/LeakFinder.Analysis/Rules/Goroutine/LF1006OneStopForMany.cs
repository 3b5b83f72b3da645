using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1006 for a pool: a run loop started in a loop (`for i := 0; i &lt; h.workers; i++ { go h.worker() }`) whose every
/// exit is a receive from one stop channel field, while the package only ever sends one value on it (`h.quit &lt;-
/// struct{}{}` in Stop, outside any loop) and never closes it: one worker takes the value and leaves, every other
/// worker runs for ever (and a Wait for them all never returns).
/// </summary>
public sealed partial class LF1006LoopOutlivesStop
{
    private static void CheckOneStopForMany(Pass pass, RunLoops model)
    {
        foreach (var loop in model.Loops)
        {
            if (loop.Exits.Count == 0 || loop.Exits[0].Trigger is not { } stop || loop.Exits.Any(e => e.Trigger != stop)) continue;
            if (pass.ExportedOutside(stop) || !model.Fields.TryGetValue(stop, out var use) || use.Closed || use.Escapes || use.Senders.Count == 0) continue;
            if (loop.Starts.Select(s => StartedInLoop(s.Go, s.In)).FirstOrDefault(l => l != null) is not { } pool) continue;
            if (SingleSend(pass, use.Senders, stop) is not { } send) continue;
            var name = loop.Method.Name.Name;
            var field = loop.Receiver.Name + stop[stop.IndexOf('.')..];
            pass.Report(send.Send,
                $"{send.In.Name.Name} sends one value on {field} to stop {name}, but {name} runs in as many goroutines as the loop at line {pass.Line(pool)} starts, each leaving only when it receives from {field}: one takes the value and leaves, every other stays for ever; close({field}) to reach them all",
                new RelatedLocation(pass.Span(pool), $"the loop that starts {name} goroutines"),
                new RelatedLocation(pass.Span(loop.Loop.Pos(), loop.Loop.Pos() + 3), $"{name} leaves its loop only on a receive from {field}"));
        }
    }

    /// <summary>The for or range statement the go statement sits in (not past a literal), or null.</summary>
    private static Stmt? StartedInLoop(GoStmt go, FunctionBody @in)
    {
        Stmt? found = null;
        Loops.Walk(@in.Body, (n, around) =>
        {
            if (ReferenceEquals(n, go)) found = around;
        });
        return found;
    }

    /// <summary>The package's one send on the class: a statement outside any loop, in one function, and no other send.</summary>
    private static (SendStmt Send, FuncDecl In)? SingleSend(Pass pass, IEnumerable<FuncDecl> senders, string cls)
    {
        (SendStmt, FuncDecl)? found = null;
        var count = 0;
        foreach (var decl in senders)
            Loops.Walk(decl.Body!, (n, around) =>
            {
                if (n is not SendStmt s || LockPaths.Of(pass.Info, s.Chan)?.Class != cls) return;
                count++;
                if (around == null) found = (s, decl);
            });
        return count == 1 ? found : null;
    }
}
