using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5009 on a receiver's fields: a method makes `f.out` unbuffered, starts goroutines (`go f.fetch(u)`, or literals)
/// that send on it before `f.wg.Done()`, and waits on `f.wg` before it receives from `f.out`. Only when nothing else
/// in the package receives from that field and it is handed nowhere: then the first send waits for a receive that
/// comes only after the Wait.
/// </summary>
public sealed partial class LF5009WaitBeforeReceive
{
    private static void FieldChannels(Pass pass, FunctionBody fn)
    {
        if (fn.Function is not FuncDecl { Body: not null } decl || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) return;
        var waits = new List<(FieldPath Group, CallExpr Call)>();
        var goes = new List<GoStmt>();
        Loops.Walk(decl.Body, (n, loop) =>
        {
            if (n is GoStmt g) goes.Add(g);
            else if (loop == null && n is CallExpr call && WaitGroups.Call(pass, call, "Wait") is { IsVariable: false } group && ReferenceEquals(group.Root, recv))
                waits.Add((group, call));
        });
        if (waits.Count == 0 || goes.Count == 0) return;
        foreach (var (group, wait) in waits)
        {
            var suffix = group.Text[recv.Name.Length..];
            var senders = new List<(GoStmt Go, SendStmt Send, string Field)>();
            foreach (var go in goes.Where(g => g.End().Value < wait.Pos().Value))
                if (FieldSender(pass, go, recv, suffix) is var (send, field)) senders.Add((go, send, field));
            foreach (var byField in senders.GroupBy(s => s.Field))
            {
                var text = recv.Name + byField.Key;
                var goStmts = new HashSet<Node>(byField.Select(s => (Node)s.Go), ReferenceEqualityComparer.Instance);
                if (MadeAndReceivedAfter(pass, decl, recv, text, goStmts, wait) is not { } made) continue;
                var cls = LockPaths.Of(pass.Info, made.Field)?.Class;
                if (cls == null || pass.ExportedOutside(cls) || !pass.ResultOf(RunLoops.Analysis).Fields.TryGetValue(cls, out var use)
                    || use.Escapes || use.Receivers.Any(r => !ReferenceEquals(r, decl))) continue;
                var first = byField.First();
                pass.Report(pass.Span(wait),
                    $"{decl.Name.Name} waits for its goroutines ({group.Text}.Wait) before it receives from {text}, but they send on unbuffered {text} before {group.Text}.Done: the first to send waits for a receiver that is waiting for it, and {decl.Name.Name} and the goroutines block for ever; receive while they run (a collector goroutine, or Wait and close in a goroutine of their own), or give {text} room for every sender",
                    [
                        new RelatedLocation(pass.Span(first.Send), $"a goroutine sends on {text} here, before its Done"),
                        new RelatedLocation(pass.Span(first.Go), "the goroutine is started here"),
                        new RelatedLocation(pass.Span(made.Make), $"{text} is made unbuffered here"),
                    ]);
            }
        }
    }

    /// <summary>The goroutine's plain send on a channel field of the receiver before its Done on the group (`go
    /// f.fetch(u)` running a method of the package on the same receiver, or a literal), and that field (".out").</summary>
    private static (SendStmt Send, string Field)? FieldSender(Pass pass, GoStmt go, Var recv, string groupSuffix)
    {
        var lookup = pass.ResultOf(FunctionLookup.Analysis);
        if (StartedBodies.Of(pass, go, recv, m => lookup.DeclarationOf(m)?.Function as FuncDecl) is not var (body, root)) return null;
        string? field = null;
        var send = SendBeforeDone(pass, body, g => ReferenceEquals(g.Root, root) && g.Text == root.Name + groupSuffix, s =>
        {
            if (FieldPath.Of(pass, s.Chan) is not { IsVariable: false } c || !ReferenceEquals(c.Root, root)) return false;
            field = c.Text[root.Name.Length..];
            return true;
        });
        return send != null && field != null ? (send, field) : null;
    }

    /// <summary>The unbuffered make of the field in the waiting method (before the goroutines start), when its every other
    /// use there, outside the senders, is a receive, range, close or len after the Wait.</summary>
    private static (SelectorExpr Field, Expr Make)? MadeAndReceivedAfter(Pass pass, FuncDecl decl, Var recv, string text, HashSet<Node> senders, CallExpr wait)
    {
        (SelectorExpr, Expr)? made = null;
        var firstGo = senders.Min(g => g.Pos().Value);
        var ok = ReceivedOnlyAfter(pass, decl.Body!, n => n is SelectorExpr sel && FieldPath.Of(pass, sel) is { } path && ReferenceEquals(path.Root, recv) && path.Text == text,
            senders, wait.End().Value, (n, parent) =>
            {
                if (made != null || parent is not AssignStmt { Lhs: [var l], Rhs: [var r] } || !ReferenceEquals(l, n) || !Channels.IsUnbufferedMake(pass, r) || n.End().Value >= firstGo) return false;
                made = ((SelectorExpr)n, r);
                return true;
            });
        return ok ? made : null;
    }
}
