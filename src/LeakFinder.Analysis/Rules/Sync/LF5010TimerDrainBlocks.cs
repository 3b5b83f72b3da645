using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5010: the drain idiom `if !t.Stop() { &lt;-t.C }` reached after the timer's value was already received (a
/// select's `case &lt;-t.C:` that falls through to it, in the same iteration or, in a loop, the next one). The timer
/// has fired, so Stop reports false, and the channel is empty: the receive waits for ever. Docs: docs/rules/LF5010.md.
/// </summary>
public sealed class LF5010TimerDrainBlocks : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5010", "timer-drain-blocks", RuleCategory.Deadlock, Severity.Error,
        "A timer drained with <-t.C after its value was already received blocks for ever")
    {
        Since = "1.1",
        Summary = "`if !t.Stop() { <-t.C }` reached after a `case <-t.C:` already took the timer's value",
    };

    public override void Run(Pass pass)
    {
        if (!pass.UsesFunction("(*time.Timer).Stop")) return;
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit) return false; // its own function body
                switch (n)
                {
                    case BlockStmt b:
                        // A loop's body: its end leads back to its start.
                        var loopBody = ancestors.Count > 0 && ancestors[^1] switch
                        {
                            ForStmt f => ReferenceEquals(f.Body, b),
                            RangeStmt r => ReferenceEquals(r.Body, b),
                            _ => false,
                        };
                        CheckList(pass, b.List, loopBody);
                        break;
                    case CaseClause c:
                        CheckList(pass, c.Body, false);
                        break;
                    case CommClause c:
                        CheckList(pass, c.Body, false);
                        break;
                }
                return true;
            });
    }

    /// <summary>Each receive of a timer's value in the list (a select case that falls out of the select, or a bare
    /// receive), followed by the drain with nothing in between touching the timer or leaving.</summary>
    private static void CheckList(Pass pass, IReadOnlyList<Stmt> list, bool loopBody)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var stmt = list[i] is LabeledStmt { Stmt: var inner } ? inner : list[i];
            foreach (var (timer, received) in Receipts(pass, stmt))
            {
                var order = Enumerable.Range(i + 1, list.Count - i - 1);
                if (loopBody) order = order.Concat(Enumerable.Range(0, i)); // the next iteration
                foreach (var j in order)
                {
                    if (Drain(pass, list[j], timer.Key) is { } drain)
                    {
                        var name = timer.Text;
                        var when = j > i ? "" : " of the next iteration";
                        pass.Report(drain,
                            $"{name}.C was already received at line {pass.Line(received)}, so the timer has fired and {name}.Stop() returns false here{when}: this drain then waits for a value that never comes and blocks for ever; remember that the value was received (and skip the drain), or drain without blocking (select {{ case <-{name}.C: default: }})",
                            new RelatedLocation(pass.Span(received), $"{name}.C is received here"));
                        break;
                    }
                    if (Touches(pass, list[j], timer.Key) || Leaves(list[j])) break;
                }
            }
        }
    }

    /// <summary>The timers whose value stmt receives and then carries on after: a bare `&lt;-t.C`, or a select case
    /// on it whose body neither touches the timer (a Reset re-arms it) nor leaves.</summary>
    private static IEnumerable<(FieldPath Timer, Node At)> Receipts(Pass pass, Stmt stmt)
    {
        if (stmt is ExprStmt { X: var x } && TimerReceive(pass, x) is { } bare)
        {
            yield return (bare, x);
            yield break;
        }
        if (stmt is not SelectStmt select) yield break;
        foreach (var clause in select.Body.List)
        {
            if (clause is not CommClause { Comm: { } comm } cc) continue;
            var received = comm switch
            {
                ExprStmt { X: var e } => e,
                AssignStmt { Rhs: [var e] } => e,
                _ => null,
            };
            if (received == null || TimerReceive(pass, received) is not { } timer) continue;
            if (cc.Body.Any(s => Touches(pass, s, timer.Key)) || cc.Body.Count > 0 && Leaves(cc.Body[^1])) continue;
            yield return (timer, comm);
        }
    }

    /// <summary>The timer t of `&lt;-t.C` when t is a *time.Timer.</summary>
    private static FieldPath? TimerReceive(Pass pass, Expr e) =>
        Expr.Unparen(e) is UnaryExpr { Op: Token.Arrow, X: var c } && Expr.Unparen(c) is SelectorExpr { Sel.Name: "C", X: var t }
        && pass.Info.TypeOf(t) is PointerType { Elem: NamedType { Obj: { Name: "Timer", Pkg.Path: "time" } } } ? FieldPath.Of(pass, t) : null;

    /// <summary>The blocking receive of `if !t.Stop() { &lt;-t.C }` (no init, nothing else in the condition).</summary>
    private static Node? Drain(Pass pass, Stmt stmt, string key)
    {
        if (stmt is not IfStmt { Init: null, Cond: UnaryExpr { Op: Token.Not, X: var call } } ifs
            || Expr.Unparen(call) is not CallExpr { Fun: SelectorExpr { Sel.Name: "Stop", X: var t }, Args.Count: 0 }
            || FieldPath.Of(pass, t)?.Key != key) return null;
        foreach (var s in ifs.Body.List)
            if (s is ExprStmt { X: var x } && TimerReceive(pass, x)?.Key == key) return x;
        return null;
    }

    /// <summary>Whether stmt mentions the timer at all (Reset, Stop, a new timer, handing it on).</summary>
    private static bool Touches(Pass pass, Stmt stmt, string key) =>
        Walker.Any(stmt, n => n is Ident or SelectorExpr && FieldPath.Of(pass, (Expr)n)?.Key == key);

    /// <summary>A statement after which control does not go on to the next one.</summary>
    private static bool Leaves(Stmt stmt) => stmt is ReturnStmt or BranchStmt
        || stmt is ExprStmt { X: CallExpr { Fun: Ident { Name: "panic" } } };
}
