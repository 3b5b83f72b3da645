using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7001 for a background goroutine: a method starts a goroutine literal that loops writing a map field of
/// its receiver, with no lock, and returns without waiting for it; an exported method of the same type reads
/// or writes that field, locking nothing. Once the goroutine runs, every call of that method races with it.
/// </summary>
public sealed partial class LF7001MapSharedAcrossGoroutines
{
    private static void CheckBackgroundWriter(Pass pass, Node function, GoStmt go, FuncLit lit, List<(FieldPath Path, Node At)> writes, List<Stmt> rest)
    {
        if (function is not FuncDecl { Recv: not null } starter || RunLoops.ReceiverOf(pass.Info, starter) is not { } recv) return;
        if (rest.Any(s => Handoffs.Synchronises(pass, s))) return; // the starter waits for it before returning
        var owner = RunLoops.OwnerOf(recv);
        foreach (var (path, at) in writes)
        {
            // A field of the receiver itself (`s.cache`), written inside a loop of the goroutine: a worker that keeps writing.
            if (!ReferenceEquals(path.Root, recv) || path.Text.Count(c => c == '.') != 1 || !InLoop(lit, at)) continue;
            var field = path.Text[(path.Text.IndexOf('.') + 1)..];
            foreach (var fn in pass.Functions)
            {
                if (fn.Function is not FuncDecl { Recv: not null, Body: { } body } other || ReferenceEquals(other, starter) || !char.IsUpper(other.Name.Name[0])) continue;
                if (RunLoops.ReceiverOf(pass.Info, other) is not { } otherRecv || RunLoops.OwnerOf(otherRecv) != owner) continue;
                if (Walker.Any(body, n => n is CallExpr c && Handoffs.IsLockCall(pass, c))) continue;
                if (FieldUse(pass, body, otherRecv, field) is not { } use) continue;
                pass.Report(use, $"{other.Name.Name} uses the map {otherRecv.Name}.{field} with no lock, while the goroutine {starter.Name.Name} starts (line {pass.Line(go)}) keeps writing it in its loop (line {pass.Line(at)}) with no lock either: once that goroutine runs, every call of {other.Name.Name} races with it, and Go maps are not safe for concurrent use (\"concurrent map read and map write\"); guard {field} with a mutex in both places, or hand the data over on a channel",
                    new RelatedLocation(pass.Span(at), "the goroutine writes the map here"),
                    new RelatedLocation(pass.Span(go), "the goroutine is started here, and not waited for"));
                return;
            }
        }
    }

    private static bool InLoop(FuncLit lit, Node at) =>
        Walker.Any(lit.Body, n => n is ForStmt or RangeStmt && at.Pos().Value >= n.Pos().Value && at.End().Value <= n.End().Value, intoLiterals: false);

    /// <summary>The first use of the receiver's map field in a method body (outside literals).</summary>
    private static Expr? FieldUse(Pass pass, BlockStmt body, Semantics.Types.Var recv, string field)
    {
        Expr? use = null;
        Walker.Inspect(body, n =>
        {
            if (use != null || n is FuncLit) return false;
            if (n is SelectorExpr { X: Ident id } s && s.Sel.Name == field && ReferenceEquals(pass.Info.ObjectOf(id), recv)
                && pass.Info.TypeOf(s)?.Underlying is MapType) use = s;
            return use == null;
        });
        return use;
    }
}
