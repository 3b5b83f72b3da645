using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax;
using MapType = LeakFinder.Semantics.Types.MapType;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7001: a map written by a goroutine literal while another goroutine uses it with nothing ordering the two:
/// the literal is started in a loop (every goroutine it starts writes the same map), or the function that
/// starts it reads or writes the map right after the go statement. Go maps are not safe for concurrent use;
/// the runtime aborts with "concurrent map writes". Docs: docs/rules/LF7001.md.
/// </summary>
public sealed partial class LF7001MapSharedAcrossGoroutines : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7001", "map-shared-across-goroutines", RuleCategory.Race, Severity.Error,
        "A map is written by goroutines with no lock between them")
    {
        Since = "0.5",
        Summary = "a map written by each goroutine a loop starts, or by a goroutine while its starter still uses it, with no lock, channel or Wait between",
    };

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, n => n is GoStmt { Call.Fun: FuncLit })) continue;
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                if (n is GoStmt { Call.Fun: FuncLit lit } go) Check(pass, fn.Function, go, lit, ancestors);
                return true;
            });
        }
    }

    private void Check(Pass pass, Node function, GoStmt go, FuncLit lit, IReadOnlyList<Node> ancestors)
    {
        // A goroutine that locks may guard the write, one that receives or waits before it may be ordered by
        // that: not modelled, so silent. What it does after the write (wg.Done, a send) orders nothing before it.
        if (LocksAnywhere(pass, lit)) return;
        var allWrites = MapWrites(pass, lit);
        if (allWrites.Count == 0 || ancestors[^1] is not BlockStmt block) return;
        var rest = block.List.SkipWhile(s => !ReferenceEquals(s, go)).Skip(1).ToList();
        // A receive in a worker's loop orders nothing with the other methods' reads: all its writes count.
        CheckBackgroundWriter(pass, function, go, lit, allWrites, rest);
        var writes = allWrites.FindAll(w => !lit.Body.List.Any(s => s.Pos().Value <= w.At.Pos().Value && Handoffs.Synchronises(pass, s)));
        if (writes.Count == 0) return;

        if (ancestors.LastOrDefault(a => a is ForStmt or RangeStmt) is Stmt loop && ManyGoroutines(pass, loop, rest))
            foreach (var (path, at) in writes)
                if (DeclaredBefore(path.Root, loop) && !Assigns(pass, loop, path.Root))
                {
                    pass.Report(at, $"every goroutine this loop starts writes the map {path.Text} with no lock: concurrent map writes make the Go runtime abort (\"fatal error: concurrent map writes\"); guard {path.Text} with a mutex, or send the results on a channel and fill the map in one goroutine",
                        new RelatedLocation(pass.Span(go), "the goroutines are started here, once per iteration"));
                    return;
                }

        // The starter's own statements after the go statement, up to anything that may order it with the goroutine.
        foreach (var stmt in rest)
        {
            if (Handoffs.Synchronises(pass, stmt) || Handoffs.CallsOut(pass, stmt) || stmt is GoStmt or DeferStmt) return;
            foreach (var (path, at) in writes)
                if (Mention(pass, stmt, path) is { } use)
                {
                    pass.Report(at, $"the goroutine writes the map {path.Text} while the function that starts it uses it at line {pass.Line(use)}, with no lock, channel or Wait between: Go maps are not safe for concurrent use; wait for the goroutine (sync.WaitGroup, a channel) before the use, or guard {path.Text} with a mutex",
                        new RelatedLocation(pass.Span(use), "the starter uses the map here, concurrently"),
                        new RelatedLocation(pass.Span(go), "the goroutine is started here"));
                    return;
                }
        }
    }

    /// <summary>`m[k] = v`, `m[k] op= v`, `m[k]++` and `delete(m, k)` in the literal's own statements, on a map
    /// (a variable or a field path) declared outside the literal: one made inside is the goroutine's own.</summary>
    private static List<(FieldPath Path, Node At)> MapWrites(Pass pass, FuncLit lit)
    {
        var found = new List<(FieldPath, Node)>();
        void Add(Expr? map, Node at)
        {
            if (map == null || pass.Info.TypeOf(map)?.Underlying is not MapType) return;
            if (FieldPath.Of(pass, map) is not { } path || Inside(path.Root, lit)) return;
            if (!found.Exists(f => f.Item1.Key == path.Key)) found.Add((path, at));
        }
        Walker.Inspect(lit.Body, n =>
        {
            switch (n)
            {
                case FuncLit:
                    return false;
                case AssignStmt a when a.Tok != Token.Define:
                    foreach (var l in a.Lhs) Add((Expr.Unparen(l) as IndexExpr)?.X, a);
                    break;
                case IncDecStmt inc:
                    Add((Expr.Unparen(inc.X) as IndexExpr)?.X, inc);
                    break;
                case CallExpr { Args.Count: 2 } c when Semantics.Checking.Calls.BuiltinName(pass.Info, c) == "delete":
                    Add(c.Args[0], c);
                    break;
            }
            return true;
        });
        return found;
    }

    /// <summary>A lock anywhere in the literal, its nested literals included (a deferred unlock in one).</summary>
    private static bool LocksAnywhere(Pass pass, FuncLit lit)
    {
        var found = false;
        Walker.Inspect(lit.Body, n =>
        {
            if (n is CallExpr c && Handoffs.IsLockCall(pass, c)) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>The loop starts one goroutine per iteration that overlap: nothing else in the loop body waits,
    /// and the go statement is not followed by a return or break (which would start at most one).</summary>
    private static bool ManyGoroutines(Pass pass, Stmt loop, List<Stmt> rest)
    {
        var body = loop switch { ForStmt f => f.Body, RangeStmt r => r.Body, _ => null };
        if (body == null || Handoffs.Synchronises(pass, body)) return false;
        if (loop is RangeStmt r2 && pass.Info.TypeOf(r2.X)?.Underlying is ChanType) return false;
        return !rest.Exists(s => s is ReturnStmt || s is BranchStmt { Tok: Token.Break or Token.Goto });
    }

    private static bool Inside(Var v, Node n) => v.Pos >= n.Pos().Value && v.Pos < n.End().Value;

    private static bool DeclaredBefore(Var v, Node loop) => LockPaths.IsGlobal(v) || v.Pos < loop.Pos().Value;

    /// <summary>Whether the loop assigns the variable itself (a fresh map per iteration).</summary>
    private static bool Assigns(Pass pass, Node loop, Var v)
    {
        var found = false;
        Walker.Inspect(loop, n =>
        {
            if (n is AssignStmt a && a.Lhs.Any(l => Expr.Unparen(l) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v))) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>The first expression of the statement (outside literals) that names the map's path.</summary>
    private static Expr? Mention(Pass pass, Stmt stmt, FieldPath path)
    {
        Expr? use = null;
        Walker.Inspect(stmt, n =>
        {
            if (use != null || n is FuncLit) return false;
            if (n is Expr e and (Ident or SelectorExpr) && pass.Info.TypeOf(e)?.Underlying is MapType && FieldPath.Of(pass, e)?.Key == path.Key)
            {
                use = e;
                return false;
            }
            return true;
        });
        return use;
    }
}
