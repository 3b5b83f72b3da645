using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007 through a timer: a `time.AfterFunc` callback calls the group's Done (`s.wg.Add(1)` before it), the timer is
/// kept in a field or a map field (`s.timers[id] = time.AfterFunc(d, func() { defer s.wg.Done(); ... })`), and a
/// `t.Stop()` on a timer from there throws its result away: when Stop stops the timer the callback never runs, its
/// Done is never called, and the group's Wait blocks for ever (consul's retry timers). `if t.Stop() { s.wg.Done() }`
/// is the fix.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckStopSkipsDone(Pass pass, HashSet<string> waited)
    {
        if (!pass.UsesFunction("time.AfterFunc")) return;
        // Timer classes (a field, or "map:" and a map field) whose callback calls Done, with the group and the Done.
        var timers = new Dictionary<string, (string Group, CallExpr Done)>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.AssignStmt, n =>
            {
                if (n is AssignStmt { Lhs: [var lhs], Rhs: [var rhs] } && Expr.Unparen(rhs) is CallExpr { Args: [_, FuncLit cb] } call
                    && Calls.Callee(pass.Info, call)?.FullName == "time.AfterFunc" && TimerClass(pass, lhs) is { } cls && DoneIn(pass, cb) is var (group, done)
                    && waited.Contains(LastName(group)))
                    timers.TryAdd(cls, (group, done));
                return true;
            });
        if (timers.Count == 0) return;
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is not CallExpr { Fun: SelectorExpr { Sel.Name: "Stop" } stop, Args.Count: 0 } call || ancestors.Count == 0 || ancestors[^1] is not (ExprStmt or DeferStmt)
                    || Calls.Callee(pass.Info, call)?.FullName != "(*time.Timer).Stop" || StoppedTimerClass(pass, fn.Body, stop.X) is not { } cls
                    || !timers.TryGetValue(cls, out var t)) return true;
                pass.Report(call,
                    $"this stops a timer whose time.AfterFunc callback calls {t.Group}.Done (line {pass.Line(t.Done)}) and throws Stop's result away: when Stop stops the timer the callback never runs, so that Done is never called and {t.Group}.Wait blocks for ever; call Done yourself when Stop returns true (`if t.Stop() {{ {t.Group}.Done() }}`)",
                    new RelatedLocation(pass.Span(t.Done), "the Done only the callback calls"));
                return true;
            });
    }

    /// <summary>The class of a timer's home: a field (`s.timer`), or an element of a map or slice field (`s.timers[id]`).</summary>
    private static string? TimerClass(Pass pass, Expr e) => Expr.Unparen(e) switch
    {
        IndexExpr ix when LockPaths.Of(pass.Info, ix.X) is { Fields.Length: > 0, Class: { } c } => "elem:" + c,
        SelectorExpr sel when LockPaths.Of(pass.Info, sel) is { Class: { } c } => c,
        _ => null,
    };

    /// <summary>The class of the timer a Stop is called on: a field or element directly, or a local defined once from one
    /// (`t, ok := s.timers[id]`, or the value of a range over the map).</summary>
    private static string? StoppedTimerClass(Pass pass, BlockStmt body, Expr x)
    {
        if (TimerClass(pass, x) is { } direct) return direct;
        if (Expr.Unparen(x) is not Ident id || pass.Info.ObjectOf(id) is not Semantics.Types.Var v || v.IsField) return null;
        string? found = null;
        var definitions = 0;
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case AssignStmt { Lhs: [Ident l, ..], Rhs: [var r] } a when ReferenceEquals(pass.Info.ObjectOf(l), v):
                    definitions++;
                    found = TimerClass(pass, r);
                    break;
                case RangeStmt { Value: Ident rv, X: var m } when ReferenceEquals(pass.Info.ObjectOf(rv), v) && LockPaths.Of(pass.Info, m) is { Fields.Length: > 0, Class: { } c }:
                    definitions++;
                    found = "elem:" + c;
                    break;
            }
            return true;
        });
        return definitions == 1 ? found : null;
    }

    /// <summary>The group a callback calls Done on (directly or deferred), by text, and the call.</summary>
    private static (string Group, CallExpr Done)? DoneIn(Pass pass, FuncLit cb)
    {
        (string, CallExpr)? found = null;
        Walker.Inspect(cb.Body, n =>
        {
            if (found == null && n is CallExpr c && WaitGroups.Call(pass, c, "Done") is { IsVariable: false } g) found = (g.Text, c);
            return found == null;
        });
        return found;
    }
}
