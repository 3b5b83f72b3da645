using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a channel field nothing receives from: `r.errc &lt;- err` on an unexported field that every make in
/// the package makes unbuffered and that is never handed out (returned, passed, stored, ranged by an accessor),
/// while no function of the package receives from it. The send can only wait: whatever goroutine makes it is
/// parked on it for ever (a run loop's error report that the constructor's author forgot to read).
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckUnreadFields(Pass pass, RunLoops model)
    {
        List<(FunctionBody Fn, SendStmt Send, string Class)>? sends = null;
        foreach (var (cls, use) in model.Fields)
        {
            if (use.Receivers.Count > 0 || use.Senders.Count == 0 || !use.Unbuffered || use.NotMade || use.Closed) continue;
            if (char.IsUpper(cls[cls.LastIndexOf('.') + 1])) continue; // other packages may receive from an exported field
            sends ??= PlainFieldSends(pass);
            foreach (var (fn, send, _) in sends.Where(s => s.Class == cls))
            {
                var text = FieldPath.Of(pass, send.Chan)?.Text ?? cls;
                pass.Report(send, $"this send on {text} blocks for ever: nothing in the package receives from {cls} (unexported, made unbuffered, never handed out), so the goroutine running {Named(pass, fn)} stays parked here with everything it references; receive from it where the result is wanted, or drop the channel");
            }
        }
    }

    /// <summary>Sends on channel fields outside any select, with the function they are in and the field's class.</summary>
    private static List<(FunctionBody Fn, SendStmt Send, string Class)> PlainFieldSends(Pass pass)
    {
        var found = new List<(FunctionBody, SendStmt, string)>();
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit or SelectStmt) return false; // literals are functions of their own; a select has other ways out
                if (n is SendStmt send && Expr.Unparen(send.Chan) is SelectorExpr sel && LockPaths.Of(pass.Info, sel)?.Class is { } cls) found.Add((fn, send, cls));
                return true;
            });
        return found;
    }

    private static string Named(Pass pass, FunctionBody fn) =>
        fn.Function is FuncLit lit ? $"the function literal at line {pass.Line(lit)}" : fn.Name;
}
