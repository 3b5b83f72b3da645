using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// Writes made while a function holds only the read lock of an RWMutex (check-then-act: a lookup under RLock
/// whose miss path inserts under the same RLock). A read lock excludes writers, never other readers, so two
/// callers inside RLock write at once. LF7001 reports the map writes; LF7007 (experimental) the others, which
/// also come from a read lock used only to exclude Close from a single consumer's Next.
/// </summary>
internal static class ReadLockedWrites
{
    /// <summary>One write under a read lock: what is written (a map, or a field or package variable), where, and the RLock.</summary>
    public sealed record Write(FieldPath Path, Node At, bool Map, LockPath Mutex, CallExpr RLock);

    /// <summary>The package's writes under a read lock, to memory the function does not own: a field path of a
    /// variable from outside the function (the receiver's `c.items`, a parameter's field), or a package variable.
    /// The lock region runs from `mu.RLock()` in a block to its `mu.RUnlock()` in the same block (or the block's
    /// end after `defer mu.RUnlock()`); a write after any other lock or unlock in the region is left alone (a
    /// nested mutex may guard it, an upgrade may have taken the write lock).</summary>
    public static List<Write> Find(Pass pass)
    {
        var found = new List<Write>();
        // Every region starts at an RLock (LockPaths.OpOf): none in a package that never names it.
        if (!pass.UsesFunction("(*sync.RWMutex).RLock")) return found;
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit) return false;
                if (n is BlockStmt block) Scan(pass, fn.Body, block, found);
                return true;
            });
        return found;
    }

    private static void Scan(Pass pass, Node function, BlockStmt block, List<Write> found)
    {
        for (var i = 0; i < block.List.Count; i++)
        {
            if (block.List[i] is not ExprStmt { X: CallExpr call } || LockPaths.OpOf(pass.Info, call) is not { Acquires: true, Mode: LockMode.Read } rlock) continue;
            foreach (var stmt in block.List.Skip(i + 1))
            {
                if (stmt is DeferStmt) continue; // defer mu.RUnlock(): the region runs to the block's end
                var stop = Walker.Any(stmt, x => x is CallExpr c && Handoffs.IsLockCall(pass, c), intoLiterals: false);
                foreach (var (path, at, map) in Writes(pass, function, stmt))
                    if (SameOwner(path, rlock.Mutex) && (!stop || !Walker.Any(stmt, x => x is CallExpr c && Handoffs.IsLockCall(pass, c) && c.Pos().Value < at.Pos().Value, intoLiterals: false)))
                        found.Add(new Write(path, at, map, rlock.Mutex, call));
                if (stop) break;
            }
        }
    }

    /// <summary>Whether the write is to the value the mutex sits in (`c.items` and `c.mu`, `s.stats.n` and
    /// `s.mu`): a write to another value (an iterator's own field under its database's read lock, a result the
    /// caller passed in) is guarded by something else, or by nothing the read lock was meant for.</summary>
    private static bool SameOwner(FieldPath write, LockPath mutex)
    {
        var owner = mutex.Text[..Math.Max(0, mutex.Text.LastIndexOf('.'))];
        return owner.Length > 0 && mutex.Root.Pos == write.Root.Pos && write.Text.StartsWith(owner + ".", StringComparison.Ordinal);
    }

    /// <summary>The statement's writes (not in its literals) to memory from outside the function.</summary>
    private static List<(FieldPath Path, Node At, bool Map)> Writes(Pass pass, Node function, Stmt stmt)
    {
        var found = new List<(FieldPath, Node, bool)>();
        void Add(Expr target, Node at, bool map = false)
        {
            var t = Expr.Unparen(target);
            if (t is IndexExpr ix)
            {
                map = pass.Info.TypeOf(ix.X)?.Underlying is MapType;
                t = Expr.Unparen(ix.X);
            }
            if (FieldPath.Of(pass, t) is not { } path || SharedAccess.Inside(path.Root, function)) return;
            if (path.IsVariable && !LockPaths.IsGlobal(path.Root) || IsSync(pass, t)) return;
            found.Add((path, at, map));
        }
        Walker.Inspect(stmt, n =>
        {
            switch (n)
            {
                case FuncLit:
                    return false;
                case AssignStmt a when a.Tok != Token.Define:
                    foreach (var l in a.Lhs) Add(l, a);
                    break;
                case IncDecStmt inc:
                    Add(inc.X, inc);
                    break;
                case CallExpr { Args.Count: 2 } c when Calls.BuiltinName(pass.Info, c) == "delete":
                    Add(c.Args[0], c, map: true);
                    break;
            }
            return true;
        });
        return found;
    }

    private static bool IsSync(Pass pass, Expr e) =>
        pass.Info.TypeOf(e) is Semantics.Types.NamedType { Obj.Pkg.Path: "sync" or "sync/atomic" };
}
