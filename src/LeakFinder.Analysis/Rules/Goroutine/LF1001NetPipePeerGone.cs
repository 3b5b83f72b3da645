using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a net.Pipe: `client, server := net.Pipe()` is a synchronous, in-memory conn, both ends in the program. A
/// function hands one end to a goroutine (`go l.Handle(server)`) and reads the other itself (a handshake's
/// `readHello(client)`): a Read on a conn (<see cref="Conns"/>) waits until the other end writes or either end is
/// closed. When the goroutine can return without ever writing to its end or closing it (a handshake that rejects the
/// client by returning an error, with neither a reply nor a close), the read waits for ever: the only one who could end
/// it is gone. Only when each end goes nowhere else (the goroutine's end to that goroutine alone, the reader's end read,
/// written, closed after the read or handed to the package's functions that only do that) and the goroutine's path is
/// one where it read what was sent: a return on the error of a read of its own end (the peer closed or sent garbage)
/// is not counted, and a use of its end not understood (handed on, a deadline) serves it.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckNetPipes(Pass pass)
    {
        if (!pass.UsesFunction("net.Pipe")) return;
        var functions = pass.ResultOf(FunctionLookup.Analysis);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is AssignStmt { Tok: Syntax.Token.Define, Lhs: [Ident a, Ident b], Rhs: [CallExpr call] } made && Calls.Callee(pass.Info, call)?.FullName == "net.Pipe"
                    && pass.Info.Defs.GetValueOrDefault(a) is Var first && pass.Info.Defs.GetValueOrDefault(b) is Var second && Loops.Around(fn.Body, made) == null)
                {
                    CheckNetPipe(pass, functions, fn, first, second);
                    CheckNetPipe(pass, functions, fn, second, first);
                }
                return true;
            });
    }

    /// <summary>The function reads <paramref name="mine"/> while a goroutine alone holds <paramref name="theirs"/>.</summary>
    private static void CheckNetPipe(Pass pass, FunctionLookup functions, FunctionBody fn, Var mine, Var theirs)
    {
        var info = pass.Info;
        // Their end: one use, the argument of a go statement calling a function of the package.
        GoStmt? go = null;
        var uses = 0;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (n is not Ident id || !ReferenceEquals(info.ObjectOf(id), theirs) || info.Defs.ContainsKey(id)) return true;
            uses++;
            if (ancestors.Count >= 2 && ancestors[^1] is CallExpr call && ancestors[^2] is GoStmt g && ReferenceEquals(g.Call, call)) go = g;
            return false;
        });
        if (uses != 1 || go == null || Calls.Callee(info, go.Call) is not { Signature.Variadic: false } callee || functions.DeclarationOf(callee) is not { Function: FuncDecl fd } peer
            || SummaryBuilder.ParamVars(fd, info) is var ps && go.Call.Args.IndexOf(go.Call.Args.First(x => Expr.Unparen(x) is Ident i && ReferenceEquals(info.ObjectOf(i), theirs))) is var at
            && (at >= ps.Count || ps[at] is null)) return;
        var peerParam = ps[at]!;
        // My end: read after the goroutine starts, every use understood, no close before that read.
        var mineUses = new PeerUses(pass, functions);
        var read = mineUses.FirstRead(fn.Body, mine, go.End().Value);
        if (read == null) return;
        // Their side: a path on which the goroutine returns having neither written nor closed its end.
        var serving = new Serving(pass, functions);
        if (serving.Unserved(peer, peerParam, 0) is not { } exit) return;
        var through = serving.Through.TryGetValue(peer.Function, out var t) ? $"; through {t.Callee}, which gives up at line {pass.Line(t.Exit)}" : "";
        var reader = pass.FunctionName(fn.Function, fn.Function is FuncDecl own ? own.Name.Name : "");
        pass.Report(read,
            $"{reader} reads from {mine.Name} here, one end of a net.Pipe whose other end, {theirs.Name}, goes only to {callee.Name} (started at line {pass.Line(go)}); "
            + $"a read on a net.Pipe waits until the other end writes or either end is closed, and {callee.Name} can return (line {pass.Line(exit)}{through}) without writing to {theirs.Name} or closing it, "
            + $"so this read waits for ever; close the conn (or reply) on every path of {callee.Name} that gives up",
            new RelatedLocation(pass.Span(go), $"{theirs.Name} is handed to {callee.Name} here"),
            new RelatedLocation(pass.Span(exit), "it returns here without a reply or a close"));
    }

    /// <summary>The uses of the reader's end: the first read after a position, when every use is understood.</summary>
    private sealed class PeerUses(Pass pass, FunctionLookup functions)
    {
        public Node? FirstRead(BlockStmt body, Var conn, int after)
        {
            Node? read = null;
            var ok = true;
            Walker.InspectWithAncestors(body, (n, ancestors) =>
            {
                if (!ok) return false;
                if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), conn) || pass.Info.Defs.ContainsKey(id)) return true;
                if (ancestors.Any(a => a is FuncLit && !ReferenceEquals(a, body))) { ok = false; return false; }
                var use = Conns.UseOf(pass.Info, id, ancestors);
                switch (use)
                {
                    case Conns.Use.Harmless:
                        break;
                    case Conns.Use.Read or Conns.Use.Wrap:
                        if (id.Pos().Value > after) read ??= ancestors[^1];
                        break;
                    case Conns.Use.Close:
                        // A close before the read would end it.
                        if (read == null) ok = false;
                        break;
                    case Conns.Use.Unknown when ancestors[^1] is CallExpr call && call.Args.IndexOf(id) is var arg and >= 0 && ParamUse(call, arg, 0) is { } reads:
                        if (reads && id.Pos().Value > after) read ??= call;
                        break;
                    default:
                        ok = false;
                        break;
                }
                return false;
            });
            return ok ? read : null;
        }

        /// <summary>Whether a function of the package given the conn reads it (true) or only writes to it or looks at it
        /// (false); null when it does anything else with it.</summary>
        private bool? ParamUse(CallExpr call, int arg, int depth)
        {
            if (depth > 2 || call.Ellipsis.IsValid || Calls.Callee(pass.Info, call) is not { Signature.Variadic: false } callee
                || functions.DeclarationOf(callee) is not { Function: FuncDecl fd } || fd.Body == null) return null;
            var ps = SummaryBuilder.ParamVars(fd, pass.Info);
            if (arg >= ps.Count || ps[arg] is not { } param) return null;
            var reads = false;
            var ok = true;
            Walker.InspectWithAncestors(fd.Body, (n, ancestors) =>
            {
                if (!ok) return false;
                if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), param) || pass.Info.Defs.ContainsKey(id)) return true;
                if (ancestors.Any(a => a is FuncLit)) { ok = false; return false; }
                switch (Conns.UseOf(pass.Info, id, ancestors))
                {
                    case Conns.Use.Harmless:
                        break;
                    case Conns.Use.Read or Conns.Use.Wrap:
                        reads = true;
                        break;
                    case Conns.Use.Unknown when ancestors[^1] is CallExpr inner && inner.Args.IndexOf(id) is var i and >= 0 && ParamUse(inner, i, depth + 1) is { } inside:
                        reads |= inside;
                        break;
                    default:
                        ok = false;
                        break;
                }
                return false;
            });
            return ok ? reads : null;
        }
    }

    /// <summary>Whether a function serves a conn it is given (writes to it, closes it, or hands it somewhere not
    /// understood) on every path: <see cref="Unserved"/> finds a return that does none of that.</summary>
    private sealed class Serving(Pass pass, FunctionLookup functions)
    {
        private readonly Dictionary<(Node, Var), Node?> _memo = new();

        /// <summary>Per function searched, the first callee given the conn that can itself return without serving it, and
        /// where: the message names the give-up inside it.</summary>
        public Dictionary<Node, (string Callee, Node Exit)> Through { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>A return of the function reached without serving the parameter, or null when every path serves it
        /// (or when it is not known).</summary>
        public Node? Unserved(FunctionBody fn, Var param, int depth)
        {
            if (_memo.TryGetValue((fn.Function, param), out var known)) return known;
            _memo[(fn.Function, param)] = null; // recursion serves, as far as this search goes
            Node? exit = null;
            if (depth <= 3)
            {
                var cfg = pass.Cfg(fn);
                var failures = ErrorBranches(fn.Body);
                var search = new PathSearch(cfg, pass.Info, (block, i) =>
                    i < 0 ? block is { Kind: BlockKind.IfThen, Stmt: IfStmt ifs } && failures.Contains(ifs) ? NodeEffect.Sink : NodeEffect.None
                    : Serves(fn.Function, block.Nodes[i], param, depth) ? NodeEffect.Sink : NodeEffect.None);
                exit = search.FindLeak(cfg.Entry, -1, null, null);
            }
            return _memo[(fn.Function, param)] = exit;
        }

        /// <summary>Whether the node writes to, closes or hands on the conn, or calls a function of the package that serves
        /// it on every path.</summary>
        private bool Serves(Node function, Node node, Var param, int depth)
        {
            var serves = false;
            Walker.InspectWithAncestors(node, (n, ancestors) =>
            {
                if (serves) return false;
                if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), param) || pass.Info.Defs.ContainsKey(id)) return true;
                if (ancestors.Any(a => a is FuncLit)) { serves = true; return false; }
                var use = Conns.UseOf(pass.Info, id, ancestors);
                if (use is Conns.Use.Read or Conns.Use.Wrap) return false;
                if (use == Conns.Use.Harmless)
                {
                    // Looking at it does not serve it; writing to it does.
                    serves = !IsLook(ancestors);
                    return false;
                }
                if (use == Conns.Use.Unknown && ancestors.Count > 0 && ancestors[^1] is CallExpr call && call.Args.IndexOf(id) is var arg and >= 0
                    && !(ancestors.Count >= 2 && ancestors[^2] is GoStmt)
                    && Calls.Callee(pass.Info, call) is { Signature.Variadic: false } callee && !call.Ellipsis.IsValid
                    && functions.DeclarationOf(callee) is { Function: FuncDecl fd } body && SummaryBuilder.ParamVars(fd, pass.Info) is var ps && arg < ps.Count && ps[arg] is { } p)
                {
                    var inner = Unserved(body, p, depth + 1);
                    serves = inner == null;
                    // Named only for a callee that does serve it on another path (a handshake), not for a reader.
                    if (inner != null && !Through.ContainsKey(function) && body.Body is { } calleeBody && Serves(body.Function, calleeBody, p, depth + 1))
                        Through[function] = Through.TryGetValue(body.Function, out var deeper) ? deeper : (callee.Name, inner);
                    return false;
                }
                serves = true;
                return false;
            });
            return serves;
        }

        private static bool IsLook(IReadOnlyList<Node> ancestors) =>
            ancestors.Count > 0 && (ancestors[^1] is BinaryExpr || ancestors[^1] is SelectorExpr { Sel.Name: "RemoteAddr" or "LocalAddr" });

        /// <summary>The `if err != nil` statements of the body: their branch is a failure (the peer closed its end or sent
        /// what could not be read, a write or an encoding failed), not a decision to give up on a peer that behaved.</summary>
        private HashSet<IfStmt> ErrorBranches(BlockStmt body)
        {
            var result = new HashSet<IfStmt>(ReferenceEqualityComparer.Instance);
            Walker.Inspect(body, n =>
            {
                if (n is FuncLit) return false;
                if (n is IfStmt { Cond: BinaryExpr { Op: Syntax.Token.Neq, X: Ident errId, Y: Ident { Name: "nil" } } } ifs
                    && pass.Info.ObjectOf(errId) is Var { Type: NamedType { Obj: { Name: "error", Pkg: null } } }) result.Add(ifs);
                return true;
            });
            return result;
        }
    }
}
