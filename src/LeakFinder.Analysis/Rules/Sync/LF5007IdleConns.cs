using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007 through a conn: a server counts each connection handler in a WaitGroup (`s.wg.Add(1); go s.serveConn(conn)`
/// for every conn its listener accepts), the handler's Done is deferred, and it reads the conn in a loop (a line
/// protocol's `r.ReadString('\n')`, a decoder's Decode). A read waits until the client writes or the conn is closed
/// (<see cref="Conns"/>), so a Wait on that group (a Stop) returns only when every client has gone, unless the package
/// closes the conns it accepted or bounds the reads with a deadline. Reported only when every use of the accepted conn
/// in the package is seen: the handler's own reads, writes and deferred close, helpers of the package it is passed to,
/// and maps it is tracked in whose elements nothing reads back (a Stop ranging over the map to close them is the fix).
/// A conn handed to anything else, closed by another goroutine or a callback, or given a deadline leaves it silent.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckIdleConns(Pass pass)
    {
        if (!AcceptsConns(pass.Info)) return;
        var functions = pass.ResultOf(FunctionLookup.Analysis);
        var waits = new Dictionary<string, (CallExpr Call, FunctionBody In)>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.CallExpr, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is CallExpr call && Group(pass, call, "Wait") is { } g) waits.TryAdd(g, (call, fn));
                return true;
            });
        if (waits.Count == 0) return;
        foreach (var acceptor in pass.Functions)
            Walker.Inspect(acceptor.Body, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, acceptor.Function)) return false;
                if (n is AssignStmt { Lhs: [Ident lhs, ..], Rhs: [var rhs] } && Expr.Unparen(rhs) is CallExpr accept && Conns.IsAccept(pass.Info, accept)
                    && pass.Info.ObjectOf(lhs) is Var conn)
                    CheckAccepted(pass, functions, waits, acceptor, conn, accept);
                return true;
            });
    }

    private static bool AcceptsConns(TypeInfo info)
    {
        foreach (var sel in info.Selections.Values)
            if (sel.Obj is Func { Name: "Accept" or "AcceptTCP" or "AcceptUnix", Pkg.Path: "net" }) return true;
        return false;
    }

    /// <summary>The identity of the WaitGroup a `x.Method()` call is on: its field's class (`RelayServer.wg`), or a
    /// variable's key; null when it is no such call.</summary>
    private static string? Group(Pass pass, CallExpr call, string method) =>
        Expr.Unparen(call.Fun) is SelectorExpr sel && sel.Sel.Name == method && Calls.Callee(pass.Info, call)?.FullName == $"(*sync.WaitGroup).{method}"
        && LockPaths.Of(pass.Info, sel.X) is { } p ? p.Class ?? p.Key : null;

    /// <summary>One conn an acceptor gets from Accept: the goroutine it starts on it, counted by a group some function
    /// waits for, and every use of the conn.</summary>
    private static void CheckAccepted(Pass pass, FunctionLookup functions, Dictionary<string, (CallExpr Call, FunctionBody In)> waits, FunctionBody acceptor, Var conn, CallExpr accept)
    {
        var info = pass.Info;
        GoStmt? start = null;
        string? group = null;
        var ok = true;
        Walker.Inspect(acceptor.Body, n =>
        {
            if (!ok) return false;
            if (n is FuncLit && !ReferenceEquals(n, acceptor.Function)) return false;
            if (n is CallExpr add && n.Pos().Value > accept.End().Value && Group(pass, add, "Add") is { } g && add.Args is [BasicLit { Value: "1" }]) group = g;
            if (n is GoStmt go && Walker.Any(go.Call, x => x is Ident id && ReferenceEquals(info.ObjectOf(id), conn)))
            {
                // One goroutine per conn, counted by the Add just before it.
                if (start != null || group == null) ok = false;
                start = go;
                return false;
            }
            return true;
        });
        if (!ok || start == null || group == null || !waits.TryGetValue(group, out var wait)) return;
        // The handler's body, and what the conn is called there.
        FuncDecl? decl = null;
        BlockStmt? body;
        Var? inHandler;
        string handlerName;
        if (Expr.Unparen(start.Call.Fun) is FuncLit lit)
        {
            body = lit.Body;
            var at = start.Call.Args.IndexOf(start.Call.Args.FirstOrDefault(a => Expr.Unparen(a) is Ident id && ReferenceEquals(info.ObjectOf(id), conn))!);
            var ps = lit.Type.Params?.List.SelectMany(f => f.Names).Select(nm => info.Defs.GetValueOrDefault(nm) as Var).ToList() ?? [];
            inHandler = at >= 0 ? at < ps.Count ? ps[at] : null : conn;
            handlerName = $"the function literal at line {pass.Line(lit)}";
        }
        else if (Calls.Callee(info, start.Call) is { Signature.Variadic: false } callee && functions.DeclarationOf(callee) is { Function: FuncDecl fd } && fd.Body != null)
        {
            decl = fd;
            body = fd.Body;
            var at = start.Call.Args.IndexOf(start.Call.Args.FirstOrDefault(a => Expr.Unparen(a) is Ident id && ReferenceEquals(info.ObjectOf(id), conn))!);
            var ps = SummaryBuilder.ParamVars(fd, info);
            inHandler = at >= 0 && at < ps.Count ? ps[at] : null;
            handlerName = callee.Name;
        }
        else return;
        if (inHandler == null || !DefersDone(pass, body, group) || ReferenceEquals(wait.In.Body, body)) return;
        var uses = new ConnUses(pass, functions);
        // In the handler: its own flow, where the reads are; in the acceptor: everything but the go statement.
        uses.Walk(body, inHandler, 0, inLoop: false, acceptorStart: null);
        uses.Walk(acceptor.Body, conn, 0, inLoop: false, acceptorStart: start);
        if (uses.Unknown || uses.LoopRead == null || !uses.ContainersOnlyTrack()) return;
        var connText = inHandler.Name;
        pass.Report(wait.Call,
            $"{pass.FunctionName(wait.In.Function, NameOf(wait.In))} waits for {GroupText(wait.Call)}, which counts {handlerName} (started at line {pass.Line(start)} for each conn {pass.FunctionName(acceptor.Function, NameOf(acceptor))} accepts), "
            + $"whose Done is deferred until it returns, after its loop reading {connText} (line {pass.Line(uses.LoopRead)}); a read on a conn waits until the client sends or the conn is closed, "
            + "and nothing in the package closes the accepted conns or sets a read deadline on them, so one idle client keeps this Wait blocked for ever; close the open conns (or set a read deadline) before waiting",
            new RelatedLocation(pass.Span(start), "the handler is started here for each accepted conn"),
            new RelatedLocation(pass.Span(uses.LoopRead), "the read that waits for the client"));
    }

    private static string NameOf(FunctionBody fn) => fn.Function is FuncDecl d ? d.Name.Name : "";

    private static string GroupText(CallExpr wait) => Expr.Unparen(wait.Fun) is SelectorExpr sel ? FormattedValues.Text(sel.X) : "the group";

    /// <summary>`defer g.Done()` as a statement of the body itself, on the group.</summary>
    private static bool DefersDone(Pass pass, BlockStmt body, string group) =>
        body.List.Any(s => s is DeferStmt d && Group(pass, d.Call, "Done") == group);

    /// <summary>Every use of one conn: reads in a loop, the containers it is tracked in, and whether a use is not
    /// understood (handed on, closed by another goroutine, given a deadline).</summary>
    private sealed class ConnUses(Pass pass, FunctionLookup functions)
    {
        public bool Unknown { get; private set; }
        public Node? LoopRead { get; private set; }
        private readonly HashSet<string> _containers = new(StringComparer.Ordinal);

        public void Walk(BlockStmt body, Var conn, int depth, bool inLoop, GoStmt? acceptorStart)
        {
            var info = pass.Info;
            var tracked = new HashSet<Var>(ReferenceEqualityComparer.Instance) { conn };
            var wrappers = new HashSet<Var>(ReferenceEqualityComparer.Instance);
            Walker.InspectWithAncestors(body, (n, ancestors) =>
            {
                if (Unknown) return false;
                if (acceptorStart != null && ReferenceEquals(n, acceptorStart)) return false;
                if (n is not Ident id || info.ObjectOf(id) is not Var v || info.Defs.ContainsKey(id)) return true;
                var isConn = tracked.Contains(v);
                if (!isConn && !wrappers.Contains(v)) return true;
                // A literal other than a deferred one runs elsewhere (a goroutine, a callback): it may close the conn.
                var literal = InLiteral(ancestors, out var deferred);
                if (literal && !deferred)
                {
                    Unknown = isConn;
                    return false;
                }
                var loop = inLoop || (!literal && Loops.Innermost(ancestors) != null);
                var use = Conns.UseOf(info, id, ancestors);
                if (!isConn)
                {
                    if (use == Conns.Use.Read && loop) LoopRead ??= ancestors[^1];
                    return false;
                }
                switch (use)
                {
                    case Conns.Use.Harmless:
                        break;
                    case Conns.Use.Read:
                        if (loop) LoopRead ??= ancestors[^1];
                        break;
                    case Conns.Use.Close:
                        // The acceptor's own close after starting the handler would end its read; before it, it is a refusal.
                        if (acceptorStart != null && id.Pos().Value > acceptorStart.Pos().Value) Unknown = true;
                        break;
                    case Conns.Use.Deadline:
                        Unknown = true;
                        break;
                    case Conns.Use.Wrap:
                        Wrapped(ancestors, wrappers, loop);
                        break;
                    default:
                        if (!Followed(id, ancestors, depth, loop)) Unknown = true;
                        break;
                }
                return false;
            });
        }

        /// <summary>`r := bufio.NewReader(c)` tracks r; `json.NewDecoder(c).Decode(&amp;v)` reads in place.</summary>
        private void Wrapped(IReadOnlyList<Node> ancestors, HashSet<Var> wrappers, bool loop)
        {
            var k = ancestors.Count - 1;
            while (k >= 0 && ancestors[k] is not CallExpr) k--;
            if (k < 1 || ancestors[k] is not CallExpr wrap) return;
            switch (ancestors[k - 1])
            {
                case AssignStmt { Lhs: [Ident lhs], Rhs: [var rhs] } when ReferenceEquals(Expr.Unparen(rhs), wrap) && pass.Info.ObjectOf(lhs) is Var w:
                    wrappers.Add(w);
                    break;
                case SelectorExpr sel when ReferenceEquals(sel.X, wrap) && Conns.UseOf(pass.Info, wrap, ancestors.Take(k).ToList()) == Conns.Use.Read && loop:
                    LoopRead ??= ancestors[k - 2];
                    break;
            }
        }

        private static bool InLiteral(IReadOnlyList<Node> ancestors, out bool deferred)
        {
            deferred = false;
            for (var i = ancestors.Count - 1; i >= 1; i--)
                if (ancestors[i] is FuncLit lit)
                {
                    deferred = ancestors[i - 1] is CallExpr c && ReferenceEquals(Expr.Unparen(c.Fun), lit) && i >= 2 && ancestors[i - 2] is DeferStmt;
                    if (!deferred) return true;
                }
            return deferred;
        }

        /// <summary>A use handed to the package's own function (followed), stored in or deleted from a map field.</summary>
        private bool Followed(Ident id, IReadOnlyList<Node> ancestors, int depth, bool loop)
        {
            var info = pass.Info;
            var parent = ancestors[^1];
            if (parent is CallExpr call && call.Args.IndexOf(id) is var arg and >= 0)
            {
                if (Calls.BuiltinName(info, call) is "delete") return arg == 1;
                if (depth >= 2 || call.Ellipsis.IsValid || Calls.Callee(info, call) is not { Signature.Variadic: false } callee
                    || functions.DeclarationOf(callee) is not { Function: FuncDecl fd } || fd.Body == null || ancestors.Count >= 2 && ancestors[^2] is GoStmt) return false;
                var ps = SummaryBuilder.ParamVars(fd, info);
                if (arg >= ps.Count || ps[arg] is not { } param) return false;
                Walk(fd.Body, param, depth + 1, loop, null);
                return true;
            }
            // A key of a map field (`s.conns[c] = name`), or the value stored into one.
            if (parent is IndexExpr ix && ReferenceEquals(ix.Index, id) && ancestors.Count >= 2 && ancestors[^2] is AssignStmt a && a.Lhs.Contains(ix))
                return Container(ix.X);
            if (parent is AssignStmt { Lhs: [IndexExpr target], Rhs: [var value] } && ReferenceEquals(Expr.Unparen(value), id)) return Container(target.X);
            return false;
        }

        private bool Container(Expr map)
        {
            if (pass.Info.TypeOf(map)?.Underlying is not Semantics.Types.MapType || LockPaths.Of(pass.Info, map)?.Class is not { } cls) return false;
            _containers.Add(cls);
            return true;
        }

        /// <summary>Whether every use of the maps the conn is tracked in only stores, deletes, counts or looks up a
        /// value that is no conn: nothing gets a conn back out of them (a Stop ranging over one to close its conns would).</summary>
        public bool ContainersOnlyTrack()
        {
            if (_containers.Count == 0) return true;
            var info = pass.Info;
            var ok = true;
            foreach (var fn in pass.Functions)
                Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
                {
                    if (!ok) return false;
                    if (n is not SelectorExpr sel || !info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.FieldVal
                        || LockPaths.Of(info, sel)?.Class is not { } cls || !_containers.Contains(cls)) return true;
                    ok = TrackOnly(sel, ancestors);
                    return false;
                });
            return ok;
        }

        private bool TrackOnly(SelectorExpr sel, IReadOnlyList<Node> ancestors)
        {
            var info = pass.Info;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            switch (parent)
            {
                case IndexExpr ix when ReferenceEquals(ix.X, sel):
                    // Stored into, or a value looked up that is no conn.
                    return ancestors.Count >= 2 && ancestors[^2] is AssignStmt a && a.Lhs.Contains(ix) || !Conns.IsConnType(info.TypeOf(ix));
                case CallExpr call when Calls.BuiltinName(info, call) is "delete" or "len" && ReferenceEquals(Expr.Unparen(call.Args[0]), sel):
                    return true;
                case AssignStmt assign when assign.Lhs.Contains(sel):
                    return true;
                case RangeStmt r when ReferenceEquals(r.X, sel):
                    return !Binds(r.Key) && !Binds(r.Value);
                default:
                    return false;
            }

            bool Binds(Expr? e) => e is Ident { Name: not "_" } id && Conns.IsConnType(info.TypeOf(id));
        }
    }
}
