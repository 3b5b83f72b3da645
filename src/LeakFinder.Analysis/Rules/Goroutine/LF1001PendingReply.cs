using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a reply channel kept in a map or slice field: a caller makes an unbuffered channel, registers it
/// (`c.pending[id] = ch`) and waits for it only in a select that also leaves on a timeout or its context; another
/// function (a read loop, a dispatcher, a shutdown failing every waiter) takes the channel from the field and sends
/// on it outside any select. Once the caller has left, nothing receives that channel's value: the send waits for ever,
/// with whatever lock it holds (the caller, on its way out, often waits for that same lock to unregister). The
/// fix is a reply channel with room for its one reply (`make(chan T, 1)`), or a send in a select.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>Where a caller registers its reply channel in the field, and the select case through which it leaves.</summary>
    private sealed record PendingWait(FuncDecl Waiter, Node Stored, string Field, Node Leaves, string Trigger);

    private static void CheckPendingReplies(Pass pass)
    {
        if (!DeclaresChannelContainer(pass)) return;
        var elements = ChannelElements.Of(pass.Info, pass.Functions);
        var waits = PendingWaits(pass, elements);
        if (waits.Count == 0) return;
        foreach (var fn in pass.Functions)
        {
            // A literal is walked inside the declaration around it.
            if (fn.Function is not FuncDecl) continue;
            bool Visit(Node? n)
            {
                // A send that is a select's case does not wait while another case can go on.
                if (n is CommClause cc)
                {
                    foreach (var st in cc.Body) Walker.Inspect(st, Visit);
                    return false;
                }
                if (n is not SendStmt send) return true;
                var chan = Expr.Unparen(send.Chan);
                var cls = chan is IndexExpr ix ? ChannelElements.ContainerClass(pass.Info, ix.X) : elements.ClassOf(pass.Info, chan);
                if (cls == null || !waits.TryGetValue(cls, out var wait) || wait == null) return true;
                var waiter = wait.Waiter.Name.Name;
                pass.Report(send, $"this send on {Text(chan)} blocks for ever once {waiter} has stopped waiting: {waiter} registers an unbuffered channel in {wait.Field} (line {pass.Line(wait.Stored)}) and receives from it only in a select that also leaves when {wait.Trigger} fires (line {pass.Line(wait.Leaves)}), after which nothing receives what this sends; give the reply channel room for its reply (make(chan T, 1)) or send in a select",
                    new RelatedLocation(pass.Span(wait.Stored), $"{waiter} registers its reply channel here"),
                    new RelatedLocation(pass.Span(wait.Leaves), $"{waiter} can stop waiting here"));
                return true;
            }
            Walker.Inspect(fn.Body, Visit);
        }
    }

    /// <summary>
    /// The element classes (`client.pending[]`) whose every stored channel is made unbuffered by a caller that waits on
    /// it only in selects able to leave (a timeout, a context), with the first such caller; a class also stored any
    /// other way maps to null. Classes handed out (returned by an exported function, or an exported field) are left
    /// out: other packages may receive from them.
    /// </summary>
    private static Dictionary<string, PendingWait?> PendingWaits(Pass pass, ChannelElements elements)
    {
        var result = new Dictionary<string, PendingWait?>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl) continue;
            Walker.Inspect(fn.Body, n =>
            {
                if (n is not AssignStmt a || a.Lhs.Count != a.Rhs.Count) return true;
                for (var i = 0; i < a.Lhs.Count; i++)
                {
                    if (Expr.Unparen(a.Lhs[i]) is not IndexExpr slot || ChannelElements.ContainerClass(pass.Info, slot.X) is not { } cls) continue;
                    if (!elements.Capacities.TryGetValue(cls, out var capacity) || capacity != 0 || elements.HandsOut(cls) || pass.ExportedOutside(cls[..^2], last: true)) continue;
                    var wait = Expr.Unparen(a.Rhs[i]) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } ch && Channels.UnbufferedMake(pass, fn.Body, ch) != null
                        ? WaitsWithWayOut(pass, decl, ch, id, a, slot.X)
                        : null;
                    if (!result.TryGetValue(cls, out var first)) result[cls] = wait;
                    else if (first != null && wait == null) result[cls] = null;
                }
                return true;
            });
        }
        return result;
    }

    /// <summary>
    /// The wait of a caller on the channel it registers, when every use of the channel in the caller is its make, the
    /// store, or a receive that is a select's case (not inside a literal), and one such select has a case that leaves
    /// on its own: `ctx.Done()`, `time.After(d)`, a timer's or ticker's C. Null for anything else (a plain receive,
    /// a drain after the timeout, the channel passed or captured).
    /// </summary>
    private static PendingWait? WaitsWithWayOut(Pass pass, FuncDecl decl, Var ch, Ident stored, AssignStmt store, Expr container)
    {
        var uses = 0;
        var served = 0;
        (Node At, string Trigger)? leaves = null;
        Walker.InspectWithAncestors(decl.Body!, (n, ancestors) =>
        {
            if (n is not Ident id || !pass.Info.Uses.TryGetValue(id, out var o) || !ReferenceEquals(o, ch)) return true;
            uses++;
            if (ReferenceEquals(id, stored)) served++;
            else if (SelectOfReceive(ancestors) is { } select)
            {
                served++;
                leaves ??= WayOut(pass, select);
            }
            return true;
        });
        return uses == served && leaves is var (at, trigger)
            ? new PendingWait(decl, store, Text(container), at, trigger)
            : null;
    }

    /// <summary>The select whose case receives the identifier at the end of the path (`case v := &lt;-ch:`,
    /// `case &lt;-ch:`), when no literal is on the way; null otherwise.</summary>
    private static SelectStmt? SelectOfReceive(IReadOnlyList<Node> ancestors)
    {
        var i = ancestors.Count - 1;
        while (i >= 0 && ancestors[i] is ParenExpr) i--;
        if (i < 4 || ancestors[i] is not UnaryExpr { Op: Token.Arrow } recv) return null;
        var comm = ancestors[i - 1];
        if (ancestors[i - 2] is not CommClause cc || !ReferenceEquals(cc.Comm, comm)) return null;
        if (comm is not (ExprStmt or AssignStmt { Rhs.Count: 1 })) return null;
        if (comm is AssignStmt a && !ReferenceEquals(Expr.Unparen(a.Rhs[0]), recv)) return null;
        for (var j = 0; j < i; j++)
            if (ancestors[j] is FuncLit) return null;
        return ancestors[i - 4] as SelectStmt;
    }

    /// <summary>A case of the select that becomes ready without the sender: a context's Done, time.After, a timer's
    /// or ticker's C; with how the message names it.</summary>
    private static (Node At, string Trigger)? WayOut(Pass pass, SelectStmt select)
    {
        foreach (var st in select.Body.List)
        {
            var received = st switch
            {
                CommClause { Comm: ExprStmt { X: var x } } => x,
                CommClause { Comm: AssignStmt { Rhs: [var x] } } => x,
                _ => null,
            };
            if (received == null || Expr.Unparen(received) is not UnaryExpr { Op: Token.Arrow } u) continue;
            var from = Expr.Unparen(u.X);
            if (from is CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: var ctx }, Args.Count: 0 } && IsContext(pass.Info.TypeOf(ctx)))
                return (st, Text(ctx) + ".Done()");
            if (from is CallExpr call && Calls.Callee(pass.Info, call)?.FullName == "time.After") return (st, "time.After");
            if (from is SelectorExpr { Sel.Name: "C", X: var t } && pass.Info.TypeOf(t) is PointerType { Elem: NamedType { Obj: { Name: "Timer" or "Ticker", Pkg.Path: "time" } } })
                return (st, Text(t) + ".C");
        }
        return null;
    }

    private static bool IsContext(GoType? t) => t is NamedType { Obj: { Name: "Context", Pkg.Path: "context" } };

    /// <summary>Whether a struct type declared in the package has a field that is a map or slice of channels: the
    /// check costs nothing for the packages without one.</summary>
    private static bool DeclaresChannelContainer(Pass pass)
    {
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls)
                if (d is GenDecl { Tok: Token.Type } g)
                    foreach (var spec in g.Specs)
                        if (spec is TypeSpec { Type: Syntax.Ast.StructType st })
                            foreach (var field in st.Fields.List)
                                if (field.Names.Count > 0 && pass.Info.ObjectOf(field.Names[0])?.Type.Underlying is MapType { Elem.Underlying: ChanType } or SliceType { Elem.Underlying: ChanType })
                                    return true;
        return false;
    }

    /// <summary>A channel expression as written, for the forms this check names (a variable, fields, an index).</summary>
    private static string Text(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => Text(sel.X) + "." + sel.Sel.Name,
        IndexExpr ix => Text(ix.X) + "[" + Text(ix.Index) + "]",
        BasicLit lit => lit.Value,
        _ => "…",
    };
}
