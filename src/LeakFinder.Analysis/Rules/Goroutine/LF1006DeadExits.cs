using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1006 for a loop whose exits can never be taken (<see cref="Rules.DeadExits"/>): each leaves on a receive that
/// never happens, from the Done of a context that is never done (the `context.TODO()` its constructor passed, a Done
/// overridden to return a stop channel nothing closes), or from a channel field of the receiver that nothing in the
/// package closes or sends on.
/// </summary>
public sealed partial class LF1006LoopOutlivesStop
{
    /// <summary>Why no exit of the endless `for` loop can be taken, or null when one might.</summary>
    private static string? DeadExits(Pass pass, RunLoops model, RunLoop loop)
    {
        // Its returns and breaks are the exits judged; a goto out of it is not one of them.
        if (loop.Exits.Count == 0 || loop.Loop is not ForStmt { Cond: null } || Walker.Any(loop.Loop, n => n is BranchStmt { Tok: Syntax.Token.Goto }, intoLiterals: false)) return null;
        string? first = null;
        foreach (var exit in loop.Exits)
        {
            if (Rules.DeadExits.Why(pass, model, loop, exit) is not { } why) return null;
            first ??= why;
        }
        return first;
    }
}
