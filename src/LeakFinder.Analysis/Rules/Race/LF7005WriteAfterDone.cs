using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7005 for a write a goroutine makes after its `wg.Done()`: a statement after an explicit Done, or a deferred
/// function registered before `defer wg.Done()` (deferred calls run last-in first-out, so Done runs first). The
/// starter's `wg.Wait()` returns as soon as Done is called and orders nothing after it, so the starter's use of
/// what the goroutine still writes, after the Wait, races with the write.
/// </summary>
public sealed partial class LF7005SharedWriteAcrossGoroutines
{
    private static void CheckWriteAfterDone(Pass pass, SharedAccess.Start start, HashSet<Node> reported)
    {
        foreach (var (write, root, done) in LateWrites(pass, start.Lit))
        {
            if (reported.Contains(write) || WaitThenUse(pass, start, done, root) is not var (wait, use)) continue;
            pass.Report(write, $"the goroutine writes {root.Name} after its {Text(done)}.Done() (line {pass.Line(done)}) has run: {Text(done)}.Wait() (line {pass.Line(wait)}) may return before this write, so the use of {root.Name} at line {pass.Line(use)} after the Wait races with it; call Done last (`defer {Text(done)}.Done()` registered first, so it runs after the other deferred calls)",
                new RelatedLocation(pass.Span(done), "Done is called here, before the write"),
                new RelatedLocation(pass.Span(use), "the starter uses it here, after the Wait"));
            reported.Add(write);
            return;
        }
    }

    private static string Text(CallExpr done) => ((SelectorExpr)Expr.Unparen(done.Fun)).X is Ident id ? id.Name : "wg";

    /// <summary>Writes of the literal that run after its Done: in statements after a plain `wg.Done()` in its
    /// block, or in a deferred literal registered before `defer wg.Done()`. Each with the variable from outside
    /// the literal it writes into (`stats` for `stats[i].took = d`) and the Done call.</summary>
    private static List<(Node Write, Var Root, CallExpr Done)> LateWrites(Pass pass, FuncLit lit)
    {
        var found = new List<(Node, Var, CallExpr)>();
        var list = lit.Body.List;
        for (var j = 0; j < list.Count; j++)
        {
            var (done, deferred) = list[j] switch
            {
                ExprStmt { X: CallExpr c } when IsDone(pass, c) => (c, false),
                DeferStmt { Call: var c } when IsDone(pass, c) => (c, true),
                _ => ((CallExpr?)null, false),
            };
            if (done == null) continue;
            // A plain Done: the statements after it. A deferred one: the deferred literals registered before it.
            var late = deferred
                ? list.Take(j).OfType<DeferStmt>().Select(d => d.Call.Fun).OfType<FuncLit>().Select(l => (Node)l.Body)
                : list.Skip(j + 1).Where(s => s is not DeferStmt).Cast<Node>();
            foreach (var node in late)
                Walker.Inspect(node, n =>
                {
                    if (n is FuncLit && !ReferenceEquals(n, node)) return false;
                    var targets = n switch
                    {
                        AssignStmt { Tok: not Syntax.Token.Define } a => a.Lhs.ToList(),
                        IncDecStmt inc => [inc.X],
                        _ => [],
                    };
                    foreach (var t in targets)
                        if (n != null && RootVar(pass, t) is { } v && !SharedAccess.Inside(v, lit)) found.Add((n, v, done));
                    return true;
                });
        }
        return found;
    }

    private static bool IsDone(Pass pass, CallExpr c) =>
        Expr.Unparen(c.Fun) is SelectorExpr { Sel.Name: "Done", X: var wg } && pass.Info.TypeOf(wg) is var t
        && (t is PointerType p ? p.Elem : t) is NamedType { Obj: { Name: "WaitGroup", Pkg.Path: "sync" } };

    /// <summary>The variable an assignment target writes into: x of x, x.f, x[i].f, *x.</summary>
    private static Var? RootVar(Pass pass, Expr e)
    {
        while (true)
            switch (Expr.Unparen(e))
            {
                case Ident id: return pass.Info.ObjectOf(id) as Var;
                case SelectorExpr s: e = s.X; break;
                case IndexExpr ix: e = ix.X; break;
                case StarExpr st: e = st.X; break;
                default: return null;
            }
    }

    /// <summary>The starter's first `wg.Wait()` on the goroutine's WaitGroup after the start (in the loop's
    /// function too, when the start is in a loop), and its first use of the variable after that Wait.</summary>
    private static (CallExpr Wait, Expr Use)? WaitThenUse(Pass pass, SharedAccess.Start start, CallExpr done, Var root)
    {
        var wg = FieldPath.Of(pass, ((SelectorExpr)Expr.Unparen(done.Fun)).X)?.Key;
        if (wg == null || pass.Functions.FirstOrDefault(f => ReferenceEquals(f.Function, start.Function)).Body is not { } body) return null;
        var after = start.Stmt.End().Value;
        CallExpr? wait = null;
        Expr? use = null;
        Walker.Inspect(body, n =>
        {
            if (use != null || n is FuncLit) return false;
            if (wait == null && n is CallExpr c && c.Pos().Value >= after && Expr.Unparen(c.Fun) is SelectorExpr { Sel.Name: "Wait", X: var x } && FieldPath.Of(pass, x)?.Key == wg) wait = c;
            else if (wait != null && n is Ident id && id.Pos().Value >= wait.End().Value && ReferenceEquals(pass.Info.ObjectOf(id), root)) use = id;
            return true;
        });
        return wait != null && use != null ? (wait, use) : null;
    }
}
