using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1013: a wake-up ("poke", "kick") sent with `select { case ch &lt;- struct{}{}: default: }` on an unbuffered
/// channel whose only receiver is one long-lived loop goroutine that works between its receives: a poke sent while
/// the loop works finds nobody at the receive and is dropped, and the work it announced waits for a poke that may
/// never come. The fix is a buffer of one. Silent unless every make of the channel is unbuffered, every send on it
/// is such a poke with an empty default (a default that does something else is a hand-off to an idle worker), its
/// value is a pure signal, nothing else receives, closes or is handed the channel, and the loop neither polls
/// (a ticker or timer case, a default) nor is one of a pool. Docs: docs/rules/LF1013.md.
/// </summary>
public sealed class LF1013DroppedWakeup : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1013", "wakeup-dropped", RuleCategory.GoroutineLeak, Severity.Warning,
        "A non-blocking send on an unbuffered channel drops the wake-up its busy loop needs")
    {
        Since = "1.2",
        Summary = "a wake-up sent with `select { case ch <- struct{}{}: default: }` on an unbuffered channel whose only receiver is a loop goroutine that works between its receives: a wake-up sent while it works is dropped, and the work it announced waits (buffer the channel by one)",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis, FunctionLookup.Analysis];

    /// <summary>A send in a select whose only other clause is an empty default, in a function declaration (In), and the
    /// innermost function (In or a literal in it) whose statement the select is.</summary>
    private sealed record Poke(SendStmt Send, SelectStmt Select, FuncDecl In, Node Function);

    /// <summary>The loop that receives a channel: the function it runs in (a method started as a goroutine, or a
    /// goroutine literal), the loop statement, where it is started, and the first work it does between receives.</summary>
    private sealed record Receiver(Node Function, Stmt Loop, GoStmt Start, Node Work);

    public override void Run(Pass pass)
    {
        var pokes = Pokes(pass);
        if (pokes.Count == 0) return;
        var byField = new Dictionary<string, List<Poke>>(StringComparer.Ordinal);
        var byLocal = new Dictionary<Var, List<Poke>>(ReferenceEqualityComparer.Instance);
        foreach (var p in pokes)
        {
            if (LockPaths.Of(pass.Info, p.Send.Chan) is { Class: { } cls, Fields.Length: > 0 })
                (byField.TryGetValue(cls, out var l) ? l : byField[cls] = []).Add(p);
            else if (Expr.Unparen(p.Send.Chan) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } v)
                (byLocal.TryGetValue(v, out var l) ? l : byLocal[v] = []).Add(p);
        }
        foreach (var (cls, group) in byField) CheckField(pass, cls, group);
        foreach (var (v, group) in byLocal) CheckLocal(pass, v, group);
    }

    private static List<Poke> Pokes(Pass pass)
    {
        var found = new List<Poke>();
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl || (pass.Info.Nodes.KindsUnder(fn.Body) & NodeKinds.SelectStmt) == 0) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.SelectStmt, (n, ancestors) =>
            {
                if (n is SelectStmt sel && PokeSend(sel) is var (send, clause) && !Retried(clause, ancestors))
                {
                    Node function = decl;
                    for (var up = 1; ancestors.Up(up) is { } a; up++)
                        if (a is FuncLit lit) { function = lit; break; }
                    found.Add(new Poke(send, sel, decl, function));
                }
                return true;
            });
        }
        return found;
    }

    /// <summary>`select { case ch &lt;- v: ...; default: }`: two clauses, a send and a default with no statement (a comment
    /// is none). A default that does anything (spawns a worker, queues elsewhere, counts) is not a plain drop.</summary>
    private static (SendStmt, CommClause)? PokeSend(SelectStmt sel)
    {
        if (sel.Body.List.Count != 2 || sel.Body.List[0] is not CommClause a || sel.Body.List[1] is not CommClause b) return null;
        var (send, dflt) = a.Comm is SendStmt ? (a, b) : (b, a);
        if (send.Comm is not SendStmt s || dflt.Comm != null || dflt.Body.Any(st => st is not EmptyStmt)) return null;
        return (s, send);
    }

    /// <summary>A poke in a loop whose send case leaves it (return, goto, a labelled break): the sender tries again
    /// until the loop takes it, so nothing is dropped for good.</summary>
    private static bool Retried(CommClause send, NodeIndex.Ancestors ancestors)
    {
        var inLoop = false;
        for (var up = 1; ancestors.Up(up) is { } a and not (FuncLit or FuncDecl); up++)
            if (a is ForStmt or RangeStmt) inLoop = true;
        return inLoop && send.Body.Any(st => Walker.Any(st, n => n is ReturnStmt or BranchStmt { Tok: Token.Goto } or BranchStmt { Tok: Token.Break, Label: not null }, intoLiterals: false));
    }

    private static void CheckField(Pass pass, string cls, List<Poke> pokes)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        if (!model.Fields.TryGetValue(cls, out var use)) return;
        // Every value the field is given is an unbuffered make of the package; it is never closed (a broadcast), handed
        // out or reachable from another package (which could serve it, buffer it or send on it plainly).
        if (!use.Unbuffered || !use.MadeHere || use.Closed || use.ReceiveSites.Count == 0 || pass.ExportedOutside(cls)) return;
        var sends = new HashSet<SendStmt>(pokes.Select(p => p.Send), ReferenceEqualityComparer.Instance);
        if (use.SendSites.Any(s => !sends.Contains(s))) return;
        if (!pokes.Any(p => Announces(pass, p)) || ReceiverOf(pass, use.ReceiveSites) is not { } receiver) return;
        Report(pass, pokes, use.Values, receiver);
    }

    private static void CheckLocal(Pass pass, Var ch, List<Poke> pokes)
    {
        var decl = pokes[0].In;
        if (decl.Body is not { } body || ch.Pos < body.Lbrace.Value || ch.Pos >= body.End().Value) return;
        if (Channels.ConstantBufferMake(pass, body, ch) is not (0, _)) return;
        // Closed, passed, stored: others may serve or buffer it.
        var uses = LocalChannelUses.Of(pass.Info, body, ch);
        if (uses.Escapes || uses.Closed || uses.Receives.Count == 0 || uses.Sends.Count != pokes.Count || pokes.Any(p => !uses.Sends.Contains(p.Send))) return;
        if (!pokes.Any(p => Announces(pass, p)) || ReceiverOf(pass, uses.Receives) is not { } receiver) return;
        var value = LocalValues.Of(pass.Info, body, ch)?.Paired;
        Report(pass, pokes, value != null ? [value] : [], receiver);
    }

    /// <summary>Whether the wake-up announces work the sender recorded: before the select, its function writes state the
    /// loop can read (a field, an element, a variable declared outside the function), takes a lock or stores an
    /// atomic. A bare event with nothing recorded (a render callback nudging a loop that aborts a bar) loses no work
    /// when dropped: the loop's last run already did what the event asked for, or the event comes again. A poke
    /// helper (a function that is only the select, or a literal run in place) is judged at its callers.</summary>
    private static bool Announces(Pass pass, Poke poke)
    {
        if (Records(pass, poke.Function, poke.Select.Pos().Value)) return true;
        var body = poke.Function is FuncLit l ? l.Body : poke.In.Body!;
        if (poke.Function is FuncLit lit)
        {
            // A literal called in place (`defer func() { select ... }()`): its function's statements count, all of
            // them (a deferred one runs last).
            return body.List.Count == 1 && AncestorsOf(pass, poke.In.Body!, lit) is { Count: >= 1 } up && up[^1] is CallExpr { Fun: var f } && ReferenceEquals(Expr.Unparen(f), lit)
                   && Records(pass, up.LastOrDefault(n => n is FuncLit) ?? poke.In, int.MaxValue);
        }
        if (body.List.Count != 1 || pass.Info.ObjectOf(poke.In.Name) is not Func helper) return false;
        var announced = false;
        foreach (var fn in pass.Functions)
        {
            if (announced || fn.Function is not FuncDecl) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, (n, ancestors) =>
            {
                if (announced) return false;
                if (n is CallExpr call && ReferenceEquals(Calls.Callee(pass.Info, call), helper))
                {
                    Node caller = fn.Function;
                    for (var up = 1; ancestors.Up(up) is { } a; up++)
                        if (a is FuncLit outer) { caller = outer; break; }
                    announced = Records(pass, caller, call.Pos().Value);
                }
                return true;
            });
        }
        return announced;
    }

    /// <summary>Whether the function, before position `before` (not in its literals), writes state that outlives it or
    /// takes a lock or an atomic: `s.dirty[name] = true`, `pending = append(pending, e)` of a captured slice, `s.n++`,
    /// `s.mu.Lock()`, `atomic.StoreInt32(&amp;s.flag, 1)`.</summary>
    private static bool Records(Pass pass, Node function, int before)
    {
        var body = function is FuncLit lit ? lit.Body : ((FuncDecl)function).Body!;
        var (from, to) = (function.Pos().Value, function.End().Value);
        bool Outlives(Expr lhs)
        {
            switch (Expr.Unparen(lhs))
            {
                case SelectorExpr s when pass.Info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal:
                    return true;
                case SelectorExpr s: // a package's variable
                    return pass.Info.ObjectOf(s.Sel) is Var;
                case IndexExpr ix:
                    return Outlives(ix.X);
                case StarExpr st:
                    return true;
                case Ident id when pass.Info.ObjectOf(id) is Var v:
                    // Declared outside the function, or captured by a literal of it (the loop goroutine's).
                    return v.Pos < from || v.Pos >= to
                           || pass.Info.Nodes.Any(body, NodeKinds.FuncLit, l => pass.Info.Nodes.Any(l, NodeKinds.Ident, u => u is Ident r && ReferenceEquals(pass.Info.ObjectOf(r), v)));
                default:
                    return false;
            }
        }
        return pass.Info.Nodes.Any(body, NodeKinds.AssignStmt | NodeKinds.IncDecStmt | NodeKinds.CallExpr, n =>
            n.Pos().Value < before && n switch
            {
                AssignStmt { Tok: not Token.Define } a => a.Lhs.Any(Outlives),
                IncDecStmt d => Outlives(d.X),
                CallExpr c => Calls.Callee(pass.Info, c) is { } f && (f.Name is "Lock" or "RLock" && f.IsMethod || f.Pkg?.Path == "sync/atomic"),
                _ => false,
            }, intoLiterals: false);
    }

    /// <summary>The one loop receiving from the channel at every receive site: a goroutine (a method the package starts,
    /// or a `go func() {..}()` literal), started once (not in a loop: a pool's idle workers take a poke only when one is
    /// free, by design), that takes the value as a pure signal, neither polls (a select with a default, a ticker's or
    /// timer's channel anywhere in the loop) nor goes straight back to the receive. Null when any of it fails.</summary>
    private static Receiver? ReceiverOf(Pass pass, IReadOnlyList<Node> sites)
    {
        var lookup = pass.ResultOf(FunctionLookup.Analysis);
        var model = pass.ResultOf(RunLoops.Analysis);
        Receiver? found = null;
        foreach (var site in sites)
        {
            if (lookup.EnclosingDeclaration(site) is not { Body: { } declBody } decl || AncestorsOf(pass, declBody, site) is not { } anc) return null;
            var fl = anc.FindLastIndex(n => n is FuncLit);
            var loop = site as RangeStmt ?? (Stmt?)anc.Skip(fl + 1).LastOrDefault(n => n is ForStmt or RangeStmt);
            if (loop == null) return null;
            Node function;
            GoStmt start;
            if (fl >= 0)
            {
                // `go func() { for { ... } }()`, not itself in a loop.
                if (fl < 2 || anc[fl - 1] is not CallExpr call || !ReferenceEquals(Expr.Unparen(call.Fun), anc[fl]) || anc[fl - 2] is not GoStmt go) return null;
                var outer = anc.FindLastIndex(fl - 2, n => n is FuncLit);
                if (anc.Skip(outer + 1).Take(fl - 2 - outer - 1).Any(n => n is ForStmt or RangeStmt)) return null;
                (function, start) = (anc[fl], go);
            }
            else
            {
                if (model.Loops.FirstOrDefault(l => ReferenceEquals(l.Method, decl)) is not { } run || !Within(site, run.Loop)) return null;
                if (run.Starts.Any(s => StartedInLoop(pass, s.In.Body, s.Go))) return null;
                (function, start) = (decl, run.Starts[0].Go);
            }
            if (!PureSignal(pass, site, anc) || Polls(pass, loop, site, anc) || WorkBetweenReceives(pass, loop, site, anc) is not { } work) return null;
            if (found != null && !(ReferenceEquals(found.Function, function) && ReferenceEquals(found.Loop, loop))) return null;
            found ??= new Receiver(function, loop, start, work);
        }
        return found;
    }

    /// <summary>The element is struct{} or bool, or the receive drops the value (`&lt;-ch`, `_ = &lt;-ch`, `for range ch`).</summary>
    private static bool PureSignal(Pass pass, Node site, List<Node> anc)
    {
        var chan = site is RangeStmt r ? r.X : ((UnaryExpr)site).X;
        if (pass.Info.TypeOf(chan)?.Underlying is ChanType { Elem.Underlying: StructType { Fields.Count: 0 } or BasicType { Kind: BasicKind.Bool } }) return true;
        return site switch
        {
            RangeStmt rs => rs.Key is null or Ident { Name: "_" },
            _ => anc[^1] switch
            {
                ExprStmt => true,
                AssignStmt a => a.Lhs.Count > 0 && a.Lhs[0] is Ident { Name: "_" },
                _ => false,
            },
        };
    }

    /// <summary>The loop picks missed work up without a poke: the receive's select has a default (it spins), or the loop
    /// receives from a time.Time channel (a ticker's, a timer's, time.After) that wakes it anyway.</summary>
    private static bool Polls(Pass pass, Stmt loop, Node site, List<Node> anc)
    {
        if (SelectOf(site, anc) is { } sel && sel.Body.List.Any(c => c is CommClause { Comm: null })) return true;
        return pass.Info.Nodes.Any(loop, NodeKinds.UnaryExpr | NodeKinds.RangeStmt, n =>
            (n is UnaryExpr { Op: Token.Arrow } u ? u.X : n is RangeStmt rs ? rs.X : null) is { } ch
            && pass.Info.TypeOf(ch)?.Underlying is ChanType { Elem: NamedType { Obj: { Name: "Time", Pkg.Path: "time" } } }, intoLiterals: false);
    }

    /// <summary>The select whose case the receive is (`case &lt;-ch:` or `case v := &lt;-ch:`); null for a plain receive.</summary>
    private static SelectStmt? SelectOf(Node site, List<Node> anc) =>
        site is UnaryExpr && anc.Count >= 4 && anc[^2] is CommClause cc && ReferenceEquals(cc.Comm, anc[^1]) && anc[^4] is SelectStmt sel ? sel : null;

    /// <summary>The first work the loop does between two receives: a call that may take time (not a builtin, a conversion,
    /// a print, a lock, a timer's re-arming) or a plain send, in the receive's case, or anywhere else in the loop's body
    /// outside the select or statement that receives. Null when the loop goes straight back to its receive.</summary>
    private static Node? WorkBetweenReceives(Pass pass, Stmt loop, Node site, List<Node> anc)
    {
        IEnumerable<Stmt> stmts;
        if (ReferenceEquals(site, loop)) stmts = ((RangeStmt)loop).Body.List;
        else
        {
            var body = loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;
            var at = anc.IndexOf(body);
            var holder = at >= 0 && at + 1 < anc.Count ? anc[at + 1] : site; // the loop-body statement holding the receive
            var rest = body.List.Where(s => !ReferenceEquals(s, holder));
            stmts = SelectOf(site, anc) is { } && anc[^2] is CommClause cc ? cc.Body.Concat(rest) : rest;
        }
        foreach (var s in stmts)
        {
            Node? work = null;
            SendStmt? selected = null; // a send that is a select's case: it does not block on its own
            pass.Info.Nodes.Inspect(s, NodeKinds.CallExpr | NodeKinds.SendStmt | NodeKinds.FuncLit | NodeKinds.GoStmt | NodeKinds.DeferStmt | NodeKinds.CommClause, n =>
            {
                if (work != null || n is FuncLit or GoStmt or DeferStmt) return false;
                if (n is CommClause { Comm: SendStmt comm }) selected = comm;
                if (n is CallExpr call && IsWork(pass.Info, call) || n is SendStmt send && !ReferenceEquals(send, selected)) work = n;
                return work == null;
            });
            if (work != null) return work;
        }
        return null;
    }

    private static readonly HashSet<string> QuickPackages = new(StringComparer.Ordinal)
        { "fmt", "log", "log/slog", "errors", "strings", "strconv", "sync/atomic", "math", "unicode/utf8", "bytes" };

    /// <summary>Whether a call is work a poke can arrive during: not a builtin, a conversion, a print or log line, a
    /// mutex's Lock or Unlock, or a time value's accessors and a timer's Reset or Stop (re-arming, not work).</summary>
    private static bool IsWork(TypeInfo info, CallExpr call)
    {
        if (Calls.BuiltinName(info, call) != null || Calls.IsConversion(info, call)) return false;
        if (Calls.Callee(info, call) is not { } f) return true; // a func value: a hook, a callback
        if (Calls.IsStd(f.Pkg))
        {
            if (QuickPackages.Contains(f.Pkg!.Path)) return false;
            if (f.Pkg.Path == "time") return f.Name is "Sleep";
            if (f.Pkg.Path == "sync") return f.Name is "Wait" or "Do";
        }
        // A leveled logger's line (zap, logrus, klog) is no work either.
        return !(f.IsMethod && f.Name is "Debug" or "Debugf" or "Debugw" or "Info" or "Infof" or "Infow" or "Trace" or "Tracef" or "Printf" or "Println"
                 or "Warn" or "Warnf" or "Warning" or "Warningf" or "V");
    }

    private static bool StartedInLoop(Pass pass, BlockStmt body, GoStmt go) =>
        AncestorsOf(pass, body, go) is { } anc && anc.Skip(anc.FindLastIndex(n => n is FuncLit) + 1).Any(n => n is ForStmt or RangeStmt);

    /// <summary>The ancestors of a node under root, outermost first (root is [0]); null when the node is not under it.</summary>
    private static List<Node>? AncestorsOf(Pass pass, Node root, Node target)
    {
        List<Node>? found = null;
        pass.Info.Nodes.Inspect(root, target.NodeKind, (n, ancestors) =>
        {
            if (found != null) return false;
            if (ReferenceEquals(n, target)) found = ancestors.ToList();
            return true;
        });
        return found;
    }

    private static bool Within(Node n, Node outer) => n.Pos().Value >= outer.Pos().Value && n.End().Value <= outer.End().Value;

    private static void Report(Pass pass, List<Poke> pokes, IReadOnlyList<Expr> makes, Receiver receiver)
    {
        var first = pokes.MinBy(p => p.Send.Pos().Value)!.Send;
        var ch = FieldPath.Of(pass, first.Chan)?.Text ?? "the channel";
        var loop = receiver.Function is FuncDecl fd && RunLoops.ReceiverOf(pass.Info, fd) is { } recv
            ? $"the goroutine running {RunLoops.OwnerOf(recv)}.{fd.Name.Name}"
            : $"the goroutine loop at line {pass.Line(receiver.Function)}";
        var work = receiver.Work is CallExpr call ? FixSites.SimpleText(call.Fun) ?? "a call" : "a send";
        var elem = pass.Info.TypeOf(first.Chan)?.Underlying is ChanType t ? t.Elem.ToString() : "struct{}";
        var related = new List<RelatedLocation>
        {
            new(pass.Span(receiver.Work), $"{loop} works here between receives, deaf to a wake-up meanwhile"),
            new(pass.Span(receiver.Start), $"{loop} is started here"),
        };
        foreach (var m in makes) related.Add(new RelatedLocation(pass.Span(m), "made unbuffered here"));
        pass.Report(pass.Span(first),
            $"{ch} is unbuffered and every send on it is a non-blocking wake-up (a select with an empty default): one sent while {loop} is busy in {work} (line {pass.Line(receiver.Work)}) finds nobody at the receive and is dropped, so the work it announces waits for a wake-up that may never come; give the channel a buffer of one (make(chan {elem}, 1)), which keeps one wake-up pending",
            related);
    }
}
