using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007: a method run as a goroutine (`go sl.Run()`) closes a channel field of its receiver to say it has
/// finished (`close(sl.done)`), but returns on some path without closing it, while another function waits for
/// it with a receive that has no other way out (`<-sl.done` in Stop). Nothing else sends on or closes that
/// channel, so the waiter blocks for ever. Docs: docs/rules/LF1007.md.
/// </summary>
public sealed partial class LF1007DoneNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1007", "done-not-closed", RuleCategory.GoroutineLeak, Severity.Error,
        "A goroutine returns without closing the channel that tells its waiter it has finished")
    {
        Since = "0.4",
        Summary = "a goroutine method returns without closing the done channel another method waits on; a goroutine literal returns without the send or close its creator (or a generator's ranging caller) waits for, or without closing the io.Pipe writer whose reader reads to the end; a lazily made done channel closed only when already made; a LoadOrStore loser waiting on its own entry's done channel",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        CheckLocalSignals(pass);
        CheckPipeWriters(pass);
        CheckLazyDone(pass);
        CheckLoadOrStoreLosers(pass);
        var model = pass.ResultOf(RunLoops.Analysis);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: not null } fd || RunLoops.ReceiverOf(pass.Info, fd) is not { } recv) continue;
            var started = model.Started.Contains(fd);
            if (!started && !ExportedRunLoop(pass, fd)) continue;
            DeferredCloseNeverRuns(pass, fd, recv);
            foreach (var (cls, closeCall) in Closes(pass, fd.Body, recv))
            {
                // The goroutine's channel alone: made here, closed only by it, never sent on nor handed on.
                if (!model.Fields.TryGetValue(cls, out var use) || use.Escapes || use.NotMade || use.Senders.Count > 0 || use.Closers.Count != 1 || use.Waiters.Count == 0) continue;
                if (pass.ExportedOutside(cls)) continue; // an exported field: closed outside the package too
                var cfg = pass.Cfg(fn);
                var search = new PathSearch(cfg, pass.Info, (b, n) =>
                    n >= 0 && ClosesField(pass, b.Nodes[n], recv, cls) ? NodeEffect.Sink : NodeEffect.None);
                if (search.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt exit) continue;
                var (waiterDecl, wait) = use.Waiters[0];
                var waiter = waiterDecl.Name.Name;
                var field = recv.Name + cls[cls.IndexOf('.')..];
                var runs = started ? "runs as a goroutine" : "is a run loop its callers start as a goroutine";
                pass.Report(exit,
                    $"{fd.Name.Name} {runs} and closes {field} when it finishes (line {pass.Line(closeCall)}), but this return leaves without closing it: {waiter} waits on {field} and nothing else closes or sends on it, so it blocks for ever; close {field} on every path (defer close({field}) first thing)",
                    new RelatedLocation(pass.Span(closeCall), $"{field} is closed only here"),
                    new RelatedLocation(pass.Span(wait), $"{waiter} waits for {field} here"));
                break;
            }
        }
    }

    /// <summary>An exported method whose top level holds an endless `for` serving a `select` (`func (sl *ScrapeLoop) Run()`):
    /// the package's API for a loop its users run with `go sl.Run()`, though nothing in the package starts it.</summary>
    private static bool ExportedRunLoop(Pass pass, FuncDecl fd) =>
        pass.Info.ObjectOf(fd.Name) is Func f && pass.ExportedOutside(f)
        && fd.Body!.List.Any(st => st is ForStmt { Cond: null, Init: null, Post: null } loop && loop.Body.List.Any(x => x is SelectStmt));

    /// <summary>The non-deferred closes of the receiver's channel fields in body (outside literals); none when
    /// the body defers a close of that field (which runs on every path).</summary>
    private static List<(string Class, CallExpr Call)> Closes(Pass pass, BlockStmt body, Var recv)
    {
        var closes = new List<(string, CallExpr)>();
        var deferred = new HashSet<string>(StringComparer.Ordinal);
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case FuncLit:
                    return false;
                case DeferStmt d:
                    if (ClosedField(pass, d.Call, recv) is { } dc) deferred.Add(dc);
                    return false;
                case CallExpr call when ClosedField(pass, call, recv) is { } cls:
                    closes.Add((cls, call));
                    break;
            }
            return true;
        });
        closes.RemoveAll(c => deferred.Contains(c.Item1));
        return closes;
    }

    private static string? ClosedField(Pass pass, CallExpr call, Var recv) =>
        Calls.BuiltinName(pass.Info, call) == "close" && call.Args.Count == 1 ? RunLoops.FieldOf(pass.Info, call.Args[0], recv) : null;

    private static bool ClosesField(Pass pass, Node node, Var recv, string cls)
    {
        var found = false;
        Walker.Inspect(node, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is CallExpr call && ClosedField(pass, call, recv) == cls) found = true;
            return !found;
        });
        return found;
    }
}
