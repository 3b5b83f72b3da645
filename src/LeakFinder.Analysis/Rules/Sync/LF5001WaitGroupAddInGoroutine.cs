using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5001: `go func() { wg.Add(1); defer wg.Done(); ... }()` while the function that starts it calls
/// wg.Wait(): the Add races with the Wait, which may see a zero counter and return before the goroutine is
/// counted. Docs: docs/rules/LF5001.md.
/// </summary>
public sealed class LF5001WaitGroupAddInGoroutine : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5001", "waitgroup-add-in-goroutine", RuleCategory.Race, Severity.Error,
        "sync.WaitGroup.Add inside the goroutine it counts races with Wait")
    {
        Since = "0.2",
        Summary = "`wg.Add` inside the goroutine it counts, racing the creator's `wg.Wait()`",
    };

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, n => n is GoStmt { Call.Fun: FuncLit })) continue;
            // The creator's own statements (not its literals'), where its go statements and Waits are.
            var waits = new List<(string Key, CallExpr Call)>();
            var adds = new List<(string Key, CallExpr Call)>();
            var goroutines = new List<(GoStmt Go, FuncLit Lit)>();
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case FuncLit:
                        return false;
                    case GoStmt { Call.Fun: FuncLit lit } go:
                        goroutines.Add((go, lit));
                        return false;
                    case CallExpr call when WaitGroups.Call(pass, call, "Wait") is { } group:
                        waits.Add((group.Key, call));
                        break;
                    case CallExpr call when WaitGroups.Call(pass, call, "Add") is { } group:
                        adds.Add((group.Key, call));
                        break;
                }
                return true;
            });
            foreach (var (go, lit) in goroutines)
                CheckGoroutine(pass, fn, go, lit, waits, adds);
        }
    }

    private static void CheckGoroutine(Pass pass, Semantics.Cfg.FunctionBody fn, GoStmt go, FuncLit lit,
        List<(string Key, CallExpr Call)> waits, List<(string Key, CallExpr Call)> adds)
    {
        // The goroutine's top-level statements before it starts goroutines of its own (an Add after a `go`
        // counts those). A goroutine the creator counted before starting it (an Add before the go statement)
        // keeps the counter above zero, so its own Adds are safe.
        foreach (var stmt in lit.Body.List)
        {
            if (stmt is GoStmt) return;
            if (stmt is not ExprStmt { X: CallExpr call }) continue;
            if (WaitGroups.Call(pass, call, "Add") is not { } group) continue;
            // A WaitGroup declared inside the literal is the goroutine's own: its Add is not racing the creator.
            if (group.Root.Pos >= lit.Pos().Value && group.Root.Pos < lit.End().Value) return;
            var key = group.Key;
            if (adds.Exists(a => a.Key == key && a.Call.Pos().Value < go.Pos().Value)) return;
            if (waits.Find(w => w.Key == key && w.Call.Pos().Value > go.Pos().Value) is not { Call: { } wait }) return;
            var text = group.Text;
            pass.Report(call, $"{text}.Add runs inside the goroutine it counts, so {fn.Name}'s {text}.Wait() at line {pass.Line(wait)} may run first, see a zero counter and return before this goroutine is counted: call {text}.Add before the go statement",
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(wait), "Wait may return before the Add above"));
            return;
        }
    }
}
