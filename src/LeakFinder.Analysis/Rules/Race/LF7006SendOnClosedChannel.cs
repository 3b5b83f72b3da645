using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7006: a channel closed while a goroutine may still send on it, with nothing ordering the close after the
/// last send: a Stop or Close method closing a channel field a worker started by Start sends on, or a function
/// closing a local channel its goroutines send on without waiting for them (first answer wins, a timeout).
/// A send on a closed channel panics. Docs: docs/rules/LF7006.md.
/// </summary>
public sealed class LF7006SendOnClosedChannel : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7006", "send-on-closed-channel", RuleCategory.Race, Severity.Error,
        "A channel may be closed while another goroutine still sends on it")
    {
        Since = "0.5",
        Summary = "a channel closed by Stop/Close or by the starter while a goroutine that sends on it may still run, with no Wait, drain or lock before the close",
    };

    /// <summary>A goroutine: its go statement, and the code it runs (its literal or method, and the package's functions they call).</summary>
    private sealed record Goroutine(GoStmt Go, IReadOnlyList<Node> Code);

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [SharedAccess.StartsAnalysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        // Both checks report at a close call.
        if (!pass.UsesBuiltin("close")) return;
        var decls = SharedAccess.Declarations(pass);
        CheckFields(pass, decls);
        foreach (var start in SharedAccess.Starts(pass, errgroups: true)) CheckLocal(pass, start);
    }

    // --- A channel field closed by one method while a goroutine of the package sends on it.

    private static void CheckFields(Pass pass, Dictionary<Func, FuncDecl> decls)
    {
        var goroutines = Goroutines(pass, decls);
        if (goroutines.Count == 0) return;
        // Per field class (`Server.out`): the goroutines that send on it (and never close it), and one of their sends.
        var senders = new Dictionary<string, List<(Goroutine G, SendStmt Send)>>(StringComparer.Ordinal);
        foreach (var g in goroutines)
        {
            if (g.Code.Any(c => MayGuardSends(pass, c))) continue;
            var closed = new HashSet<string>(StringComparer.Ordinal);
            var sends = new Dictionary<string, SendStmt>(StringComparer.Ordinal);
            foreach (var c in g.Code)
                pass.Info.Nodes.Inspect(c, NodeKinds.SendStmt | NodeKinds.CallExpr, n =>
                {
                    if (n is SendStmt s && FieldClass(pass, s.Chan) is { } cls && OnReceiver(pass, s.Chan, EnclosingDecl(pass, s))) sends.TryAdd(cls, s);
                    if (Closed(pass, n) is { } arg && FieldClass(pass, arg) is { } closedCls) closed.Add(closedCls);
                    return true;
                });
            foreach (var (cls, send) in sends)
                if (!closed.Contains(cls)) (senders.TryGetValue(cls, out var l) ? l : senders[cls] = []).Add((g, send));
        }
        if (senders.Count == 0) return;

        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl closer) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, (n, above) =>
            {
                if (Closed(pass, n) is not { } arg || FieldClass(pass, arg) is not { } cls) return true;
                var call = (CallExpr)n;
                var ancestors = above.ToList();
                // Through the closer's own receiver, unconditionally: a close under a check (a closing flag the sender
                // sets on its way out, a nil check) may be what orders it; another object's field is another channel.
                if (!OnReceiver(pass, arg, closer) || Conditional(ancestors)) return true;
                var within = ancestors.LastOrDefault(a => a is FuncLit) is FuncLit lit ? lit.Body : closer.Body!;
                if (!senders.TryGetValue(cls, out var list) || WaitsBefore(pass, within, call)) return true;
                // The goroutine's own code closing (its exit path) is the sole sender closing; a close before the go statement precedes it.
                var other = list.Find(s => !s.G.Code.Any(c => Encloses(c, call)) && !(Encloses(closer, s.G.Go) && s.G.Go.Pos().Value > call.Pos().Value));
                if (other == default) return true;
                var sender = EnclosingName(pass, other.G.Go);
                pass.Report(call, $"{closer.Name.Name} closes {Text(arg)} while the goroutine {sender} starts (line {pass.Line(other.G.Go)}) may still send on it (line {pass.Line(other.Send)}): nothing orders the close after that goroutine's last send (no Wait for it, no receive that drains it), and a send on a closed channel panics; wait for the senders before closing (wg.Wait() then close), let the sole sender close it, or stop the senders through a separate channel and leave this one open",
                    new RelatedLocation(pass.Span(other.Send), "the goroutine sends here"),
                    new RelatedLocation(pass.Span(other.G.Go), "the goroutine is started here"));
                return true;
            });
        }
    }

    /// <summary>Every goroutine the package starts on a literal or on one of its own functions, with the code it runs.</summary>
    private static List<Goroutine> Goroutines(Pass pass, Dictionary<Func, FuncDecl> decls)
    {
        var found = new List<Goroutine>();
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, NodeKinds.GoStmt, n => n is GoStmt)) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.GoStmt, n =>
            {
                if (n is FuncLit) return false;
                if (n is not GoStmt go) return true;
                Node? body = go.Call.Fun is FuncLit lit ? lit.Body
                    : Calls.Callee(pass.Info, go.Call) is { } f && decls.TryGetValue(f, out var d) ? d.Body : null;
                if (body != null) found.Add(new Goroutine(go, [body, .. SharedAccess.CalledFrom(pass, body, decls).Select(d => (Node)d.Body!)]));
                return false;
            });
        }
        return found;
    }

    /// <summary>The class (`Server.out`) of a channel field reached through a selector; null for anything else.</summary>
    private static string? FieldClass(Pass pass, Expr e) =>
        Expr.Unparen(e) is SelectorExpr s && pass.Info.TypeOf(s)?.Underlying is ChanType && pass.Info.Selections.TryGetValue(s, out var sel)
        && sel.Kind == SelectionKind.FieldVal && LockPaths.Of(pass.Info, s) is { Class: { } cls } ? cls : null;

    /// <summary>Whether the closer does anything before the close (in its own statements) that may wait for the
    /// senders: a Wait, a receive, a send, a select, a lock, a range over a channel.</summary>
    private static bool WaitsBefore(Pass pass, Node body, CallExpr close) =>
        pass.Info.Nodes.Any(body, NodeKinds.UnaryExpr | NodeKinds.SendStmt | NodeKinds.SelectStmt | NodeKinds.RangeStmt | NodeKinds.CallExpr, n => n.End().Value <= close.Pos().Value && n switch
        {
            UnaryExpr { Op: Token.Arrow } or SendStmt or SelectStmt => true,
            RangeStmt r => pass.Info.TypeOf(r.X)?.Underlying is ChanType,
            CallExpr c => Handoffs.IsLockCall(pass, c) || Handoffs.IsWait(c),
            _ => false,
        }, intoLiterals: false);

    /// <summary>The channel a `close(ch)` call closes; null for any other node.</summary>
    private static Expr? Closed(Pass pass, Node? n) =>
        n is CallExpr { Args: [var a] } c && Calls.BuiltinName(pass.Info, c) == "close" ? a : null;

    private static bool Closes(Pass pass, Node? n, Var ch) =>
        Closed(pass, n) is { } a && Expr.Unparen(a) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch);

    /// <summary>A sender that locks (a closed flag checked under the closer's mutex) or recovers may have made
    /// its sends safe: not modelled, so silent.</summary>
    private static bool MayGuardSends(Pass pass, Node code) =>
        SharedAccess.LocksAnywhere(pass, code) || pass.Info.Nodes.Any(code, NodeKinds.CallExpr, n => n is CallExpr c && Calls.BuiltinName(pass.Info, c) == "recover");

    private static bool Encloses(Node outer, Node inner) => outer.Pos().Value <= inner.Pos().Value && inner.End().Value <= outer.End().Value;

    private static string EnclosingName(Pass pass, Node at) => EnclosingDecl(pass, at)?.Name.Name ?? "a function";

    private static FuncDecl? EnclosingDecl(Pass pass, Node at) => pass.ResultOf(FunctionLookup.Analysis).EnclosingDeclaration(at);

    /// <summary>Whether the channel is a field of the method's own receiver (`s.out` in a method of s, or in a
    /// literal inside one): the sender and the closer then name one object, the value the methods run on.</summary>
    private static bool OnReceiver(Pass pass, Expr ch, FuncDecl? method) =>
        method != null && Expr.Unparen(ch) is SelectorExpr { X: var x } && Expr.Unparen(x) is Ident id
        && RunLoops.ReceiverOf(pass.Info, method) is { } recv && ReferenceEquals(pass.Info.ObjectOf(id), recv);

    /// <summary>Whether the innermost function around the node runs it only under a condition (an if, a switch
    /// or select case).</summary>
    private static bool Conditional(IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0 && ancestors[i] is not (FuncLit or FuncDecl); i--)
            if (ancestors[i] is IfStmt or CaseClause or CommClause) return true;
        return false;
    }

    private static string Text(Expr e) => ExprText.Path(e) ?? "the channel";

    // --- A local channel closed by the function whose goroutines send on it.

    private static void CheckLocal(Pass pass, SharedAccess.Start start)
    {
        if (MayGuardSends(pass, start.Lit)) return;
        foreach (var send in SendsOnCaptured(pass, start.Lit))
        {
            var ch = (Var)pass.Info.ObjectOf((Ident)Expr.Unparen(send.Chan))!;
            if (ClosesIn(pass, start.Lit, ch) || start.Function is not (FuncDecl or FuncLit)) continue;
            var body = start.Function is FuncDecl fd ? (Node)fd.Body! : ((FuncLit)start.Function).Body;
            if (FirstUnorderedClose(pass, body, start, send, ch) is not { } close) continue;
            pass.Report(close, $"{ch.Name} is closed here while the goroutine started at line {pass.Line(start.Stmt)} may still send on it (line {pass.Line(send)}): nothing between the start and the close waits for every send (a Wait, a loop draining {ch.Name}), and a send on a closed channel panics; wait for the senders before closing (wg.Wait() then close), or leave {ch.Name} open and let the garbage collector take it",
                new RelatedLocation(pass.Span(send), "the goroutine sends here"),
                new RelatedLocation(pass.Span(start.Stmt), "the goroutine is started here"));
            return;
        }
    }

    /// <summary>The literal's sends on a local channel of its starter (a variable it captures, not a parameter).</summary>
    private static List<SendStmt> SendsOnCaptured(Pass pass, FuncLit lit)
    {
        var found = new List<SendStmt>();
        pass.Info.Nodes.Inspect(lit.Body, NodeKinds.SendStmt, n =>
        {
            if (n is SendStmt s && Expr.Unparen(s.Chan) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } v
                && !LockPaths.IsGlobal(v) && !SharedAccess.Inside(v, lit) && !found.Exists(f => ReferenceEquals(pass.Info.ObjectOf((Ident)Expr.Unparen(f.Chan)), v))) found.Add(s);
            return true;
        });
        return found;
    }

    private static bool ClosesIn(Pass pass, Node node, Var ch) =>
        pass.Info.Nodes.Any(node, NodeKinds.CallExpr, n => Closes(pass, n, ch));

    /// <summary>The starter's close of the channel (its own statements; a deferred close anywhere) with nothing
    /// between the start and it that waits for every send: a Wait, a lock, a range over a channel, a loop that
    /// receives; for one goroutine sending once, a plain receive (not a select case beside a timeout).</summary>
    private static CallExpr? FirstUnorderedClose(Pass pass, Node body, SharedAccess.Start start, SendStmt send, Var ch)
    {
        var once = (start.Loop == null || !SharedAccess.ManyGoroutines(pass, start)) && !Walker.Any(start.Lit.Body, n => n is ForStmt or RangeStmt && Encloses(n, send));
        CallExpr? found = null;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (found != null || n is FuncLit) return false;
            if (!Closes(pass, n, ch)) return true;
            var c = (CallExpr)n;
            var deferred = ancestors.Count > 0 && ancestors[^1] is DeferStmt;
            if (Conditional(ancestors)) return true;
            if (!deferred && c.Pos().Value < start.Stmt.End().Value) return true;
            // Closing in the loop that starts the senders, or in a later iteration's path, is not this shape.
            if (start.Loop != null && Encloses(start.Loop, c)) return true;
            var until = deferred ? body.End().Value : c.Pos().Value;
            if (!Drains(pass, body, start.Stmt.End().Value, until, once)) found = c;
            return true;
        });
        return found;
    }

    private static bool Drains(Pass pass, Node body, int from, int until, bool once)
    {
        bool Between(Node n) => n.Pos().Value >= from && n.End().Value <= until;
        return Walker.Any(body, n => Between(n) && n switch
        {
            CallExpr c => Handoffs.IsLockCall(pass, c) || Handoffs.IsWait(c),
            RangeStmt r => pass.Info.TypeOf(r.X)?.Underlying is ChanType || Walker.Any(r.Body, IsReceive, intoLiterals: false),
            ForStmt f => Walker.Any(f.Body, IsReceive, intoLiterals: false),
            UnaryExpr { Op: Token.Arrow } when once => !InMultiCaseSelect(body, n),
            _ => false,
        }, intoLiterals: false);

        static bool IsReceive(Node n) => n is UnaryExpr { Op: Token.Arrow } or SelectStmt;
    }

    /// <summary>Whether the receive is the communication of a select case that has other cases (a timeout, a cancel).</summary>
    private static bool InMultiCaseSelect(Node body, Node recv) =>
        Walker.Any(body, n => n is SelectStmt s && Encloses(s, recv) && s.Body.List.Count > 1
            && s.Body.List.OfType<CommClause>().Any(cc => cc.Comm != null && Encloses(cc.Comm, recv)), intoLiterals: false);
}
