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
public sealed class LF1007DoneNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1007", "done-not-closed", RuleCategory.GoroutineLeak, Severity.Error,
        "A goroutine returns without closing the channel that tells its waiter it has finished")
    {
        Since = "0.4",
        Summary = "a goroutine method returns without closing the done channel another method waits on",
    };

    public override void Run(Pass pass)
    {
        var started = StartedMethods(pass);
        if (started.Count == 0) return;
        var uses = ChannelUses(pass);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: not null } fd || !started.Contains(fd) || RunLoops.ReceiverOf(pass.Info, fd) is not { } recv) continue;
            foreach (var (cls, closeCall) in Closes(pass, fd.Body, recv))
            {
                if (!uses.TryGetValue(cls, out var use) || use.Other || use.Sent || use.Closers.Count != 1 || use.Waiters.Count == 0) continue;
                if (char.IsUpper(cls[cls.IndexOf('.') + 1])) continue; // an exported field: closed outside the package too
                var cfg = pass.Cfg(fn);
                var search = new PathSearch(cfg, pass.Info, (b, n) =>
                    n >= 0 && ClosesField(pass, b.Nodes[n], recv, cls) ? NodeEffect.Sink : NodeEffect.None);
                if (search.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt exit) continue;
                var (waiter, wait) = use.Waiters[0];
                var field = recv.Name + cls[cls.IndexOf('.')..];
                pass.Report(exit,
                    $"{fd.Name.Name} runs as a goroutine and closes {field} when it finishes (line {pass.Line(closeCall)}), but this return leaves without closing it: {waiter} waits on {field} and nothing else closes or sends on it, so it blocks for ever; close {field} on every path (defer close({field}) first thing)",
                    new RelatedLocation(pass.Span(closeCall), $"{field} is closed only here"),
                    new RelatedLocation(pass.Span(wait), $"{waiter} waits for {field} here"));
                break;
            }
        }
    }

    /// <summary>Methods of the package started with `go x.m()` or by a literal whose top level calls x.m().</summary>
    private static HashSet<FuncDecl> StartedMethods(Pass pass)
    {
        var decls = new Dictionary<int, FuncDecl>();
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Recv: not null, Body: not null } fd && pass.Info.ObjectOf(fd.Name) is Func f) decls[f.Pos] = fd;
        var started = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is not GoStmt go) return n is not FuncLit || ReferenceEquals(n, fn.Function);
                IEnumerable<CallExpr> calls = go.Call.Fun is FuncLit lit
                    ? lit.Body.List.OfType<ExprStmt>().Select(s => Expr.Unparen(s.X)).OfType<CallExpr>()
                    : [go.Call];
                foreach (var call in calls)
                    if (Calls.Callee(pass.Info, call) is { IsMethod: true } m && decls.TryGetValue(m.Pos, out var target)) started.Add(target);
                return false;
            });
        return started;
    }

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

    /// <summary>`x.f = make(chan T)`: the field gets a channel of the package's own.</summary>
    private static bool MadeInto(Pass pass, AssignStmt a, Expr lhs)
    {
        if (a.Lhs.Count != a.Rhs.Count) return false;
        for (var i = 0; i < a.Lhs.Count; i++)
            if (ReferenceEquals(a.Lhs[i], lhs))
                return Expr.Unparen(a.Rhs[i]) is CallExpr mk && Calls.BuiltinName(pass.Info, mk) == "make";
        return false;
    }

    private sealed class ChannelUse
    {
        public HashSet<Node> Closers { get; } = new(ReferenceEqualityComparer.Instance);
        public List<(string Function, Node At)> Waiters { get; } = [];
        public bool Sent { get; set; }
        public bool Other { get; set; }
    }

    /// <summary>Every use of a channel field by class: which functions close it, the blocking receives (outside
    /// select), whether anything sends on it, and whether it is used any other way (handed on, reassigned after
    /// its make, compared: then someone else may close it).</summary>
    private static Dictionary<string, ChannelUse> ChannelUses(Pass pass)
    {
        var uses = new Dictionary<string, ChannelUse>(StringComparer.Ordinal);
        ChannelUse Of(string cls) => uses.TryGetValue(cls, out var u) ? u : uses[cls] = new ChannelUse();
        foreach (var fn in pass.Functions)
        {
            var ancestors = new List<Node>();
            Walker.Inspect(fn.Body, n =>
            {
                if (n == null)
                {
                    ancestors.RemoveAt(ancestors.Count - 1);
                    return false;
                }
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false; // a body of its own in pass.Functions
                if (n is SelectorExpr sel && pass.Info.TypeOf(sel)?.Underlying is ChanType && pass.Info.Selections.TryGetValue(sel, out var s)
                    && s.Kind == SelectionKind.FieldVal && LockPaths.Of(pass.Info, sel) is { Class: { } cls })
                {
                    var use = Of(cls);
                    var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                    switch (parent)
                    {
                        case UnaryExpr { Op: Token.Arrow } recv:
                            // A select case's communication has another way out.
                            var inSelect = ancestors.Count > 2 && ancestors[^3] is CommClause cc && ReferenceEquals(cc.Comm, ancestors[^2]);
                            if (!inSelect) use.Waiters.Add((fn.Name, recv));
                            break;
                        case CallExpr c when Calls.BuiltinName(pass.Info, c) == "close":
                            use.Closers.Add(fn.Function);
                            break;
                        case SendStmt snd when ReferenceEquals(snd.Chan, sel):
                            use.Sent = true;
                            break;
                        case AssignStmt a when MadeInto(pass, a, sel):
                            break;
                        case KeyValueExpr:
                            break;
                        case RangeStmt:
                        case CallExpr c2 when Calls.BuiltinName(pass.Info, c2) is "len" or "cap":
                            break;
                        default:
                            use.Other = true;
                            break;
                    }
                    return false;
                }
                ancestors.Add(n);
                return true;
            });
        }
        // Fields set in a composite literal to anything but a make came from elsewhere.
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is CompositeLit lit && pass.Info.TypeOf(lit) is NamedType named && named.Underlying is StructType)
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && pass.Info.TypeOf(kv.Value)?.Underlying is ChanType
                            && !(Expr.Unparen(kv.Value) is CallExpr mk && Calls.BuiltinName(pass.Info, mk) == "make"))
                            Of((named.Origin ?? named).Obj.Name + "." + key.Name).Other = true;
                return true;
            });
        return uses;
    }
}
