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
    private static void CheckBackgroundWriters(Pass pass)
    {
        foreach (var bg in pass.ResultOf(SharedAccess.BackgroundStartsAnalysis))
        {
            if (bg is not { Lit: { } lit, Function: FuncDecl { Recv: not null } starter } || RunLoops.ReceiverOf(pass.Info, starter) is not { } recv) continue;
            if (SharedAccess.LocksAnywhere(pass, lit)) continue;
            // A receive in a worker's loop orders nothing with the other methods' reads: all its writes count.
            foreach (var (path, at) in MapWrites(pass, lit))
            {
                // A field of the receiver itself (`s.cache`), written inside a loop of the goroutine: a worker that keeps writing.
                if (SharedAccess.FieldOf(path, recv) is not { } field || !InLoop(lit, at)) continue;
                if (SharedAccess.UnlockedMethodUse(pass, RunLoops.OwnerOf(recv), m => ReferenceEquals(m, starter), field, e => pass.Info.TypeOf(e)?.Underlying is MapType) is not (var other, var otherRecv, var use)) continue;
                pass.Report(use, $"{other.Name.Name} uses the map {otherRecv.Name}.{field} with no lock, while the goroutine {starter.Name.Name} starts (line {pass.Line(bg.Go)}) keeps writing it in its loop (line {pass.Line(at)}) with no lock either: once that goroutine runs, every call of {other.Name.Name} races with it, and Go maps are not safe for concurrent use (\"concurrent map read and map write\"); guard {field} with a mutex in both places, or hand the data over on a channel",
                    new RelatedLocation(pass.Span(at), "the goroutine writes the map here"),
                    new RelatedLocation(pass.Span(bg.Go), "the goroutine is started here, and not waited for"));
                break;
            }
        }
    }

    private static bool InLoop(FuncLit lit, Node at) =>
        Walker.Any(lit.Body, n => n is ForStmt or RangeStmt && at.Pos().Value >= n.Pos().Value && at.End().Value <= n.End().Value, intoLiterals: false);
}
