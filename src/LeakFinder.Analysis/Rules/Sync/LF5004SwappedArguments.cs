using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5004 for one function taking two mutexes of one class in the order of its arguments: `Transfer(from, to)`
/// locks from.mu, then to.mu. The class-level graph cannot see an order between two instances of one class, but the
/// package's calls can: `Transfer(a, b)` in one goroutine and `Transfer(b, a)` in another each take one mutex and
/// wait for the other.
/// </summary>
public sealed partial class LF5004LockOrderInversion
{
    private static void CheckSwappedArguments(Pass pass, IReadOnlyList<LockOrderEdge> edges)
    {
        FunctionLookup? lookup = null;
        var reported = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var e in edges)
        {
            var held = e.Held.Path;
            if (e.Via.Length > 0 || e.Held.Holder != null || held.Fields != e.To.Fields || held.Fields.Length == 0 || held.Indexes.Count > 0
                || ReferenceEquals(held.Root, e.To.Root) || held.Class == null || held.Class != e.To.Class
                || e.Held.Mode == LockMode.Read && e.Wanted == LockMode.Read || reported.Contains(e.At)) continue;
            if ((lookup ??= pass.ResultOf(FunctionLookup.Analysis)).EnclosingDeclaration(e.At) is not { } fd
                || pass.Info.Defs.GetValueOrDefault(fd.Name) is not Func f) continue;
            var first = ArgumentIndex(pass, fd, held.Root);
            var second = ArgumentIndex(pass, fd, e.To.Root);
            if (first == null || second == null) continue;
            if (SwappedCalls(pass, f, first.Value, second.Value) is not var (one, other)) continue;
            reported.Add(e.At);
            pass.Report(e.At,
                $"{fd.Name.Name} locks {held.Text} and then {e.To.Text}, two mutexes of one class ({held.Class}) taken in the order of its arguments, and the package calls it both ways round (line {pass.Line(one)} and line {pass.Line(other)}, one of them in a goroutine): two such calls at once each hold one mutex and wait for the other for ever; take the two in one fixed order (by an ID or address), whatever the order of the arguments",
                new RelatedLocation(pass.Span(e.Held.LockedAt), $"{held.Text} is locked here"),
                new RelatedLocation(pass.Span(one), "called one way round"),
                new RelatedLocation(pass.Span(other), "and the other way round"));
        }
    }

    /// <summary>The receiver (-1) or the parameter's position v is in f's signature; null for any other variable.</summary>
    private static int? ArgumentIndex(Pass pass, FuncDecl fd, Var v)
    {
        if (RunLoops.ReceiverOf(pass.Info, fd) is { } recv && ReferenceEquals(recv, v)) return -1;
        var index = SummaryBuilder.ParamVars(fd, pass.Info).ToList().FindIndex(p => ReferenceEquals(p, v));
        return index >= 0 ? index : null;
    }

    /// <summary>Two calls of f whose two arguments name the same two values swapped (`Transfer(a, b)`, `Transfer(b, a)`),
    /// at least one of them started as or inside a goroutine.</summary>
    private static (CallExpr, CallExpr)? SwappedCalls(Pass pass, Func f, int i, int j)
    {
        var calls = new List<(CallExpr Call, string A, string B, bool InGoroutine)>();
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is FuncLit) continue; // walked with the declaration holding it
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is not CallExpr call || !ReferenceEquals(Calls.Callee(pass.Info, call), f)) return true;
                if (Argument(pass, call, i) is { } a && Argument(pass, call, j) is { } b && a != b)
                    calls.Add((call, a, b, ancestors.Any(x => x is GoStmt)));
                return true;
            });
        }
        foreach (var c in calls)
            foreach (var d in calls)
                if (c.A == d.B && c.B == d.A && (c.InGoroutine || d.InGoroutine) && c.Call.Pos().Value < d.Call.Pos().Value)
                    return (c.Call, d.Call);
        return null;
    }

    private static string? Argument(Pass pass, CallExpr call, int index)
    {
        var e = index < 0 ? (Expr.Unparen(call.Fun) as SelectorExpr)?.X : index < call.Args.Count ? call.Args[index] : null;
        return e != null && LockPaths.Of(pass.Info, e) is { } path ? path.Key : null;
    }
}
