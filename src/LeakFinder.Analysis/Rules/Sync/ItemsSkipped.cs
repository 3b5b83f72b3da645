using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// `wg.Add(len(items))` counts one goroutine per item up front; the `range items` loop that follows must then
/// start a goroutine that calls Done (or call Done itself) for every item. A `continue`, `break` or `return`
/// before the `go`, or a `go` under an `if` with no counting else, leaves the counter above zero for good, and
/// the `wg.Wait()` after the loop blocks for ever. Only the shape is judged: straight statements, `if`s and
/// branches in the loop body; a `switch`, an inner loop or a goroutine start we cannot place keeps us silent.
/// </summary>
internal static class ItemsSkipped
{
    /// <summary>Where a statement list leaves the iteration without counting it (null: it counts, or we cannot tell).</summary>
    private sealed record Outcome(bool Counted, Node? Skip, bool Unknown)
    {
        public static readonly Outcome Counts = new(true, null, false);
        public static readonly Outcome FallsThrough = new(false, null, false);
        public static readonly Outcome Unsure = new(false, null, true);
        public static Outcome SkipsAt(Node n) => new(false, n, false);
    }

    public static void Check(Pass pass, FunctionBody fn)
    {
        Walker.Inspect(fn.Body, n =>
        {
            if (n is FuncLit) return false;
            if (n is BlockStmt block) CheckList(pass, block.List);
            if (n is CaseClause cc) CheckList(pass, cc.Body);
            if (n is CommClause comm) CheckList(pass, comm.Body);
            return true;
        });
    }

    private static void CheckList(Pass pass, IReadOnlyList<Stmt> list)
    {
        for (var i = 0; i + 1 < list.Count; i++)
        {
            if (list[i] is not ExprStmt { X: CallExpr { Args: [CallExpr lenCall] } add } || WaitGroups.Call(pass, add, "Add") is not { } group) continue;
            if (Semantics.Checking.Calls.BuiltinName(pass.Info, lenCall) != "len" || lenCall.Args.Count != 1) continue;
            if (FieldPath.Of(pass, lenCall.Args[0]) is not { } items || list[i + 1] is not RangeStmt loop) continue;
            // Counted by a slice's items, started per entry of a map (the items grouped by key): the counts differ
            // whenever two items share a key.
            var perEntry = FieldPath.Of(pass, loop.X)?.Key != items.Key
                           && pass.Info.TypeOf(loop.X)?.Underlying is Semantics.Types.MapType
                           && pass.Info.TypeOf(lenCall.Args[0])?.Underlying is Semantics.Types.SliceType or Semantics.Types.ArrayType;
            if (!perEntry && FieldPath.Of(pass, loop.X)?.Key != items.Key) continue;
            // The count must be settled here: Wait after the loop in this list, no other Add or Done of the group
            // outside the goroutines the loop starts.
            var wait = list.Skip(i + 2).FirstOrDefault(s => Mentions(pass, s, group, "Wait"));
            if (wait == null || list.Skip(i + 2).TakeWhile(s => s != wait).Any(s => Mentions(pass, s, group, "Add") || Mentions(pass, s, group, "Done"))) continue;
            // The loop must count items itself (start the goroutines, or call Done): a loop that hands each item to
            // goroutines already running (`child.feeder <- response`, whose receivers call Done) is not judged.
            if (!Walker.Any(loop.Body, n => n is GoStmt go && MentionsGroup(pass, go, group), intoLiterals: false)) continue;
            var outcome = Walk(pass, loop.Body.List, group);
            if (perEntry)
            {
                var entries = FieldPath.Of(pass, loop.X)?.Text ?? "it";
                if (outcome.Unknown || !outcome.Counted) continue;
                pass.Report(add, $"{group.Text}.Add(len({items.Text})) counts one goroutine per item, but the loop that follows starts one per entry of the map {entries}: whenever two items share an entry, fewer goroutines call Done than were counted and "
                    + $"{group.Text}.Wait() at line {pass.Line(wait)} blocks for ever; count what the loop ranges over ({group.Text}.Add(len({entries}))), or Add(1) before each go statement",
                    new RelatedLocation(pass.Span(loop), "one goroutine per map entry is started here"),
                    new RelatedLocation(pass.Span(wait), "waits for all of them"));
                continue;
            }
            if (outcome.Unknown || outcome.Counted) continue;
            var at = outcome.Skip ?? (Node)loop.Body;
            var how = outcome.Skip switch
            {
                BranchStmt { Tok: Token.Continue } => "this continue moves to the next item without starting the goroutine that calls Done",
                BranchStmt { Tok: Token.Break } => "this break leaves the loop before the remaining items' goroutines are started",
                ReturnStmt => "this return leaves before the remaining items' goroutines are started",
                _ => "an item for which the condition around the go statement is false starts no goroutine",
            };
            var name = group.Text;
            pass.Report(at, $"{name}.Add(len({items.Text})) counts one goroutine per item, but {how}: the counter never reaches zero and "
                + $"{name}.Wait() at line {pass.Line(wait)} blocks for ever; call {name}.Add(1) right before each go statement instead (or {name}.Done() on the skipping path)",
                new RelatedLocation(pass.Span(add), "every item counted here"),
                new RelatedLocation(pass.Span(wait), "waits for all of them"));
        }
    }

