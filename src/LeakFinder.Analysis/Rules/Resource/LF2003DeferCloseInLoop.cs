using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2003: a resource opened inside a loop and released by a defer inside that loop: the defer runs when the
/// function returns, not at the end of the iteration, so every iteration's file stays open until then.
/// Docs: docs/rules/LF2003.md.
/// </summary>
public sealed class LF2003DeferCloseInLoop : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2003", "defer-close-in-loop", RuleCategory.ResourceLeak, Severity.Warning,
        "Resource opened in a loop is closed by a defer that runs only when the function returns")
    {
        Since = "0.1",
        Summary = "`defer f.Close()` inside a loop: every file stays open until the function returns",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [.. ResourceKinds.Closers, ResourceKinds.HttpResponse];

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, NodeKinds.DeferStmt, n => n is DeferStmt)) continue;
            // Variables acquired inside a loop, with that loop and the acquiring call.
            var acquiredIn = new Dictionary<GoObject, (Stmt Loop, CallExpr Call, ResourceKind Kind, Func Callee)>(ReferenceEqualityComparer.Instance);
            Loops.Walk(pass.Info.Nodes, fn.Body, NodeKinds.AssignStmt | NodeKinds.DeferStmt, (n, loop) =>
            {
                if (loop == null) return;
                if (n is AssignStmt { Rhs.Count: 1 } a && Expr.Unparen(a.Rhs[0]) is CallExpr call
                    && pass.Facts.AcquireOf(pass.Info, call, Kinds) is { } acq && acq.Result < a.Lhs.Count
                    && a.Lhs[acq.Result] is Ident id && pass.Info.ObjectOf(id) is Var v)
                {
                    acquiredIn[v] = (loop, call, acq.Kind, acq.Callee);
                    return;
                }
                if (n is not DeferStmt d || ReleasedVar(pass, d.Call) is not { } released) return;
                if (!acquiredIn.TryGetValue(released, out var src) || !Within(loop, src.Loop)) return;
                // Kept beyond the iteration (files = append(files, f), read together after the loop): the
                // defer in the loop is what keeps them all open until then, on purpose.
                if (EscapesIteration(pass, src.Loop, released, src.Kind, d)) return;
                // Every path after the defer leaves the function (retry loops that return once they have the
                // file): the loop never opens a second one while the first waits.
                if (!AcquiresAgain(pass.Cfg(fn), d, src.Call)) return;
                // A response body read to EOF in the iteration has handed its connection back already: the
                // deferred closes only wait in memory (docker/distribution's tag pagination).
                if (src.Kind == ResourceKinds.HttpResponse && ReadToEofIn(pass, src.Loop, released)) return;
                var what = src.Kind.What;
                pass.Report(d, $"the deferred release of {released.Name} runs only when {fn.Name} returns, not at the end of each iteration: every {what} opened by {MustReleaseReporter.DisplayName(src.Callee)} in this loop stays open until then; release it in the loop body or move the body into a function",
                    new RelatedLocation(pass.Span(src.Call), $"the {what} is acquired here, once per iteration"));
            });
        }
    }

    /// <summary>
    /// The variable a deferred call releases: x in `x.Close()`, `x.Body.Close()`, `x.Rollback()`; in a helper
    /// of the module whose summary says it releases (or keeps) that parameter, `closeQuietly(x)`; in a
    /// deferred literal that does one of these, `defer func() { _ = x.Close() }()`.
    /// </summary>
    private static Var? ReleasedVar(Pass pass, CallExpr call)
    {
        if (Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Close" or "Rollback" or "Commit" } sel) return VarOf(pass, sel.X);
        if (Expr.Unparen(call.Fun) is FuncLit lit)
        {
            Var? released = null;
            Walker.Inspect(lit.Body, n =>
            {
                if (released != null || n is FuncLit) return false;
                if (n is CallExpr c && !ReferenceEquals(c, call)) released = ReleasedVar(pass, c);
                return released == null;
            });
            return released;
        }
        if (Calls.Callee(pass.Info, call) is { Signature: { } sig } helper && pass.Facts.SummaryOf(helper) is { } summary)
            for (var i = 0; i < call.Args.Count; i++)
                if (VarOf(pass, call.Args[i]) is { } v && summary.MayOwnParam(i, sig)) return v;
        return null;
    }

    private static Var? VarOf(Pass pass, Expr e)
    {
        var x = Expr.Unparen(e);
        if (x is SelectorExpr { Sel.Name: "Body" } body) x = Expr.Unparen(body.X);
        return x is Ident id ? pass.Info.ObjectOf(id) as Var : null;
    }

    private static bool EscapesIteration(Pass pass, Stmt loop, Var v, ResourceKind kind, DeferStmt defer)
    {
        var refs = new References(pass.Info, pass.Facts);
        var escapes = false;
        var body = loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;
        foreach (var stmt in body.List)
        {
            if (ReferenceEquals(stmt, defer)) continue;
            refs.Collect(stmt, new Dictionary<GoObject, ReleaseSpec>(ReferenceEqualityComparer.Instance) { [v] = kind.Release }, null, (_, _, k) =>
            {
                if (k is RefKind.Escape or RefKind.Capture) escapes = true;
            });
        }
        return escapes;
    }

    /// <summary>Whether the loop body reads v.Body to EOF (io.ReadAll, ioutil.ReadAll, io.Copy from it).</summary>
    private static bool ReadToEofIn(Pass pass, Stmt loop, Var v)
    {
        var found = false;
        Walker.Inspect(loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is CallExpr c && Calls.Callee(pass.Info, c)?.FullName is { } name)
            {
                var arg = StdOwnership.ReadsToEofArg(name);
                if (arg >= 0 && arg < c.Args.Count && Expr.Unparen(c.Args[arg]) is SelectorExpr { Sel.Name: "Body" } body
                    && Expr.Unparen(body.X) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v)) found = true;
            }
            return !found;
        });
        return found;
    }

    /// <summary>Whether some path from the defer comes back to the acquiring call (the loop's next iteration).</summary>
    private static bool AcquiresAgain(ControlFlowGraph cfg, DeferStmt defer, CallExpr acquire)
    {
        Block? start = null;
        var startIndex = 0;
        var acquireBlocks = new HashSet<int>();
        foreach (var (block, i, node) in cfg.LiveNodes())
        {
            if (ReferenceEquals(node, defer)) (start, startIndex) = (block, i);
            else if (Contains(node, acquire)) acquireBlocks.Add(block.Index);
        }
        // Not found in the graph (unreachable code): keep the report the syntax gave.
        if (start == null) return true;
        if (acquireBlocks.Contains(start.Index) && AcquireAfter(start, startIndex, acquire)) return true;
        var seen = new bool[cfg.Blocks.Count];
        var work = new Stack<Block>(start.Succs);
        while (work.Count > 0)
        {
            var b = work.Pop();
            if (seen[b.Index]) continue;
            seen[b.Index] = true;
            if (acquireBlocks.Contains(b.Index)) return true;
            foreach (var s in b.Succs) work.Push(s);
        }
        return false;
    }

    private static bool AcquireAfter(Block block, int index, CallExpr acquire)
    {
        for (var i = index + 1; i < block.Nodes.Count; i++)
            if (Contains(block.Nodes[i], acquire)) return true;
        return false;
    }

    private static bool Contains(Node node, CallExpr call) => node.Pos() <= call.Pos() && call.End() <= node.End();

    /// <summary>The defer's innermost loop is the acquire's loop or nested in it.</summary>
    private static bool Within(Stmt inner, Stmt outer) => inner.Pos() >= outer.Pos() && inner.End() <= outer.End();
}
