using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7007: a field of the package's struct type that its writers guard with a mutex of the same value (every
/// write made while a function that locks that value's mutexes holds one of them, at least one such write),
/// read by an exported method of the type that holds none of those mutexes at the read: with no lock at all,
/// or with another mutex of the value (a stats mutex beside a state mutex). The read races with every write.
/// Docs: docs/rules/LF7007.md.
/// </summary>
public sealed class LF7007FieldReadWithoutItsLock : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7007", "field-read-without-its-lock", RuleCategory.Race, Severity.Warning,
        "A field its writers guard with a mutex is read by a method that does not hold that mutex")
    {
        Since = "1.1",
        Summary = "a struct field written only under a mutex of its value (by code a goroutine runs), read by an exported method with no lock or another mutex; a field written under only a read lock",
        // On the Debian Go sources many guarded fields are read unlocked on purpose (set under the lock while
        // opening, read freely after) and read locks guard a single consumer against Close: experimental.
        Experimental = true,
    };

    /// <summary>What the writes of one field of one type say: the mutexes (by field name) held at every guarded
    /// write, where one of them is, and whether any write in a function that locks the value held none.</summary>
    private sealed class FieldWrites
    {
        public HashSet<string>? Guards;
        public Node? GuardedAt;
        public bool Unguarded;
        /// <summary>A guarded write runs on a goroutine the package starts: the writes go on while callers read.</summary>
        public bool Concurrent;
    }

    public override void Run(Pass pass)
    {
        foreach (var w in ReadLockedWrites.Find(pass))
            if (!w.Map)
                pass.Report(w.At, $"writes {w.Path.Text} while holding only the read lock of {w.Mutex.Text} (RLock, line {pass.Line(w.RLock)}): a read lock excludes writers, not other readers, so two callers inside it write at once and the writes race; take {w.Mutex.Text}.Lock() for the write, or use a sync/atomic type",
                    new RelatedLocation(pass.Span(w.RLock), "only the read lock is taken here"));
        var fields = new Dictionary<(string Type, string Field), FieldWrites>();
        var onGoroutines = OnGoroutines(pass);
        foreach (var fn in pass.Functions) CollectWrites(pass, fn, onGoroutines, fields);
        if (!fields.Values.Any(f => f.Guards is { Count: > 0 } && f.Concurrent && !f.Unguarded)) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Body: { } body } method || !char.IsUpper(method.Name.Name[0])) continue;
            if (CallerHoldsLock(method.Name.Name) || RunLoops.ReceiverOf(pass.Info, method) is not { } recv) continue;
            if (OwnStruct(pass, recv.Type) is not { } owner) continue;
            var reported = new HashSet<string>(StringComparer.Ordinal);
            Walker.InspectWithAncestors(body, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                if (n is not SelectorExpr { X: Ident id } sel || !ReferenceEquals(pass.Info.ObjectOf(id), recv) || IsWriteOrAddress(sel, ancestors)) return true;
                if (!fields.TryGetValue((owner, sel.Sel.Name), out var w) || w.Unguarded || !w.Concurrent || w.Guards is not { Count: > 0 } guards) return true;
                var held = Held(pass, body, id.Name, sel, ancestors);
                if (held.Overlaps(guards) || AfterHandoff(pass, body, sel, ancestors) || !reported.Add(sel.Sel.Name)) return true;
                var mutexes = string.Join(" or ", guards.Order(StringComparer.Ordinal).Select(g => $"{id.Name}.{g}"));
                var holding = held.Count == 0 ? "with no lock" : $"holding only {string.Join(", ", held.Order(StringComparer.Ordinal).Select(h => $"{id.Name}.{h}"))}";
                pass.Report(sel, $"{method.Name.Name} reads {id.Name}.{sel.Sel.Name} {holding}, but every write of {sel.Sel.Name} holds {mutexes} (line {pass.Line(w.GuardedAt!)}): the read races with those writes, and may see a stale or torn value; take {mutexes.Split(" or ")[0]} around the read, or make the field a sync/atomic type",
                    new RelatedLocation(pass.Span(w.GuardedAt!), "a write of the field, under the lock"));
                return true;
            });
        }
    }

    /// <summary>Every `x.f = v`, `x.f op= v`, `x.f++` on a value of the package's struct type, classified by
    /// the mutexes of x held at the write. A write in a function that never locks a mutex of x says nothing
    /// (a constructor, a helper its callers call with the lock held).</summary>
    private static void CollectWrites(Pass pass, Semantics.Cfg.FunctionBody fn, HashSet<Node> onGoroutines, Dictionary<(string, string), FieldWrites> fields)
    {
        var body = fn.Body;
        var concurrent = onGoroutines.Contains(fn.Function);
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is FuncLit) return false;
            var targets = n switch
            {
                AssignStmt { Tok: not Token.Define } a => a.Lhs.ToList(),
                IncDecStmt inc => [inc.X],
                _ => [],
            };
            foreach (var t in targets)
            {
                if (Expr.Unparen(t) is not SelectorExpr { X: var x } sel || Expr.Unparen(x) is not Ident id) continue;
                if (pass.Info.ObjectOf(id) is not Var v || OwnStruct(pass, v.Type) is not { } owner || IsSyncValue(pass.Info.TypeOf(sel))) continue;
                if (!LocksValue(pass, body, id.Name)) continue;
                if (!fields.TryGetValue((owner, sel.Sel.Name), out var w)) fields[(owner, sel.Sel.Name)] = w = new FieldWrites();
                var held = Held(pass, body, id.Name, sel, [.. ancestors, n]);
                if (held.Count == 0)
                {
                    w.Unguarded = true;
                    continue;
                }
                if (w.Guards == null) (w.Guards, w.GuardedAt) = (held, n);
                else w.Guards.IntersectWith(held);
                w.Concurrent |= concurrent;
            }
            return true;
        });
    }

    /// <summary>The functions that run on a goroutine the package starts: go statements' literals and the
    /// package functions they (or a started function) call, directly or through others.</summary>
    private static HashSet<Node> OnGoroutines(Pass pass)
    {
        var decls = SharedAccess.Declarations(pass);
        var found = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is not GoStmt go) return true;
                Node? started = go.Call.Fun as FuncLit;
                if (started == null && Semantics.Checking.Calls.Callee(pass.Info, go.Call) is { } callee && decls.TryGetValue(callee, out var d)) started = d;
                if (started == null) return true;
                found.Add(started);
                var body = started is FuncLit lit ? (Node)lit.Body : ((FuncDecl)started).Body!;
                foreach (var reached in SharedAccess.CalledFrom(pass, body, decls)) found.Add(reached);
                return true;
            });
        return found;
    }

    /// <summary>Names that say the caller holds the lock (`fooLocked`, `fooNoLock`, `fooUnlocked`).</summary>
    private static bool CallerHoldsLock(string name) =>
        name.EndsWith("Locked", StringComparison.Ordinal) || name.EndsWith("NoLock", StringComparison.Ordinal) || name.EndsWith("WithoutLock", StringComparison.Ordinal);

    /// <summary>Whether a channel operation, select or Wait may order the read after the write: the read is in
    /// a select case's body (`case <-s.shutdownCh: return nil, s.shutdownErr`, closed after the write), or a
    /// receive, select or Wait of the method ends before the read (a lock of another mutex orders nothing).</summary>
    private static bool AfterHandoff(Pass pass, BlockStmt body, Node read, IReadOnlyList<Node> ancestors) =>
        ancestors.Any(a => a is CommClause c && c.Body.Any(s => ReferenceEquals(s, ancestors.SkipWhile(x => !ReferenceEquals(x, a)).Skip(1).FirstOrDefault())))
        || Walker.Any(body, n => n.End().Value <= read.Pos().Value && n switch
        {
            UnaryExpr { Op: Token.Arrow } or SelectStmt => true,
            RangeStmt r => pass.Info.TypeOf(r.X)?.Underlying is Semantics.Types.ChanType,
            CallExpr c => Handoffs.IsWait(c, countDo: false),
            _ => false,
        }, intoLiterals: false);

    /// <summary>Whether the function body locks a mutex field of the named variable (`c.mu.Lock()`).</summary>
    private static bool LocksValue(Pass pass, BlockStmt body, string root) =>
        Walker.Any(body, n => n is CallExpr c && LockPaths.OpOf(pass.Info, c) is { Acquires: true } op && MutexField(op.Mutex, root) != null, intoLiterals: false);

    /// <summary>The mutex fields of the named variable held at the node: for each, the last Lock/RLock or
    /// Unlock/RUnlock before it in a block around it (an unlock on an early-return branch does not count;
    /// deferred unlocks run at the return) is an acquire.</summary>
    private static HashSet<string> Held(Pass pass, BlockStmt body, string root, Node at, IReadOnlyList<Node> ancestors)
    {
        var last = new Dictionary<string, bool>(StringComparer.Ordinal);
        var scopes = ancestors.Where(a => a is BlockStmt or CaseClause or CommClause).ToList();
        Walker.InspectWithAncestors(body, (n, outer) =>
        {
            if (n is FuncLit or DeferStmt || n.Pos().Value >= at.Pos().Value) return false;
            if (n is CallExpr c && LockPaths.OpOf(pass.Info, c) is { } op && MutexField(op.Mutex, root) is { } field
                && outer.LastOrDefault(a => a is BlockStmt or CaseClause or CommClause) is { } scope && scopes.Contains(scope))
                last[field] = op.Acquires;
            return true;
        });
        return [.. last.Where(kv => kv.Value).Select(kv => kv.Key)];
    }

    /// <summary>`c.mu` of the variable named root: "mu"; null for another variable or a deeper path.</summary>
    private static string? MutexField(LockPath mutex, string root)
    {
        if (mutex.Root.Name != root || mutex.Fields.Length < 2 || mutex.Fields[0] != '.') return null;
        var field = mutex.Fields[1..];
        return field.Contains('.') ? null : field;
    }

    /// <summary>The selector is written (the left side of an assignment, `x.f++`) or its address taken (handed to
    /// an atomic function, or to a callee that may lock): not a plain read.</summary>
    private static bool IsWriteOrAddress(SelectorExpr sel, IReadOnlyList<Node> ancestors) => ancestors.Count > 0 && ancestors[^1] switch
    {
        AssignStmt a => a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel)),
        IncDecStmt => true,
        UnaryExpr { Op: Token.And } => true,
        _ => false,
    };

    /// <summary>The name of the package's own struct type a variable holds (T or *T); null otherwise.</summary>
    private static string? OwnStruct(Pass pass, GoType t) =>
        (t is PointerType p ? p.Elem : t) is NamedType { Underlying: StructType } n && ReferenceEquals(n.Obj.Pkg, pass.Package) ? (n.Origin ?? n).Obj.Name : null;

    private static bool IsSyncValue(GoType? t) => t is NamedType { Obj.Pkg.Path: "sync" or "sync/atomic" };
}
