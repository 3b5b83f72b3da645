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
    private static void CheckBackgroundWriter(Pass pass, Node function, GoStmt go, FuncLit lit, List<(FieldPath Path, Node At)> writes, IReadOnlyList<Stmt> rest)
    {
        if (function is not FuncDecl { Recv: not null } starter || RunLoops.ReceiverOf(pass.Info, starter) is not { } recv) return;
        if (rest.Any(s => Handoffs.Synchronises(pass, s))) return; // the starter waits for it before returning
        var owner = RunLoops.OwnerOf(recv);
        foreach (var (path, at) in writes)
        {
            // A field of the receiver itself (`s.cache`), written inside a loop of the goroutine: a worker that keeps writing.
            if (!ReferenceEquals(path.Root, recv) || path.Text.Count(c => c == '.') != 1 || !InLoop(lit, at)) continue;
            var field = path.Text[(path.Text.IndexOf('.') + 1)..];
            if (SharedAccess.UnlockedMethodUse(pass, owner, m => ReferenceEquals(m, starter), field, e => pass.Info.TypeOf(e)?.Underlying is MapType) is not (var other, var otherRecv, var use)) continue;
            pass.Report(use, $"{other.Name.Name} uses the map {otherRecv.Name}.{field} with no lock, while the goroutine {starter.Name.Name} starts (line {pass.Line(go)}) keeps writing it in its loop (line {pass.Line(at)}) with no lock either: once that goroutine runs, every call of {other.Name.Name} races with it, and Go maps are not safe for concurrent use (\"concurrent map read and map write\"); guard {field} with a mutex in both places, or hand the data over on a channel",
                new RelatedLocation(pass.Span(at), "the goroutine writes the map here"),
                new RelatedLocation(pass.Span(go), "the goroutine is started here, and not waited for"));
            return;
        }
    }

    private static bool InLoop(FuncLit lit, Node at) =>
        Walker.Any(lit.Body, n => n is ForStmt or RangeStmt && at.Pos().Value >= n.Pos().Value && at.End().Value <= n.End().Value, intoLiterals: false);
}
