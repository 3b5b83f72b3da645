using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for a wait loop whose condition nothing can change: it reads only local variables (and constants) that
/// nothing writes while it waits: `for free &lt; n { q.cond.Wait() }` after `free := q.capacity - q.used`, or, through a
/// helper, `q.waitFor(func() bool { return free &gt;= n })` with `func (q *QuotaPool) waitFor(ready func() bool) { for
/// !ready() { q.cond.Wait() } }`. A Signal or Broadcast wakes the waiter to the same answer, so once it waits, it waits
/// for ever. A variable counts as unchanging when it is a local of a basic type (a number, bool or string) whose
/// address is never taken, that no function literal of its function assigns (a goroutine or callback could change it
/// during the Wait) and, for the direct loop, that the loop itself never assigns. Any field, call, index, pointer or
/// package variable in the condition leaves it alone.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckFrozenPredicate(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        foreach (var d in decls)
            Walker.InspectWithAncestors(d.Body!, (n, ancestors) =>
            {
                if (n is not ForStmt { Cond: { } cond, Init: null, Post: null } loop
                    || loop.Body.List.FirstOrDefault(s => s is ExprStmt { X: CallExpr c } && LF5006CondWaitWithoutCheck.IsCondWait(pass, c)) is not ExprStmt { X: CallExpr wait })
                    return true;
                var text = wait.Fun is SelectorExpr ws && FieldPath.Of(pass, ws.X) is { } p ? p.Text : "the cond";
                if (FrozenVars(pass, Innermost(d, ancestors), cond, loop) is { } vars && reported.Add(loop))
                    pass.Report(loop.Cond!,
                        $"this loop waits on {text} for a condition that reads only {Listed(vars)}, locals that nothing changes while it waits: a Signal or Broadcast wakes it to the same answer, so once it waits it waits for ever; re-read the shared state in the loop's condition",
                        new RelatedLocation(pass.Span(wait), "the Wait"));
                else if (ancestors.All(a => a is not FuncLit) && PredicateParam(pass, d, cond) is { } param)
                    foreach (var (scope, lit) in PredicatesPassed(pass, decls, byFunc, d, param))
                        if (lit.Body.List is [ReturnStmt { Results: [var result] }] && FrozenVars(pass, scope, result, null) is { } captured && reported.Add(lit))
                            pass.Report(lit,
                                $"{d.Name.Name} waits on {text} (line {pass.Line(loop)}) until this function returns true, but it reads only {Listed(captured)}, values taken before the wait that nothing changes while it waits: a Signal or Broadcast wakes it to the same answer, so once it waits it waits for ever; read the shared state inside the function",
                                new RelatedLocation(pass.Span(loop), $"the loop in {d.Name.Name} that calls it"));
                return true;
            });
    }

    /// <summary>The function a node runs in: the innermost literal around it, or the declaration. A variable of an
    /// enclosing function can change while a literal runs (the enclosing function goes on, as with a goroutine).</summary>
    private static Node Innermost(FuncDecl d, IReadOnlyList<Node> ancestors) => ancestors.LastOrDefault(a => a is FuncLit) ?? d;

    private static string Listed(List<Var> vars)
    {
        var names = vars.Select(v => v.Name).Distinct().ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    /// <summary>The variables an expression reads, when it reads nothing else that could change (constants aside) and
    /// each is a local of the function that stays put during the loop (or, with no loop, while the function waits in a
    /// call); null otherwise, or when it reads no variable.</summary>
    private static List<Var>? FrozenVars(Pass pass, Node f, Expr e, ForStmt? loop)
    {
        var vars = new List<Var>();
        var ok = true;
        Walker.Inspect(e, n =>
        {
            if (!ok || n == null) return false;
            switch (n)
            {
                case ParenExpr or BinaryExpr or BasicLit:
                    return true;
                case UnaryExpr { Op: Token.Not or Token.Sub or Token.Add or Token.Xor }:
                    return true;
                case Ident id:
                    switch (pass.Info.ObjectOf(id))
                    {
                        case Const or Nil:
                            return false;
                        case Var v when !v.IsField && !LockPaths.IsGlobal(v) && v.Type.Underlying is BasicType && v.Pos >= f.Pos().Value && v.Pos < f.End().Value:
                            vars.Add(v);
                            return false;
                    }
                    ok = false;
                    return false;
                default:
                    ok = false;
                    return false;
            }
        });
        if (!ok || vars.Count == 0) return null;
        return vars.All(v => StaysPut(pass, f, v, loop)) ? vars : null;
    }

    /// <summary>No assignment to the variable inside the loop or inside any function literal of the function it
    /// belongs to (the declaration or literal f), and its address never taken.</summary>
    private static bool StaysPut(Pass pass, Node f, Var v, ForStmt? loop)
    {
        bool Is(Expr x) => Expr.Unparen(x) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v) && !ReferenceEquals(pass.Info.Defs.GetValueOrDefault(id), v);
        var changed = false;
        var body = f is FuncLit lit ? lit.Body : ((FuncDecl)f).Body!;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (changed) return false;
            var write = n switch
            {
                AssignStmt a => a.Lhs.Any(Is),
                IncDecStmt inc => Is(inc.X),
                RangeStmt r => r.Key is { } k && Is(k) || r.Value is { } val && Is(val),
                UnaryExpr { Op: Token.And } u => Is(u.X),
                _ => false,
            };
            if (write && (n is UnaryExpr || ancestors.Any(a => a is FuncLit) || loop != null && ancestors.Any(a => ReferenceEquals(a, loop))))
                changed = true;
            return !changed;
        });
        return !changed;
    }

    /// <summary>The parameter of function type the loop's condition calls with no arguments (`for !ready() {`), when
    /// the function never assigns it.</summary>
    private static Var? PredicateParam(Pass pass, FuncDecl f, Expr cond)
    {
        var e = Expr.Unparen(cond);
        if (e is UnaryExpr { Op: Token.Not } not) e = Expr.Unparen(not.X);
        if (e is not CallExpr { Args.Count: 0, Fun: Ident fn } || pass.Info.ObjectOf(fn) is not Var v || v.Type.Underlying is not SignatureType) return null;
        if (!SummaryBuilder.ParamVars(f, pass.Info).Any(p => ReferenceEquals(p, v))) return null;
        return StaysPut(pass, f, v, null) ? v : null;
    }

    /// <summary>The function literals the package's calls of the function pass for that parameter, each with the
    /// function the call runs in (<see cref="Innermost"/>).</summary>
    private static List<(Node Scope, FuncLit Lit)> PredicatesPassed(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, FuncDecl f, Var param)
    {
        var index = SummaryBuilder.ParamVars(f, pass.Info).FindIndex(p => ReferenceEquals(p, param));
        var found = new List<(Node, FuncLit)>();
        if (index < 0 || f.Type.Params.List.Any(field => field.Type is Ellipsis)) return found;
        foreach (var caller in decls)
            Walker.InspectWithAncestors(caller.Body!, (n, ancestors) =>
            {
                if (n is CallExpr call && Calls.Callee(pass.Info, call) is { } callee && byFunc.TryGetValue(callee, out var cd) && ReferenceEquals(cd, f)
                    && index < call.Args.Count && Expr.Unparen(call.Args[index]) is FuncLit { Type.Params.List.Count: 0 } lit)
                    found.Add((Innermost(caller, ancestors), lit));
                return true;
            });
        return found;
    }
}
