using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007 for the loser of a sync.Map LoadOrStore: a function makes a fresh in-flight entry with its own done channel
/// (`f := &amp;fetch{done: make(chan struct{})}`), offers it with `_, loaded := m.LoadOrStore(key, f)`, and on the
/// loaded branch waits on f's done channel (`&lt;-f.done`, or a method of the package that does, `f.wait()`). When
/// loaded is true the map kept the other caller's entry and f was never stored: nobody else can see f, and the only
/// close of its channel is on this function's other branch. The wait blocks for ever; the loaded value is the one to
/// wait on. Only when f goes nowhere but LoadOrStore before the wait.
/// </summary>
public sealed partial class LF1007DoneNotClosed
{
    private static void CheckLoadOrStoreLosers(Pass pass)
    {
        if (!pass.UsesFunction("(*sync.Map).LoadOrStore")) return;
        var functions = pass.ResultOf(FunctionLookup.Analysis);
        foreach (var fn in pass.Functions)
        {
            // `_, loaded := m.LoadOrStore(key, f)`, as an if's init or a statement of its own: loaded, the call and f.
            var offers = new Dictionary<Var, (CallExpr Call, Var Entry)>(ReferenceEqualityComparer.Instance);
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is AssignStmt { Tok: Token.Define, Lhs: [_, Ident loadedId], Rhs: [var rhs] } && Expr.Unparen(rhs) is CallExpr call
                    && Calls.Callee(pass.Info, call)?.FullName == "(*sync.Map).LoadOrStore" && call.Args.Count == 2
                    && Expr.Unparen(call.Args[1]) is Ident entryId && pass.Info.ObjectOf(entryId) is Var entry && pass.Info.Defs.GetValueOrDefault(loadedId) is Var loaded)
                    offers[loaded] = (call, entry);
                return true;
            });
            if (offers.Count == 0) continue;
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is IfStmt ifs)
                    foreach (var (loaded, (call, entry)) in offers)
                        if (call.End().Value <= ifs.Cond.Pos().Value && LoadedBranch(pass, ifs, loaded) is { } branch)
                            CheckLoser(pass, functions, fn, call, entry, ifs, branch);
                return true;
            });
        }
    }

    /// <summary>The branch of the if that runs when loaded is true: its body for `if loaded`, its else block for `if !loaded`.</summary>
    private static BlockStmt? LoadedBranch(Pass pass, IfStmt ifs, Var loaded) => Expr.Unparen(ifs.Cond) switch
    {
        Ident id when ReferenceEquals(pass.Info.ObjectOf(id), loaded) => ifs.Body,
        UnaryExpr { Op: Token.Not, X: var x } when Expr.Unparen(x) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), loaded) => ifs.Else as BlockStmt,
        _ => null,
    };

    private static void CheckLoser(Pass pass, FunctionLookup functions, FunctionBody fn, CallExpr offer, Var entry, IfStmt ifs, BlockStmt branch)
    {
        // The entry: defined once in the function as a literal whose channel fields are fresh makes, and used only by
        // the offer before the if (its other branch, the winner's, never runs with this one).
        CompositeLit? made = null;
        var ok = true;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), entry)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            if (pass.Info.Defs.ContainsKey(id))
            {
                if (parent is AssignStmt { Tok: Token.Define, Lhs: [_], Rhs: [var value] } && FreshLiteral(pass, value) is { } lit) made = lit;
                else ok = false;
            }
            else if (id.Pos().Value < ifs.Pos().Value && !ReferenceEquals(offer.Args[1], id)) ok = false;
            return false;
        });
        if (!ok || made == null || made.Pos().Value > offer.Pos().Value) return;
        // The first statement of the branch that mentions the entry must be the wait.
        foreach (var stmt in branch.List)
        {
            if (!Walker.Any(stmt, x => x is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), entry), intoLiterals: true)) continue;
            if (WaitOnEntry(pass, functions, stmt, entry) is not var (wait, field)) return;
            if (!made.Elts.Any(e => e is KeyValueExpr { Key: Ident key } && key.Name == field)) return;
            pass.Report(pass.Span(wait),
                $"LoadOrStore found another caller's entry (loaded is true), so {entry.Name} was never stored and nobody else can see it: this waits on {entry.Name}.{field}, which only this function's other branch closes, and blocks for ever; wait on the entry LoadOrStore returned (actual) instead",
                [
                    new RelatedLocation(pass.Span(offer), $"{entry.Name} is offered here and not stored when loaded"),
                    new RelatedLocation(pass.Span(made), $"{entry.Name} and its {field} are made here"),
                ]);
            return;
        }
    }

    /// <summary>`&amp;T{..}` or `T{..}` whose every channel field is given a make (no channel shared with anything).</summary>
    private static CompositeLit? FreshLiteral(Pass pass, Expr value)
    {
        var e = Expr.Unparen(value);
        if (e is UnaryExpr { Op: Token.And } u) e = Expr.Unparen(u.X);
        if (e is not CompositeLit lit) return null;
        foreach (var elt in lit.Elts)
            if (elt is not KeyValueExpr kv || pass.Info.TypeOf(kv.Value)?.Underlying is ChanType && !Facts.ChannelMakes.IsMake(pass.Info, kv.Value)) return null;
        return lit;
    }

    /// <summary>A statement that blocks receiving from a channel field of the entry with no other way out: `&lt;-f.done`
    /// (alone, assigned or returned), or a call of a method of the package on it whose body starts by such a receive
    /// from its receiver's field (`return f.wait()`). The receive (or call) and the field's name.</summary>
    private static (Node At, string Field)? WaitOnEntry(Pass pass, FunctionLookup functions, Stmt stmt, Var entry)
    {
        var x = stmt switch
        {
            ExprStmt e => e.X,
            ReturnStmt { Results: [var r] } => r,
            ReturnStmt { Results.Count: > 1 } r when r.Results.Count(res => Walker.Any(res, n => n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), entry), intoLiterals: true)) == 1
                => r.Results.First(res => Walker.Any(res, n => n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), entry), intoLiterals: true)),
            AssignStmt { Rhs: [var r] } => r,
            _ => null,
        };
        if (x == null) return null;
        x = Expr.Unparen(x);
        if (x is UnaryExpr { Op: Token.Arrow } recv && Expr.Unparen(recv.X) is SelectorExpr { X: Ident root } sel && ReferenceEquals(pass.Info.ObjectOf(root), entry)
            && pass.Info.TypeOf(sel)?.Underlying is ChanType)
            return (recv, sel.Sel.Name);
        if (x is CallExpr { Fun: var fun } call && Expr.Unparen(fun) is SelectorExpr { X: Ident r2 } && ReferenceEquals(pass.Info.ObjectOf(r2), entry)
            && Calls.Callee(pass.Info, call) is { } m && functions.DeclarationOf(m)?.Function is FuncDecl { Body.List: [var first, ..] } decl
            && decl.Recv is { List: [{ Names: [var rn] }] } && pass.Info.Defs.GetValueOrDefault(rn) is Var mr
            && first is ExprStmt { X: var fx } && Expr.Unparen(fx) is UnaryExpr { Op: Token.Arrow } mrecv
            && Expr.Unparen(mrecv.X) is SelectorExpr { X: Ident mroot } msel && ReferenceEquals(pass.Info.ObjectOf(mroot), mr) && pass.Info.TypeOf(msel)?.Underlying is ChanType)
            return (call, msel.Sel.Name);
        return null;
    }
}
