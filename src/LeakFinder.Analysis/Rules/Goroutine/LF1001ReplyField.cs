using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
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
                if (field.Unsure) return true; // judged already: not a reply field
                var parent = ancestors[^1];
                switch (parent)
                {
                    case SendStmt send when ReferenceEquals(send.Chan, sel):
                        // A send that is a select's case does not wait while another case can go on.
                        if (!(ancestors.Count > 1 && ancestors[^2] is CommClause cc && ReferenceEquals(cc.Comm, send))) field.Sends.Add((send, EnclosingFunction(ancestors, decl)));
                        break;
                    case UnaryExpr { Op: Token.Arrow }:
                        // The wait of a requester on the request it built itself (`r := request{reply: make(..)}`), in a
                        // select that can leave without the answer; any other receive may be the one a send serves.
                        // BuiltHere walks the body: asked last.
                        if (SelectOfReceive(ancestors) is { } select && WayOut(pass, select, ancestors) is var (at, trigger) && BuiltHere(pass, sel.X, fn.Body)) field.WayOut ??= (at, trigger, decl);
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

    /// <summary>Whether e is a local variable the body defines as a value it builds (`r := request{..}`, `c := &amp;call{..}`,
    /// `new(call)`): a request of its own, not a long-lived owner's field.</summary>
    private static bool BuiltHere(Pass pass, Expr e, BlockStmt body)
    {
        if (Expr.Unparen(e) is not Ident id || pass.Info.ObjectOf(id) is not Var { IsField: false } v || v.Pos < body.Lbrace.Value || v.Pos >= body.End().Value) return false;
        return Walker.Any(body, n => n is AssignStmt { Tok: Token.Define } a && a.Lhs.Count == a.Rhs.Count
            && a.Lhs.Select((l, i) => (l, i)).Any(x => x.l is Ident d && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d), v) && IsBuilt(a.Rhs[x.i]))
            || n is ValueSpec vs && vs.Names.Count == vs.Values.Count && vs.Names.Select((d, i) => (d, i)).Any(x => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(x.d), v) && IsBuilt(vs.Values[x.i])));

        static bool IsBuilt(Expr value) => Expr.Unparen(value) switch
        {
            CompositeLit => true,
            UnaryExpr { Op: Token.And, X: var x } => Expr.Unparen(x) is CompositeLit,
            CallExpr { Fun: Ident { Name: "new" } } => true,
            _ => false,
        };
    }

    /// <summary>The innermost function around a node: the literal on its path, or the declaration.</summary>
    private static Node EnclosingFunction(IReadOnlyList<Node> ancestors, FuncDecl decl)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is FuncLit lit) return lit;
        return decl;
    }
}
