using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// A run loop's exit that can never be taken: it leaves on a receive that never happens, from the Done of a context
/// that is never done (<see cref="NeverDoneContexts"/>), or from a channel field of the receiver that nothing in the
/// package closes or sends on. LF1006 reports a loop whose every exit is such; LF1003 does not count them as ways the
/// loop can end. A rule asking must require <see cref="NeverDoneContexts.Analysis"/>.
/// </summary>
internal static class DeadExits
{
    /// <summary>Why the exit is never taken, or null when it may be.</summary>
    public static string? Why(Pass pass, RunLoops model, RunLoop loop, LoopExit exit) => exit.Trigger switch
    {
        null or "?" => null,
        "ctx.Done()" => NeverDoneExit(pass, loop, exit),
        var cls => NeverSignalled(pass, model, loop, cls),
    };

    /// <summary>The exit's select case waits on the Done of a context that is never done: why, or null.</summary>
    private static string? NeverDoneExit(Pass pass, RunLoop loop, LoopExit exit)
    {
        CommClause? around = null;
        var at = exit.At.Pos().Value;
        Walker.Inspect(loop.Loop, n =>
        {
            if (n == null || n is FuncLit || n.Pos().Value > at || n.End().Value <= at) return false;
            if (n is CommClause cc) around = cc;
            return true;
        });
        if (around?.Comm is not { } comm || pass.ResultOf(NeverDoneContexts.Analysis).DoneCase(around) is not { } nd) return null;
        var received = comm is ExprStmt e ? e.X : comm is AssignStmt { Rhs: [var r] } ? r : null;
        var ctx = received is UnaryExpr { X: CallExpr { Fun: SelectorExpr { X: var x } } } ? FormattedValues.Text(x) : "ctx";
        return $"it leaves only on {ctx}.Done() (line {pass.Line(around)}), which is never done: {ctx} is {nd.Root} at line {pass.Line(nd.RootAt)}{nd.Detail}";
    }

    /// <summary>The exit's receive is from a channel field of the receiver that nothing in the package closes or sends on
    /// (unexported, made here, never handed on): why, or null.</summary>
    private static string? NeverSignalled(Pass pass, RunLoops model, RunLoop loop, string cls)
    {
        if (pass.ExportedOutside(cls) || !model.Fields.TryGetValue(cls, out var use)) return null;
        if (use.Closed || use.Closers.Count > 0 || use.Senders.Count > 0 || use.Escapes || !use.MadeHere) return null;
        return $"it leaves only on a receive from {loop.Receiver.Name}{cls[cls.IndexOf('.')..]}, which nothing in the package closes or sends on";
    }
}
