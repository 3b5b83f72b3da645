using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for a wake-up whose announced state is undone first: a function makes a change that can end a wait loop
/// (the last party of a barrier counts `b.arrived` up to `b.parties`), then, before its Signal or Broadcast, sets the
/// same field back to a constant for which the loop's condition holds again (`b.arrived = 0`, ready for the next
/// round), and changes nothing else the condition reads. Each waiter it wakes re-checks `b.arrived &lt; b.parties`,
/// finds it true, and waits again; the party that would wake it has already left. Silent when the condition calls a
/// function (it may read anything), when the function changes another field the condition reads (a generation
/// counter that ends the loop) or calls the package's own functions between the reset and the wake-up, and when the
/// reset's constant leaves the condition's outcome unknown (a bound that is neither a constant nor counted up to).
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckResetBeforeWake(Pass pass, List<WaitLoop> loops, List<Write> writes, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        foreach (var f in decls)
            Walker.InspectWithAncestors(f.Body!, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                if (n is not CallExpr signal || LockEvents.CondSignalled(pass.Info, signal) is not { } cond) return true;
                foreach (var loop in loops.Where(l => l.Cond == cond).DistinctBy(l => (l.Field, l.Test)))
                {
                    if (ResetBefore(pass, f, signal, ancestors, loop, writes, byFunc) is not var (reset, ending) || !reported.Add(reset.At)) continue;
                    var what = ((SelectorExpr)signal.Fun).Sel.Name;
                    pass.Report(reset.At,
                        $"{f.Name.Name} {ending.Change.Describe(ending.Text)} (line {pass.Line(ending.At)}), which can end the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}), but then {reset.Change.Describe(reset.Text)} before its {what} (line {pass.Line(signal)}): "
                        + $"every waiter it wakes re-checks the loop's condition, finds it true again and goes back to Wait, and nothing wakes it after, so it waits for ever; let the waiters wait for something the reset does not undo (a phase or generation counter)",
                        new RelatedLocation(pass.Span(signal), $"the {what}, after the reset"),
                        new RelatedLocation(pass.Span(loop.Loop), "the loop whose condition the reset makes true again"));
                }
                return true;
            });
    }

    /// <summary>The reset before the signal (a statement of the signal's own block or of a block around it, earlier in
    /// it) and the earlier change of the function that could end the loop; null when there is none or when the reset
    /// is not known to keep the loop going.</summary>
    private static (Write Reset, Write Ending)? ResetBefore(Pass pass, FuncDecl f, CallExpr signal, IReadOnlyList<Node> ancestors, WaitLoop loop, List<Write> writes, Dictionary<Func, FuncDecl> byFunc)
    {
        if (ReadFields(pass, loop.Loop.Cond!) is not { } read) return null;
        var mine = writes.Where(w => ReferenceEquals(w.In, f)).ToList();
        // Another field the condition reads, changed here, may end the loop however the reset goes.
        if (mine.Any(w => w.Field != loop.Field && read.Contains(w.Field))) return null;
        var before = StatementsBefore(ancestors);
        foreach (var reset in mine.Where(w => w.Field == loop.Field && w.Change.Kind == "=" && before.Contains(w.At)).Reverse())
        {
            var ending = mine.LastOrDefault(w => w.Field == loop.Field && w.At.End().Value <= reset.At.Pos().Value && loop.Test.EndedBy(w.Change) && w.Change.Kind != "=");
            if (ending == null || !KeepsLoop(loop.Test, reset.Change, ending.Change)) continue;
            // A later change of the field, or a call of the package's own that may make one, between the reset and the wake-up.
            if (mine.Any(w => w.Field == loop.Field && w.At.Pos().Value > reset.At.End().Value && w.At.End().Value <= signal.Pos().Value)
                || Walker.Any(f.Body!, x => x is CallExpr c && c.Pos().Value > reset.At.End().Value && c.End().Value <= signal.Pos().Value
                                            && Calls.Callee(pass.Info, c) is { } callee && byFunc.ContainsKey(callee), intoLiterals: false))
                continue;
            return (reset, ending);
        }
        return null;
    }

    /// <summary>The statements that run before the node on its way: those earlier in its own statement list and in
    /// each list around it, up to the function literal or function it is in.</summary>
    private static HashSet<Node> StatementsBefore(IReadOnlyList<Node> ancestors)
    {
        var result = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        for (var i = ancestors.Count - 1; i >= 1; i--)
        {
            if (ancestors[i] is FuncLit) break;
            if (ancestors[i] is not Stmt stmt || StatementLists.Of(ancestors[i - 1]) is not { } list || list.IndexOf(stmt) is not (var at and >= 0)) continue;
            for (var k = 0; k < at; k++) result.Add(list[k]);
        }
        return result;
    }

    /// <summary>Whether the constant the reset assigns makes the conjunct hold again: a bool set to the value the loop
    /// waits on; a comparison with a constant that the constant satisfies; a counter counted up to a bound that is not
    /// a constant, set back to zero (`for b.arrived &lt; b.parties` after `b.arrived = 0`).</summary>
    private static bool KeepsLoop(Test test, Change reset, Change ending)
    {
        if (reset.Value == null || test.Len || test.EndedBy(reset)) return false;
        if (test.Op is Token.Not or Token.Ident) return reset.Value.Kind == ConstantKind.Bool;
        var op = test.FieldLeft ? test.Op : test.Op switch { Token.Lss => Token.Gtr, Token.Leq => Token.Geq, Token.Gtr => Token.Lss, Token.Geq => Token.Leq, var o => o };
        if (test.Bound != null) return Constant.Compare(op, reset.Value, test.Bound) == true;
        return op is Token.Lss or Token.Leq && ending.Kind == "+" && reset.Value.AsInt is { } v && v.IsZero;
    }
}
