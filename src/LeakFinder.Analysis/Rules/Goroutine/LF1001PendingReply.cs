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
/// LF1001 for a reply channel handed over through a field: a caller makes an unbuffered channel, registers it in a map
/// or slice field (`c.pending[id] = ch`, `c.waiters = append(c.waiters, ch)`) or sends it on a channel of channels
/// (`s.reqs &lt;- reply`), and waits for it only in a select that also leaves on a timeout or its context; another
/// function (a read loop, a dispatcher, a server loop, a shutdown failing every waiter) takes the channel from the
/// field and sends on it outside any select. Once the caller has left, nothing receives that channel's value: the
/// send waits for ever, with whatever lock it holds (the caller, on its way out, often waits for that same lock to
/// unregister). The fix is a reply channel with room for its one reply (`make(chan T, 1)`), or a send in a select.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>Where a caller registers its reply channel in the field, and the select case through which it leaves.</summary>
    private sealed record PendingWait(FuncDecl Waiter, Node Stored, string Field, Node Leaves, string Trigger);

    /// <summary>What one walk of the package finds about reply channels handed over through fields.</summary>
    private sealed class ReplyHandOffs
    {
        /// <summary>Per field class (`client.pending[]`, `server.reqs<-`): the first caller's wait, or null once one
        /// store is not such a wait.</summary>
        public readonly Dictionary<string, PendingWait?> Waits = new(StringComparer.Ordinal);
        /// <summary>Variables that hold a channel read from a field class (`ch := c.pending[id]`, `for r := range s.reqs`).</summary>
        public readonly Dictionary<Var, string> Read = new(ReferenceEqualityComparer.Instance);
        public readonly HashSet<Var> Reassigned = new(ReferenceEqualityComparer.Instance);
        /// <summary>Sends outside any select on a channel that may be read from a field: the class, or the variable.</summary>
        public readonly List<(SendStmt Send, string? Class, Var? Variable)> Sends = [];
    }

    private static void CheckPendingReplies(Pass pass)
    {
        if (!DeclaresChannelContainer(pass)) return;
        var found = new ReplyHandOffs();
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl decl) CollectHandOffs(pass, decl, fn.Body, found); // literals are walked inside their declaration
        foreach (var (send, cls, variable) in found.Sends)
        {
            var c = cls ?? (variable != null && !found.Reassigned.Contains(variable) ? found.Read.GetValueOrDefault(variable) : null);
            if (c == null || found.Waits.GetValueOrDefault(c) is not { } wait) continue;
            var waiter = wait.Waiter.Name.Name;
            pass.Report(send, $"this send on {Text(send.Chan)} blocks for ever once {waiter} has stopped waiting: {waiter} hands an unbuffered channel over through {wait.Field} (line {pass.Line(wait.Stored)}) and receives from it only in a select that also leaves when {wait.Trigger} fires (line {pass.Line(wait.Leaves)}), after which nothing receives what this sends; give the reply channel room for its reply (make(chan T, 1)) or send in a select",
                new RelatedLocation(pass.Span(wait.Stored), $"{waiter} hands its reply channel over here"),
                new RelatedLocation(pass.Span(wait.Leaves), $"{waiter} can stop waiting here"));
        }
    }

    private static void CollectHandOffs(Pass pass, FuncDecl decl, BlockStmt body, ReplyHandOffs found)
    {
        var info = pass.Info;
        void Stored(string cls, Expr value, Node at, Expr container)
        {
            // The class without its `[]` or `<-`: other packages may receive from an exported field.
            if (pass.ExportedOutside(cls[..^2], last: true)) { found.Waits[cls] = null; return; }
            var wait = Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var { IsField: false } ch && Channels.UnbufferedMake(pass, body, ch) != null
                ? WaitsWithWayOut(pass, decl, ch, id, at, container)
                : null;
            if (!found.Waits.TryGetValue(cls, out var first)) found.Waits[cls] = wait;
            else if (first != null && wait == null) found.Waits[cls] = null;
        }
        void ReadInto(Expr target, string cls)
        {
            if (Expr.Unparen(target) is Ident id && info.Defs.GetValueOrDefault(id) is Var v) found.Read[v] = cls;
        }
        bool Visit(Node? n)
        {
            switch (n)
            {
                case CommClause cc:
                    // A case's send or receive: a store or a read, never a wait of its own.
                    if (cc.Comm is SendStmt { Chan: var caseChan, Value: var caseValue } cs && ChannelOfChannels(info, caseChan) is { } caseClass) Stored(caseClass, caseValue, cs, caseChan);
                    else if (cc.Comm is AssignStmt { Tok: Token.Define, Lhs: [var l, ..], Rhs: [var r] } && Expr.Unparen(r) is UnaryExpr { Op: Token.Arrow } u && ChannelOfChannels(info, u.X) is { } received) ReadInto(l, received);
                    foreach (var st in cc.Body) Walker.Inspect(st, Visit);
                    return false;
                case SendStmt send:
                    if (ChannelOfChannels(info, send.Chan) is { } stored) Stored(stored, send.Value, send, send.Chan);
                    var chan = Expr.Unparen(send.Chan);
                    if (chan is IndexExpr ix && ChannelElements.ContainerClass(info, ix.X) is { } ic) found.Sends.Add((send, ic, null));
                    else if (chan is Ident id && info.ObjectOf(id) is Var { IsField: false } v) found.Sends.Add((send, null, v));
                    return true;
                case RangeStmt { Tok: Token.Define } r:
                    if (ChannelElements.ContainerClass(info, r.X) is { } rc && r.Value != null) ReadInto(r.Value, rc);
                    else if (ChannelOfChannels(info, r.X) is { } rcc && r.Key != null) ReadInto(r.Key, rcc);
                    return true;
                case AssignStmt a:
                    if (a.Tok == Token.Define && a.Rhs.Count == 1 && a.Lhs.Count is 1 or 2)
                    {
                        var rhs = Expr.Unparen(a.Rhs[0]);
                        if (rhs is IndexExpr rix && ChannelElements.ContainerClass(info, rix.X) is { } dc) ReadInto(a.Lhs[0], dc);
                        else if (rhs is UnaryExpr { Op: Token.Arrow } ru && ChannelOfChannels(info, ru.X) is { } dcc) ReadInto(a.Lhs[0], dcc);
                    }
                    if (a.Lhs.Count != a.Rhs.Count) return true;
                    for (var i = 0; i < a.Lhs.Count; i++)
                    {
                        var lhs = Expr.Unparen(a.Lhs[i]);
                        if (a.Tok != Token.Define && lhs is Ident assigned && info.ObjectOf(assigned) is Var av) found.Reassigned.Add(av);
                        if (lhs is IndexExpr slot && ChannelElements.ContainerClass(info, slot.X) is { } sc) Stored(sc, a.Rhs[i], a, slot.X);
                        else if (ChannelElements.ContainerClass(info, lhs) is { } lc && Expr.Unparen(a.Rhs[i]) is CallExpr call && Calls.BuiltinName(info, call) == "append" && !call.Ellipsis.IsValid)
                            foreach (var added in call.Args.Skip(1)) Stored(lc, added, a, lhs);
                    }
                    return true;
                default:
                    return true;
            }
        }
        Walker.Inspect(body, Visit);
    }

    /// <summary>`Type.field<-` for a channel field whose elements are channels (a server's queue of reply channels), or null.</summary>
    private static string? ChannelOfChannels(TypeInfo info, Expr e) =>
        Expr.Unparen(e) is SelectorExpr && info.TypeOf(e)?.Underlying is ChanType { Elem.Underlying: ChanType } && LockPaths.Of(info, e)?.Class is { } cls ? cls + "<-" : null;

    /// <summary>
    /// The wait of a caller on the channel it registers, when every use of the channel in the caller is its make, the
    /// store, or a receive that is a select's case (not inside a literal), and one such select has a case that leaves
    /// on its own: `ctx.Done()`, `time.After(d)`, a timer's or ticker's C. Null for anything else (a plain receive,
    /// a drain after the timeout, the channel passed or captured).
    /// </summary>
    private static PendingWait? WaitsWithWayOut(Pass pass, FuncDecl decl, Var ch, Ident stored, Node store, Expr container)
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
                leaves ??= WayOut(pass, select, ancestors);
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

    /// <summary>A case of the select that becomes ready without the sender (a context's Done, time.After, a timer's or
    /// ticker's C) and then leaves the wait: a return in the case, or a select in no loop of its function (a loop that
    /// selects again after its timer fired keeps receiving); with how the message names it.</summary>
    private static (Node At, string Trigger)? WayOut(Pass pass, SelectStmt select, IReadOnlyList<Node> ancestors)
    {
        var inLoop = false;
        for (var i = ancestors.Count - 1; i >= 0 && ancestors[i] is not FuncLit; i--)
            inLoop |= ancestors[i] is ForStmt or RangeStmt;
        foreach (var st in select.Body.List)
        {
            if (st is not CommClause cc) continue;
            var received = cc.Comm switch
            {
                ExprStmt { X: var x } => x,
                AssignStmt { Rhs: [var x] } => x,
                _ => null,
            };
            if (received == null || Expr.Unparen(received) is not UnaryExpr { Op: Token.Arrow } u) continue;
            if (inLoop && !cc.Body.Any(b => Walker.Any(b, n => n is ReturnStmt, intoLiterals: false))) continue;
            var from = Expr.Unparen(u.X);
            if (from is CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: var ctx }, Args.Count: 0 } && Channels.IsContext(pass.Info.TypeOf(ctx)))
            {
                if (NeverDone(pass, cc)) continue; // a context that is never done: no way out
                return (st, Text(ctx) + ".Done()");
            }
            if (from is CallExpr call && Calls.Callee(pass.Info, call)?.FullName == "time.After") return (st, "time.After");
            if (from is SelectorExpr { Sel.Name: "C", X: var t } && pass.Info.TypeOf(t) is PointerType { Elem: NamedType { Obj: { Name: "Timer" or "Ticker", Pkg.Path: "time" } } })
                return (st, Text(t) + ".C");
        }
        return null;
    }

    /// <summary>Whether a struct type declared in the package has a field that is a map, slice or channel of channels: the
    /// check costs nothing for the packages without one.</summary>
    private static bool DeclaresChannelContainer(Pass pass)
    {
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls)
                if (d is GenDecl { Tok: Token.Type } g)
                    foreach (var spec in g.Specs)
                        if (spec is TypeSpec { Type: Syntax.Ast.StructType st })
                            foreach (var field in st.Fields.List)
                                if (field.Names.Count > 0 && pass.Info.ObjectOf(field.Names[0])?.Type.Underlying is MapType { Elem.Underlying: ChanType } or SliceType { Elem.Underlying: ChanType } or ChanType { Elem.Underlying: ChanType })
                                    return true;
        return false;
    }

    /// <summary>A channel expression as written, for the forms this check names (a variable, fields, an index).</summary>
    private static string Text(Expr e) => ExprText.Path(e) ?? "…";
}
