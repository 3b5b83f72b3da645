using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a reply channel carried in a field of a request (`request{key: k, reply: make(chan string)}`, a pending
/// `call{done: make(chan error)}`): every make of the field in the package is unbuffered, and every receive from it is
/// a select case beside one that leaves on its own (the requester's `ctx.Done()`, `time.After`). The goroutine
/// answering with a plain send (`r.reply &lt;- v`) then waits for ever once the requester has left: a cache's loop
/// stuck answering a Get whose context was cancelled, with every later request queued behind it.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>How the package uses one reply field class: its first requester's wait with a way out, the plain sends,
    /// and whether anything else touches it (then it is not judged).</summary>
    private sealed class ReplyField
    {
        public (Node At, string Trigger, FuncDecl Waiter)? WayOut;
        public bool Unsure;
        public readonly List<(SendStmt Send, Node Function)> Sends = [];
    }

    private static void CheckReplyFields(Pass pass)
    {
        // A way out needs one of these: no package without them can have the wait.
        if (!pass.UsesFunction("time.After") && !pass.UsesFunction("context.Context.Done") && !pass.UsesFunction("time.NewTimer") && !pass.UsesFunction("time.NewTicker")) return;
        Dictionary<string, ReplyField>? fields = null;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl) continue;
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is not SelectorExpr sel || ancestors.Count == 0 || pass.Info.TypeOf(sel)?.Underlying is not ChanType) return true;
                if (!pass.Info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.FieldVal || LockPaths.Of(pass.Info, sel)?.Class is not { } cls) return true;
                fields ??= new Dictionary<string, ReplyField>(StringComparer.Ordinal);
                if (!fields.TryGetValue(cls, out var field)) fields[cls] = field = new ReplyField();
                var parent = ancestors[^1];
                switch (parent)
                {
                    case SendStmt send when ReferenceEquals(send.Chan, sel):
                        // A send that is a select's case does not wait while another case can go on.
                        if (!(ancestors.Count > 1 && ancestors[^2] is CommClause cc && ReferenceEquals(cc.Comm, send))) field.Sends.Add((send, EnclosingFunction(ancestors, decl)));
                        break;
                    case UnaryExpr { Op: Token.Arrow }:
                        if (SelectOfReceive(ancestors) is { } select && WayOut(pass, select) is var (at, trigger)) field.WayOut ??= (at, trigger, decl);
                        else field.Unsure = true;
                        break;
                    case AssignStmt a when a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel)):
                        break; // given a value: the capacities below judge it
                    default:
                        field.Unsure = true; // closed, copied, passed, ranged: someone else may serve it
                        break;
                }
                return true;
            });
        }
        if (fields == null) return;
        IReadOnlyDictionary<string, int>? capacities = null;
        foreach (var (cls, field) in fields)
        {
            if (field.Unsure || field.WayOut is not var (at, trigger, waiter) || field.Sends.Count == 0 || pass.ExportedOutside(cls, last: true)) continue;
            capacities ??= ChannelBuffering.Capacities(pass.Info, pass.Functions);
            if (!capacities.TryGetValue(cls, out var capacity) || capacity != 0) continue;
            foreach (var (send, function) in field.Sends)
            {
                if (ReferenceEquals(function, waiter)) continue;
                var text = FieldPath.Of(pass, send.Chan)?.Text ?? cls;
                pass.Report(send, $"this send on {text} blocks for ever once {waiter.Name.Name} has stopped waiting: {cls} is made unbuffered and every receive from it is a select case beside one that leaves when {trigger} fires (line {pass.Line(at)}, in {waiter.Name.Name}), after which nothing receives what this sends; give it room for the reply (make(chan T, 1)) or send in a select that also ends with the requester",
                    new RelatedLocation(pass.Span(at), $"{waiter.Name.Name} can stop waiting here"));
            }
        }
    }

    /// <summary>The innermost function around a node: the literal on its path, or the declaration.</summary>
    private static Node EnclosingFunction(IReadOnlyList<Node> ancestors, FuncDecl decl)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is FuncLit lit) return lit;
        return decl;
    }
}
