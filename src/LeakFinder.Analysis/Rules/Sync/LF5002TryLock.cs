using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// A mutex taken by a successful TryLock: `if !mu.TryLock() { return }`, `if mu.TryLock() { ... }` or
/// `for !mu.TryLock() { ... }`. The lock is held only on the side of the condition where TryLock returned
/// true, so the path search starts at the first node of that successor, as it starts after a plain Lock.
/// A TryLock whose result is kept in a variable is not followed (a miss, never a false report).
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static readonly Dictionary<string, string> UnlockOfTry = new(StringComparer.Ordinal)
    {
        ["(*sync.Mutex).TryLock"] = "Unlock",
        ["(*sync.RWMutex).TryLock"] = "Unlock",
        ["(*sync.RWMutex).TryRLock"] = "RUnlock",
    };

    /// <summary>The TryLock a block's condition tests and the successor where it succeeded; null for any other block.</summary>
    private static (CallExpr Call, FieldPath Mutex, string Unlock, Block Held)? TryLockOf(Pass pass, Block block)
    {
        if (block.Succs.Count != 2 || block.Nodes.Count == 0 || block.Nodes[^1] is not Expr cond) return null;
        var negated = false;
        cond = Expr.Unparen(cond);
        if (cond is UnaryExpr { Op: Token.Not, X: var inner })
        {
            negated = true;
            cond = Expr.Unparen(inner);
        }
        if (cond is not CallExpr { Args.Count: 0 } call || Expr.Unparen(call.Fun) is not SelectorExpr sel
            || Calls.Callee(pass.Info, call) is not { } f || !UnlockOfTry.TryGetValue(f.FullName, out var unlock)
            || FieldPath.Of(pass, sel.X) is not { } mutex) return null;
        return (call, mutex, unlock, block.Succs[negated ? 1 : 0]);
    }
}
