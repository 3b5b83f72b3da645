using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1006 for a goroutine method that serves no channel field of its receiver (so it is no run loop): a janitor
/// ranging over a ticker's channel, which Stop never closes, or a `for` with no condition, return or break, in a
/// type with a Stop or Close method. The goroutine outlives every Close, once per instance.
/// </summary>
public sealed partial class LF1006LoopOutlivesStop
{
    private static void CheckEndlessMethods(Pass pass, RunLoops model)
    {
        if (model.Started.Count == 0) return;
        var runLoops = new HashSet<FuncDecl>(model.Loops.Select(l => l.Method), ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: not null } fd || !model.Started.Contains(fd) || runLoops.Contains(fd)
                || RunLoops.ReceiverOf(pass.Info, fd) is not { } recv || RunLoops.OwnerOf(recv) is not { } owner) continue;
            foreach (var top in fd.Body.List)
            {
                var (loop, label) = top is LabeledStmt { Stmt: var inner } ls ? (inner, ls.Label.Name) : (top, (string?)null);
                if (loop is not (ForStmt or RangeStmt) || !Loops.IsEndless(loop, label) || Endless(pass, loop) is not { } how) continue;
                var called = CalledNames(fd.Body);
                if (StopMethod(pass, owner, called) is not { } stop) break;
                var name = fd.Name.Name;
                var related = new List<RelatedLocation> { new(pass.Span(stop.Name), $"{stop.Name.Name} does not end the loop at line {pass.Line(loop)}") };
                if (StartOf(pass, fd) is { } go) related.Add(new RelatedLocation(pass.Span(go), $"the {name} goroutine is started here"));
                pass.Report(pass.Span(loop.Pos(), loop.Pos() + 3),
                    $"the goroutine running {name} can never leave this loop: {how}, so after {stop.Name.Name} it keeps running for ever, and every {owner} made and stopped leaks one; end the loop from {stop.Name.Name} (select on a stop channel or ctx.Done() that {stop.Name.Name} closes or cancels, and return)",
                    related);
                break;
            }
        }
    }

    /// <summary>Why a loop with no exit never ends: no condition, or a range over a ticker's channel (Stop does not
    /// close it); null for a range over anything else (a slice ends, a channel may be closed).</summary>
    private static string? Endless(Pass pass, Stmt loop) => loop switch
    {
        ForStmt { Cond: null } => "it has no condition, return or break",
        RangeStmt { X: SelectorExpr { Sel.Name: "C", X: var t } } when pass.Info.TypeOf(t) is PointerType { Elem: NamedType { Obj: { Name: "Ticker", Pkg.Path: "time" } } }
            => "it ranges over a ticker's channel, which Stop never closes, and has no return or break",
        _ => null,
    };

    /// <summary>The names of the methods and functions body calls: a stop method the loop itself calls is no way to stop it.</summary>
    private static HashSet<string> CalledNames(BlockStmt body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Walker.Inspect(body, n =>
        {
            if (n is CallExpr { Fun: var f }) names.Add(Expr.Unparen(f) switch { SelectorExpr s => s.Sel.Name, Ident i => i.Name, _ => "" });
            return true;
        });
        return names;
    }

    /// <summary>A `go x.m(..)` of the package that starts fd.</summary>
    private static GoStmt? StartOf(Pass pass, FuncDecl fd)
    {
        if (pass.Info.Defs.GetValueOrDefault(fd.Name) is not Func f) return null;
        GoStmt? found = null;
        foreach (var fn in pass.Functions)
        {
            Walker.Inspect(fn.Body, n =>
            {
                if (found != null) return false;
                if (n is GoStmt go && ReferenceEquals(Calls.Callee(pass.Info, go.Call), f)) found = go;
                return true;
            });
            if (found != null) break;
        }
        return found;
    }
}
