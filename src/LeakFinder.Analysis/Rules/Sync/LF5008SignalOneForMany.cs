using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for a batch released with one Signal: waiters loop until a counter shows room (`for p.free == 0 {
/// p.cond.Wait() }`) and each takes one unit after the loop (`p.free--`); a function adds a computed amount (`p.free
/// += n`) and wakes one waiter with Signal. The others stay asleep while the counter shows room, and when every
/// holder is among them, no later release comes. Silent when the waiters pass the wake-up on (a waiter that signals
/// or broadcasts after taking its unit), when the amount added is the constant 1, or when the adder broadcasts.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckSignalOneForMany(Pass pass, List<WaitLoop> loops, List<Write> writes, HashSet<Node> reported)
    {
        foreach (var loop in loops.DistinctBy(l => (l.Cond, l.Field)))
        {
            if (!loop.Test.EndedBy(new Change("+", null))) continue;
            var waiters = loops.Where(l => l.Cond == loop.Cond && l.Field == loop.Field).ToList();
            // Every waiter takes exactly one unit after its loop, and none passes the wake-up on.
            var takes = waiters.Select(w => TakesOne(pass, w)).ToList();
            if (takes.Exists(t => t == null) || waiters.Exists(w => Signals(pass, w.In, loop.Cond, "Signal") || Signals(pass, w.In, loop.Cond, "Broadcast"))) continue;
            foreach (var add in writes.Where(w => w.Field == loop.Field && w.Change.Kind == "+" && w.At is AssignStmt { Tok: Token.AddAssign } a && !IsConstantOne(pass, a.Rhs[0])))
            {
                if (waiters.Exists(w => ReferenceEquals(w.In, add.In)) || Signals(pass, add.In, loop.Cond, "Broadcast")) continue;
                if (SignalAfter(pass, add.In, loop.Cond, add.At.Pos().Value) is not { } signal || !reported.Add(signal)) continue;
                var amount = FormattedValues.Text(((AssignStmt)add.At).Rhs[0]) is var t && t != "the value" ? t : "a computed amount";
                pass.Report(signal,
                    $"{add.In.Name.Name} adds {amount} to {add.Text} (line {pass.Line(add.At)}) and wakes one waiter with Signal, but each waiter of the loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}) takes one (line {pass.Line(takes[0]!)}): "
                    + "the other waiters stay asleep while there is room, and once every holder is among them nothing signals again, so they wait for ever; call Broadcast, or Signal once per unit added",
                    new RelatedLocation(pass.Span(loop.Loop), "each waiter waits here"),
                    new RelatedLocation(pass.Span(takes[0]!), "and takes one unit here"));
            }
        }
    }

    /// <summary>Where the waiting function counts the field down by exactly one after its wait loop (`p.free--`, `p.free
    /// -= 1`); null when it does not.</summary>
    private static Node? TakesOne(Pass pass, WaitLoop w)
    {
        Node? found = null;
        var after = w.Loop.End().Value;
        Walker.Inspect(w.In.Body!, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n == null || n.Pos().Value < after) return true;
            var target = n switch
            {
                IncDecStmt { Tok: Token.Dec } dec => dec.X,
                AssignStmt { Tok: Token.SubAssign, Lhs: [var l], Rhs: [var r] } when IsConstantOne(pass, r) => l,
                _ => null,
            };
            if (target != null && LockPaths.Of(pass.Info, target)?.Class == w.Field) found = n;
            return found == null;
        });
        return found;
    }

    private static bool IsConstantOne(Pass pass, Expr e) =>
        pass.Info.Types.TryGetValue(e, out var tv) && tv.Value?.AsInt is { } k && k == 1;

    /// <summary>The function's one Signal on the Cond class after pos, outside any loop; null when there is none, or more
    /// than one, or it signals in a loop (once per unit).</summary>
    private static CallExpr? SignalAfter(Pass pass, FuncDecl d, string condClass, int pos) =>
        SignalCalls(pass, d).Where(s => s.Call.Fun is SelectorExpr { Sel.Name: "Signal" } && IsSignal(pass, s.Call, condClass)).ToList() is [var (call, inLoop)]
        && !inLoop && call.Pos().Value > pos ? call : null;
}
