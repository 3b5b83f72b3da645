using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7004: a channel closed where more than one close can run: by every goroutine a loop starts, or by two
/// functions of the package (two methods, a goroutine and its starter), with nothing guarding either close
/// (a sync.Once, a condition, the closed-check select, a reset of the channel). Closing a closed channel
/// panics. Docs: docs/rules/LF7004.md.
/// </summary>
public sealed class LF7004ChannelClosedTwice : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7004", "channel-closed-twice", RuleCategory.Race, Severity.Error,
        "A channel may be closed twice")
    {
        Since = "0.5",
        Summary = "a channel closed by every goroutine a loop starts, or by two functions with no sync.Once, flag or closed-check guarding either close",
        // On the Debian Go sources every finding of the two-function form was two closes that never both run
        // (serveTCP/serveUDP, exclusive error paths): experimental until it knows which functions can overlap.
        Experimental = true,
    };

    /// <summary>An unguarded close: the call, the function body it is in, and whether it is in a goroutine a loop starts.</summary>
    private sealed record Close(Var Channel, CallExpr Call, Node Function, GoStmt? LoopGo);

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [Once.FunctionsAnalysis];

    public override void Run(Pass pass)
    {
        // Every finding is at a close call.
        if (!pass.UsesBuiltin("close")) return;
        var runOnce = pass.ResultOf(Once.FunctionsAnalysis);
        var closes = new List<Close>();
        foreach (var file in pass.Files)
            Walker.InspectWithAncestors(file.File, (n, ancestors) =>
            {
                if (n is CallExpr { Args.Count: 1 } call && Calls.BuiltinName(pass.Info, call) == "close"
                    && ChannelOf(pass, call.Args[0]) is { } ch && Unguarded(pass, runOnce, ch, ancestors) is { } function
                    && (!ch.IsField || OwnerIsShared(pass, call.Args[0], ancestors)))
                    closes.Add(new Close(ch, call, function, LoopGoroutine(pass, ancestors, function, ch)));
                return true;
            });

        foreach (var c in closes.Where(c => c.LoopGo != null))
            pass.Report(c.Call, $"every goroutine this loop starts closes {c.Channel.Name}: the second close panics (\"close of closed channel\"); close it once, after the goroutines are done (wg.Wait() then close), or guard it with a sync.Once",
                new RelatedLocation(pass.Span(c.LoopGo!), "the goroutines are started here, once per iteration"));

        foreach (var group in closes.Where(c => c.LoopGo == null).GroupBy(c => c.Channel, ReferenceEqualityComparer.Instance))
        {
            var sites = group.ToList();
            for (var i = 1; i < sites.Count; i++)
            {
                var first = sites.Find(s => !ReferenceEquals(s.Function, sites[i].Function));
                if (first == null || ReferenceEquals(first, sites[i]) || first.Call.Pos().Value > sites[i].Call.Pos().Value) continue;
                pass.Report(sites[i].Call, $"{sites[i].Channel.Name} is also closed at line {pass.Line(first.Call)} in another function, and neither close is guarded: if both run, the second panics (\"close of closed channel\"); close it in one place, or guard both with one sync.Once (or a flag checked under a mutex)",
                    new RelatedLocation(pass.Span(first.Call), $"{first.Channel.Name} is also closed here"));
                break;
            }
        }
    }

    /// <summary>The channel a close names: a package variable, a struct field, or a local variable (a goroutine
    /// literal and its starter share it).</summary>
    private static Var? ChannelOf(Pass pass, Expr e) => Expr.Unparen(e) switch
    {
        Ident id when pass.Info.ObjectOf(id) is Var v && v.Type.Underlying is ChanType => v,
        SelectorExpr s when pass.Info.ObjectOf(s.Sel) is Var { IsField: true } v && v.Type.Underlying is ChanType => v,
        _ => null,
    };

    /// <summary>The function body of an unguarded close; null when the close is guarded: in a sync.Once, under
    /// a condition (if, switch, select case: a flag, the last-one-out counter, the closed-check select), in a
    /// function that also receives from the channel (the `select { case &lt;-ch: default: close(ch) }` check) or
    /// assigns it (a reset: `close(s.ch); s.ch = make(...)`).</summary>
    private static Node? Unguarded(Pass pass, IReadOnlySet<GoObject> runOnce, Var ch, IReadOnlyList<Node> ancestors)
    {
        if (Once.Encloses(pass.Info, ancestors)) return null;
        for (var i = ancestors.Count - 1; i >= 0; i--)
        {
            switch (ancestors[i])
            {
                case IfStmt or CaseClause or CommClause:
                    return null;
                case FuncDecl d when pass.Info.ObjectOf(d.Name) is Func f && runOnce.Contains(f):
                    return null;
                case FuncDecl or FuncLit:
                    return ChecksOrResets(pass, ancestors[i], ch) ? null : ancestors[i];
            }
        }
        return null;
    }

    /// <summary>Whether a field's owner is the same object wherever it is named: the receiver of the method
    /// (or of the method around the literal) or a package variable. A range variable, a map lookup or a local
    /// under construction may be a different object at each close (raft closes each follower's stopCh once).</summary>
    private static bool OwnerIsShared(Pass pass, Expr closed, IReadOnlyList<Node> ancestors)
    {
        var root = Expr.Unparen(closed);
        while (root is SelectorExpr s) root = Expr.Unparen(s.X);
        if (root is not Ident id || pass.Info.ObjectOf(id) is not Var v) return false;
        if (LockPaths.IsGlobal(v)) return true;
        return ancestors.OfType<FuncDecl>().FirstOrDefault() is { Recv.List: [{ Names: [var recv] }] } && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(recv), v);
    }

    /// <summary>The closed flag: the function sets a bool (`s.closed = true`) that one of its conditions tests.</summary>
    private static bool SetsTestedFlag(Pass pass, Node function)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var tested = new HashSet<string>(StringComparer.Ordinal);
        Walker.Inspect(function, n =>
        {
            switch (n)
            {
                case AssignStmt { Lhs.Count: 1, Rhs: [Ident { Name: "true" }] } a when pass.Info.TypeOf(a.Lhs[0])?.Underlying is BasicType && FlagText(a.Lhs[0]) is { } t:
                    set.Add(t);
                    break;
                case IfStmt i:
                    Walker.Inspect(i.Cond, c =>
                    {
                        if (c is Expr e and (Ident or SelectorExpr) && FlagText(e) is { } t2) tested.Add(t2);
                        return true;
                    });
                    break;
            }
            return true;
        });
        return set.Overlaps(tested);
    }

    private static string? FlagText(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr s when FlagText(s.X) is { } x => x + "." + s.Sel.Name,
        _ => null,
    };

    private static bool ChecksOrResets(Pass pass, Node function, Var ch)
    {
        if (SetsTestedFlag(pass, function)) return true;
        var found = false;
        Walker.Inspect(function, n =>
        {
            switch (n)
            {
                case UnaryExpr { Op: Token.Arrow } u when ChannelOf(pass, u.X) == ch:
                case AssignStmt a when a.Lhs.Any(l => ChannelOf(pass, l) == ch):
                case RangeStmt r when ChannelOf(pass, r.X) == ch:
                    found = true;
                    break;
            }
            return !found;
        });
        return found;
    }

    /// <summary>The go statement, in a loop of the enclosing function, that starts the literal holding the close,
    /// when the channel is declared outside that loop: each goroutine closes the same channel.</summary>
    private static GoStmt? LoopGoroutine(Pass pass, IReadOnlyList<Node> ancestors, Node function, Var ch)
    {
        if (function is not FuncLit lit) return null;
        var at = ancestors.ToList().IndexOf(lit);
        if (at < 1 || ancestors[at - 1] is not CallExpr call || !ReferenceEquals(call.Fun, lit) || at < 2 || ancestors[at - 2] is not GoStmt go) return null;
        for (var i = at - 3; i >= 0 && ancestors[i] is not (FuncDecl or FuncLit); i--)
            if (ancestors[i] is ForStmt or RangeStmt && (LockPaths.IsGlobal(ch) || ch.IsField || ch.Pos < ancestors[i].Pos().Value)
                && !Returns(ancestors[i + 1], go))
                // A loop that waits for its goroutines, or makes the channel anew each time (a reconnect loop), closes each once.
                return Handoffs.Synchronises(pass, ancestors[i + 1]) || ChecksOrResets(pass, ancestors[i + 1], ch) ? null : go;
        return null;
    }

    /// <summary>Whether the loop body leaves the loop (return, break) after starting the goroutine.</summary>
    private static bool Returns(Node body, GoStmt go)
    {
        if (body is not BlockStmt b) return false;
        return b.List.SkipWhile(s => !ReferenceEquals(s, go)).Skip(1).Any(s => s is ReturnStmt || s is BranchStmt { Tok: Token.Break or Token.Goto });
    }
}