    /// <summary>Follows a statement list of the loop body in order: the first statement that counts the item, or
    /// the first that leaves the iteration, decides.</summary>
    private static Outcome Walk(Pass pass, IReadOnlyList<Stmt> list, FieldPath group)
    {
        Node? fellThroughAt = null;
        foreach (var s in list)
        {
            switch (s)
            {
                case GoStmt go when MentionsGroup(pass, go, group):
                    return Outcome.Counts;
                case ExprStmt { X: CallExpr call } when WaitGroups.Call(pass, call, "Done") is { } g && g.Key == group.Key:
                    return Outcome.Counts;
                case BranchStmt { Tok: Token.Continue or Token.Break } b:
                    return Outcome.SkipsAt(b);
                case BranchStmt { Tok: Token.Goto }:
                    return Outcome.Unsure;
                case ReturnStmt r:
                    return Outcome.SkipsAt(r);
                case ExprStmt { X: CallExpr panic } when Semantics.Checking.Calls.BuiltinName(pass.Info, panic) == "panic":
                    return Outcome.Counts; // the function ends without reaching Wait
                case IfStmt ifs:
                {
                    var then = Walk(pass, ifs.Body.List, group);
                    var other = ifs.Else switch
                    {
                        null => Outcome.FallsThrough,
                        BlockStmt b => Walk(pass, b.List, group),
                        IfStmt nested => Walk(pass, [nested], group),
                        _ => Outcome.Unsure,
                    };
                    if (then.Unknown || other.Unknown) return Outcome.Unsure;
                    if (then.Skip != null) return then;
                    if (other.Skip != null) return other;
                    if (then.Counted && other.Counted) return Outcome.Counts;
                    // One side counted, the other goes on: what follows must count for it.
                    if (then.Counted || other.Counted) fellThroughAt ??= ifs;
                    break;
                }
                case BlockStmt b:
                {
                    var inner = Walk(pass, b.List, group);
                    if (inner.Unknown || inner.Counted || inner.Skip != null) return inner;
                    break;
                }
                default:
                    // A switch, select, inner loop or labeled statement that may count or leave: beyond this walk.
                    if (Walker.Any(s, n => n is GoStmt or BranchStmt or ReturnStmt || n is CallExpr c && WaitGroups.Call(pass, c, "Done") != null, intoLiterals: false))
                        return Outcome.Unsure;
                    break;
            }
        }
        return fellThroughAt != null ? Outcome.SkipsAt(fellThroughAt) : Outcome.FallsThrough;
    }

    /// <summary>A goroutine that can reach the group: a literal naming its variable, or a call handed the group or
    /// the value that holds it (`go s.worker(x)` for s.wg).</summary>
    private static bool MentionsGroup(Pass pass, GoStmt go, FieldPath group) =>
        Walker.Any(go.Call, n => n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), group.Root), intoLiterals: true);

    private static bool Mentions(Pass pass, Stmt s, FieldPath group, string method) =>
        Walker.Any(s, n => n is CallExpr c && WaitGroups.Call(pass, c, method) is { } g && g.Key == group.Key, intoLiterals: false);
}
