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
        "sync.WaitGroup.Add inside the goroutine it counts races with Wait");

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
                    case CallExpr call when WaitGroupCall(pass, call, "Wait") is { } key:
                        waits.Add((key, call));
                        break;
                    case CallExpr call when WaitGroupCall(pass, call, "Add") is { } key:
                        adds.Add((key, call));
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
            if (WaitGroupCall(pass, call, "Add") is not { } key) continue;
            if (DeclaredInside(pass, call, lit)) return;
            if (adds.Exists(a => a.Key == key && a.Call.Pos().Value < go.Pos().Value)) return;
            if (waits.Find(w => w.Key == key && w.Call.Pos().Value > go.Pos().Value) is not { Call: { } wait }) return;
            var name = Calls.Unparen(((SelectorExpr)Calls.Unparen(call.Fun)).X);
            var text = Describe(name);
            pass.Report(call, $"{text}.Add runs inside the goroutine it counts, so {fn.Name}'s {text}.Wait() at line {pass.Line(wait)} may run first, see a zero counter and return before this goroutine is counted: call {text}.Add before the go statement",
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(wait), "Wait may return before the Add above"));
            return;
        }
    }

    /// <summary>A key naming the WaitGroup of `x.Method(...)` (a variable, or a field path on one) when x is a
    /// sync.WaitGroup (or a pointer to one) and Method is the given one; null otherwise.</summary>
    private static string? WaitGroupCall(Pass pass, CallExpr call, string method)
    {
        if (Calls.Unparen(call.Fun) is not SelectorExpr sel || sel.Sel.Name != method) return null;
        if (Calls.Callee(pass.Info, call) is not { } f || f.FullName != $"(*sync.WaitGroup).{method}") return null;
        return Key(pass, Calls.Unparen(sel.X));
    }

    // wg, s.wg, &wg: the object of the root variable and the field names, so that the same WaitGroup reached
    // the same way in the creator and in the literal compares equal.
    private static string? Key(Pass pass, Expr e) => e switch
    {
        Ident id when pass.Info.ObjectOf(id) is Var v => $"{v.Pos}:{v.Name}",
        SelectorExpr s when Key(pass, Calls.Unparen(s.X)) is { } inner => inner + "." + s.Sel.Name,
        UnaryExpr { Op: Syntax.Token.And } u => Key(pass, Calls.Unparen(u.X)),
        StarExpr st => Key(pass, Calls.Unparen(st.X)),
        _ => null,
    };

    // A WaitGroup declared inside the literal is the goroutine's own: its Add is not racing the creator.
    private static bool DeclaredInside(Pass pass, CallExpr call, FuncLit lit)
    {
        Expr e = ((SelectorExpr)Calls.Unparen(call.Fun)).X;
        while (true)
        {
            e = Calls.Unparen(e);
            if (e is SelectorExpr s) e = s.X;
            else if (e is UnaryExpr u) e = u.X;
            else if (e is StarExpr st) e = st.X;
            else break;
        }
        return e is Ident id && pass.Info.ObjectOf(id) is { } obj && obj.Pos >= lit.Pos().Value && obj.Pos < lit.End().Value;
    }

    private static string Describe(Expr e) => e switch
    {
        Ident id => id.Name,
        SelectorExpr s => Describe(Calls.Unparen(s.X)) + "." + s.Sel.Name,
        UnaryExpr u => Describe(Calls.Unparen(u.X)),
        StarExpr st => Describe(Calls.Unparen(st.X)),
        _ => "the WaitGroup",
    };
}
