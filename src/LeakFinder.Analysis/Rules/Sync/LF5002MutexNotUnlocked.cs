using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002: a function locks a sync.Mutex or RWMutex and unlocks it on some paths, but a return is reachable
/// without the unlock: the mutex stays locked and the next Lock blocks for ever. The classic missing unlock
/// on an early or error return. Docs: docs/rules/LF5002.md.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5002", "mutex-not-unlocked", RuleCategory.Deadlock, Severity.Error,
        "A mutex locked in a function is not unlocked on every path to its return")
    {
        Since = "0.2",
        Summary = "a `Lock`/`RLock` (or a successful `TryLock`) not unlocked on a path to a return (functions entered with the lock held and lock helpers excepted); a channel semaphore's slot (`sem <- struct{}{}`) not given back on a path; `defer unlock()` run before `unlock = mu.Unlock` is assigned; a value holding the lock its maker took (a write transaction from `Begin`) dropped on a path without its `Commit` or `Rollback`",
    };

    /// <summary>The lock summaries say which functions return a value locked (<see cref="CheckLockedResults"/>).</summary>
    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [LockEffects.Analysis, FunctionLookup.Analysis];

    private static readonly Dictionary<string, string> UnlockOf = new(StringComparer.Ordinal)
    {
        ["(*sync.Mutex).Lock"] = "Unlock",
        ["(*sync.RWMutex).Lock"] = "Unlock",
        ["(*sync.RWMutex).RLock"] = "RUnlock",
    };

    private static readonly IReadOnlyList<ResourceKind> UnlockFuncs = [ResourceKinds.UnlockFunc];

    public override void Run(Pass pass)
    {
        // A helper that locks and returns the unlock (`unlock := lockReplica(r)`): the caller must call it on every path.
        MustReleaseReporter.Run(pass, UnlockFuncs, _ => true);
        CheckPanicPaths(pass);
        CheckLockedResults(pass, pass.ResultOf(LockEffects.Analysis));
        CheckOwnedLocks(pass, pass.ResultOf(LockEffects.Analysis));
        foreach (var fn in pass.Functions)
        {
            CheckSemaphores(pass, fn);
            var cfg = pass.Cfg(fn);
            CheckStaleDeferredUnlocks(pass, fn, cfg);
            // One survey of the body per mutex, however often the function locks it.
            var surveys = new Dictionary<(string Key, string Unlock), MutexSurvey>();
            foreach (var block in cfg.Blocks)
                if (block.Live && TryLockOf(pass, block) is { } tl)
                {
                    if (!surveys.TryGetValue((tl.Mutex.Key, tl.Unlock), out var survey))
                        surveys[(tl.Mutex.Key, tl.Unlock)] = survey = Survey(pass, fn.Body, tl.Mutex, tl.Unlock);
                    Check(pass, fn, cfg, tl.Held, -1, tl.Call, tl.Mutex, tl.Unlock, survey);
                }
            foreach (var (block, i, node) in cfg.LiveNodes())
            {
                if (node is not ExprStmt { X: CallExpr call } || LockOf(pass, call) is not { } lk) continue;
                if (!surveys.TryGetValue((lk.Mutex.Key, lk.Unlock), out var survey))
                    surveys[(lk.Mutex.Key, lk.Unlock)] = survey = Survey(pass, fn.Body, lk.Mutex, lk.Unlock);
                Check(pass, fn, cfg, block, i, call, lk.Mutex, lk.Unlock, survey);
            }
        }
    }

    private static void Check(Pass pass, FunctionBody fn, ControlFlowGraph cfg, Block block, int index, CallExpr lockCall, FieldPath mutex, string unlock, MutexSurvey survey)
    {
        // A mutex used as a value (&mu passed on, a method value) may be unlocked elsewhere.
        if (survey.HandedOn) return;
        // A deferred unlock registered before this lock (unlock, wait, lock again under `defer mu.Unlock()`)
        // covers every return after it.
        if (survey.DeferredUnlocks.Exists(d => d.Pos().Value < lockCall.Pos().Value)) return;
        if (UnderSameConditionAsAnUnlock(pass, fn.Body, lockCall, mutex, unlock)) return;
        // Entered with the lock held (unlock, call out, lock again): the function leaves it as it found it.
        if (survey.EnteredHeld ??= EnteredHeld(pass, fn, cfg, mutex, unlock)) return;
        var effects = new Dictionary<Node, NodeEffect>(ReferenceEqualityComparer.Instance);
        var search = new PathSearch(cfg, pass.Info, (b, n) =>
        {
            if (n < 0) return NodeEffect.None;
            var node = b.Nodes[n];
            if (!effects.TryGetValue(node, out var e)) effects[node] = e = Releases(pass, node, mutex, unlock) ? NodeEffect.Sink : NodeEffect.None;
            return e;
        });
        var exits = search.FindLeaks(block, index, null, null).OfType<ReturnStmt>().ToList();
        if (exits.Count == 0) return;
        // A function that never unlocks holds the lock on purpose (a lock helper, a "called with the lock held"
        // contract), unless nothing says so.
        if (survey.Unlocks == 0)
        {
            // A lock helper whose error return keeps the lock, while its callers unlock nothing after an error.
            if (HeldOnErrorReturn(pass, fn, lockCall, mutex, exits)) return;
            NeverUnlocked(pass, fn, lockCall, mutex, unlock);
            return;
        }
        // The function's own last return keeps the lock: it is a lock helper (acquireX returns holding the lock,
        // unlocking only when it fails), and its other returns that keep it are by design too.
        // Not so for a lock of a different object each iteration (`for _, f := range folders { f.mu.Lock(); if
        // f.paused { continue } ...`): no helper leaves one item of a loop locked.
        if (exits.Exists(e => IsFinalReturn(fn.Body, e)) && !PerIteration(fn.Body, lockCall, mutex)) return;
        exits.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
        var name = mutex.Text;
        pass.Report(pass.Span(lockCall), $"{name} is locked here, but {ExitList.Describe(pass, exits)} without {name}.{unlock}(): the mutex stays locked and the next Lock blocks for ever; unlock on that path too, or defer {name}.{unlock}() right after locking",
            exits.Select(e => new RelatedLocation(pass.Span(e), $"returns with {name} still locked")).ToList());
    }

    /// <summary>Whether the lock is inside a loop that declares the mutex's root variable: each iteration locks
    /// another object's mutex.</summary>
    private static bool PerIteration(BlockStmt body, CallExpr lockCall, FieldPath mutex)
    {
        var found = false;
        var at = lockCall.Pos().Value;
        Walker.Inspect(body, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is ForStmt or RangeStmt && at >= n.Pos().Value && at < n.End().Value
                && mutex.Root.Pos >= n.Pos().Value && mutex.Root.Pos < n.End().Value && mutex.Root.Pos < at) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>
    /// A function that locks and never unlocks, in no way a lock helper: not named as one (lock, acquire, hold,
    /// freeze), no doc saying it returns holding the lock, and no caller in the package unlocks the mutex after
    /// calling it. Every later Lock of the object blocks for ever (a Close that marks the object closed under the
    /// lock and forgets to unlock).
    /// </summary>
    private static void NeverUnlocked(Pass pass, FunctionBody fn, CallExpr lockCall, FieldPath mutex, string unlock)
    {
        if (fn.Function is not FuncDecl decl || pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func self) return;
        var name = decl.Name.Name.ToLowerInvariant();
        if (HelperWords.Any(name.Contains)) return;
        if (decl.Doc?.Text() is { } doc && doc.Contains("lock", StringComparison.OrdinalIgnoreCase)) return;
        // Only mutexes its callers can see: the receiver's or a parameter's.
        if (!IsParameter(decl, pass, mutex.Root)) return;
        if (Expr.Unparen(lockCall.Fun) is not SelectorExpr lockSel || LockPaths.Of(pass.Info, lockSel.X)?.Class is not { } cls) return;
        if (CallersUnlock(pass, self, cls, unlock)) return;
        var name0 = mutex.Text;
        pass.Report(pass.Span(lockCall), $"{decl.Name.Name} locks {name0} and never unlocks it, and no caller does: every later {name0}.Lock blocks for ever; "
            + $"defer {name0}.{unlock}() right after locking", [], DeferUnlockFix(pass, fn, lockCall, mutex, unlock));
    }

    /// <summary>
    /// `defer mu.Unlock()` on the line after the Lock, for a function that never unlocks the mutex: certainly
    /// right when that Lock is the function's only one of the mutex (no relock the defer would deadlock), is a
    /// statement of its own outside any loop (a deferred unlock in a loop runs only at the return, so the second
    /// iteration would block), and names the mutex plainly (mu, s.mu) so the unlock repeats its text.
    /// </summary>
    private static SuggestedFix? DeferUnlockFix(Pass pass, FunctionBody fn, CallExpr lockCall, FieldPath mutex, string unlock)
    {
        if (Expr.Unparen(lockCall.Fun) is not SelectorExpr sel || FixSites.SimpleText(sel.X, allowBinary: false) is not { } receiver) return null;
        var locks = 0;
        Walker.Inspect(fn.Body, n =>
        {
            if (n is CallExpr c && Expr.Unparen(c.Fun) is SelectorExpr s && FieldPath.Of(pass, s.X)?.Key == mutex.Key
                && (IsSyncMethod(pass, c, "Lock") || IsSyncMethod(pass, c, "RLock"))) locks++;
            return true;
        });
        if (locks != 1 || FixSites.StatementOf(fn, lockCall) is not { InLoop: false, Stmt: ExprStmt } site) return null;
        var code = $"defer {receiver}.{unlock}()";
        return FixSites.InsertLineAfter(pass, site, site.Stmt, code) is { } edit ? new SuggestedFix($"add `{code}`", [edit]) : null;
    }

    private static readonly string[] HelperWords = ["lock", "acquire", "hold", "freeze", "block", "pause", "begin", "enter", "start"];

    private static bool IsParameter(FuncDecl decl, Pass pass, Var root)
    {
        foreach (var list in new[] { decl.Recv?.List, decl.Type.Params.List })
            if (list != null)
                foreach (var field in list)
                    foreach (var n in field.Names)
                        if (ReferenceEquals(pass.Info.Defs.GetValueOrDefault(n), root)) return true;
        return false;
    }

    /// <summary>Whether another function of the package unlocks a mutex of the same class (type and field) and
    /// either calls <paramref name="callee"/> (it holds the lock the callee took) or never locks that mutex itself
    /// (a Commit or Rollback releasing what a Begin took): then the callee is a lock helper. A function value of the
    /// callee taken anywhere counts as a call (unsure).</summary>
    private static bool CallersUnlock(Pass pass, Func callee, string cls, string unlock)
    {
        var lockName = unlock == "RUnlock" ? "RLock" : "Lock";
        foreach (var fn in pass.Functions)
        {
            bool calls = false, unlocks = false, locks = false;
            Walker.Inspect(fn.Body, n =>
            {
                if (n is Ident id && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), callee)) calls = true;
                if (n is CallExpr c && Expr.Unparen(c.Fun) is SelectorExpr s && LockPaths.Of(pass.Info, s.X)?.Class == cls)
                {
                    if (IsSyncMethod(pass, c, unlock)) unlocks = true;
                    else if (IsSyncMethod(pass, c, lockName)) locks = true;
                }
                return true;
            });
            var self = fn.Function is FuncDecl fd && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(fd.Name), callee);
            if (unlocks && (calls || !locks) && !self) return true;
        }
        return false;
    }

    /// <summary>The last statement of the body, or the implicit return where control falls off its end.</summary>
    private static bool IsFinalReturn(BlockStmt body, ReturnStmt ret) =>
        ret.Pos().Value == body.End().Value - 1 || (body.List.Count > 0 && ReferenceEquals(body.List[^1], ret));

    /// <summary>
    /// Whether the function is entered with the mutex held: its name ends in "Locked" (the Go convention for
    /// "call with the lock held"), its doc comment says the lock must be held, or some path from its entry
    /// unlocks the mutex before locking it (unlock, call out, lock again: nats-server, docker and quic-go do it).
    /// </summary>
    private static bool EnteredHeld(Pass pass, FunctionBody fn, ControlFlowGraph cfg, FieldPath mutex, string unlock)
    {
        if (fn.Function is FuncDecl decl)
        {
            // flushLocked, removeLocked; not "locked" itself, nor runUnlocked.
            var name = decl.Name.Name;
            if (name.Length > "Locked".Length && name.EndsWith("Locked", StringComparison.Ordinal) && !name.EndsWith("Unlocked", StringComparison.Ordinal)) return true;
            if (decl.Doc?.Text() is { } doc && DocSaysLockHeld(doc)) return true;
        }
        var seen = new bool[cfg.Blocks.Count];
        var work = new Stack<Block>();
        work.Push(cfg.Entry);
        while (work.Count > 0)
        {
            var b = work.Pop();
            if (seen[b.Index]) continue;
            seen[b.Index] = true;
            var locked = false;
            foreach (var node in b.Nodes)
            {
                var (locks, unlocks) = MutexOps(pass, node, mutex, unlock);
                if (unlocks) return true;
                if (locks)
                {
                    locked = true;
                    break;
                }
            }
            if (!locked)
                foreach (var s in b.Succs) work.Push(s);
        }
        return false;
    }

    /// <summary>"must be called with mu held", "Lock must be held", "caller holds the lock", "expects s.mu to be locked".</summary>
    private static bool DocSaysLockHeld(string doc)
    {
        var d = doc.ToLowerInvariant();
        return (d.Contains("lock") || d.Contains("mu ") || d.Contains("mutex")) && (d.Contains(" held") || d.Contains(" hold") || d.Contains("be locked") || d.Contains("already locked"));
    }

    /// <summary>Whether a node locks (the lock method paired with unlock) or unlocks the mutex, outside literals
    /// other than a deferred one.</summary>
    private static (bool Locks, bool Unlocks) MutexOps(Pass pass, Node node, FieldPath mutex, string unlock)
    {
        bool locks = false, unlocks = false;
        var lockName = unlock == "RUnlock" ? "RLock" : "Lock";
        Walker.Inspect(node, n =>
        {
            if (n is FuncLit && !(node is DeferStmt d && ReferenceEquals(Expr.Unparen(d.Call.Fun), n))) return false;
            if (n is CallExpr c && Expr.Unparen(c.Fun) is SelectorExpr s && FieldPath.Of(pass, s.X)?.Key == mutex.Key)
            {
                if (IsSyncMethod(pass, c, unlock)) unlocks = true;
                // A TryLock is an attempt to lock: no function entered holding the mutex tries it.
                else if (IsSyncMethod(pass, c, lockName) || IsSyncMethod(pass, c, "Try" + lockName)) locks = true;
            }
            return true;
        });
        return (locks, unlocks);
    }

    private static (FieldPath Mutex, string Unlock)? LockOf(Pass pass, CallExpr call)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr sel || Calls.Callee(pass.Info, call) is not { } f) return null;
        if (!UnlockOf.TryGetValue(f.FullName, out var unlock)) return null;
        return FieldPath.Of(pass, sel.X) is { } mutex ? (mutex, unlock) : null;
    }

    private sealed record MutexSurvey(int Unlocks, bool HandedOn, List<DeferStmt> DeferredUnlocks)
    {
        /// <summary>Computed on the first lock that needs it.</summary>
        public bool? EnteredHeld { get; set; }
    }

    /// <summary>
    /// How the body uses the mutex: its unlocks (in the body or a deferred literal), its deferred unlocks, and
    /// whether it is handed on: used as a value (&amp;mu passed, a method value), or unlocked by a literal that is
    /// not deferred (another goroutine or a callback manages it, as in lock-then-wait patterns).
    /// </summary>
    private static MutexSurvey Survey(Pass pass, BlockStmt body, FieldPath mutex, string unlock)
    {
        var unlocks = 0;
        var handedOn = false;
        var deferred = new List<DeferStmt>();
        void Visit(Node root, bool inLiteral, DeferStmt? defer)
        {
            Walker.Inspect(root, n =>
            {
                switch (n)
                {
                    case DeferStmt d when !ReferenceEquals(d, root):
                        Visit(d, inLiteral, d);
                        return false;
                    case FuncLit lit when !ReferenceEquals(lit, root):
                        var deferredLiteral = defer != null && ReferenceEquals(Expr.Unparen(defer.Call.Fun), lit);
                        Visit(lit, inLiteral || !deferredLiteral, deferredLiteral ? defer : null);
                        return false;
                    case CallExpr c when Expr.Unparen(c.Fun) is SelectorExpr s && FieldPath.Of(pass, s.X)?.Key == mutex.Key:
                        if (IsSyncMethod(pass, c, unlock))
                        {
                            if (inLiteral) handedOn = true;
                            else unlocks++;
                            if (defer != null && !inLiteral) deferred.Add(defer);
                        }
                        foreach (var a in c.Args) Walker.Inspect(a, m => !(handedOn |= m is Expr x && FieldPath.Of(pass, x)?.Key == mutex.Key));
                        return false; // the receiver is the mutex itself, not a use of it as a value
                    case SelectorExpr s when FieldPath.Of(pass, s)?.Key == mutex.Key:
                    case UnaryExpr { Op: Syntax.Token.And } u when FieldPath.Of(pass, u.X)?.Key == mutex.Key:
                        handedOn = true;
                        return false;
                    case Ident id when mutex.IsVariable && pass.Info.Uses.ContainsKey(id) && FieldPath.Of(pass, id)?.Key == mutex.Key:
                        handedOn = true;
                        return false;
                    case SelectorExpr s:
                        FieldAccess(s.X);
                        return false;
                }
                return true;
            });
        }
        // x.f, x.f.g where x is the mutex's root (or, embedded, the mutex itself: `m.policy.Add()` with m embedding
        // sync.Mutex): field accesses, not uses of the mutex; look only at the parts off that chain (`a[m].f`).
        void FieldAccess(Expr x)
        {
            x = Expr.Unparen(x);
            if (x is SelectorExpr inner)
            {
                FieldAccess(inner.X);
                return;
            }
            if (FieldPath.Of(pass, x)?.Key == mutex.Key) return;
            Walker.Inspect(x, m => !(handedOn |= m is Expr e && FieldPath.Of(pass, e)?.Key == mutex.Key));
        }
        Visit(body, false, null);
        return new MutexSurvey(unlocks, handedOn, deferred);
    }

    /// <summary>
    /// `if C { mu.Lock() } ... if C { mu.Unlock() }`: the lock and an unlock are guarded by the same condition
    /// (math/big's divisor cache). Paths are not correlated by the search, so this pairing is trusted.
    /// </summary>
    private static bool UnderSameConditionAsAnUnlock(Pass pass, BlockStmt body, CallExpr lockCall, FieldPath mutex, string unlock)
    {
        var guards = new List<(Expr Cond, bool Locks, bool Unlocks)>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is IfStmt { Init: null } ifs)
            {
                bool locks = false, unlocks = false;
                foreach (var st in ifs.Body.List)
                    if (st is ExprStmt { X: CallExpr c } && Expr.Unparen(c.Fun) is SelectorExpr s && FieldPath.Of(pass, s.X)?.Key == mutex.Key)
                    {
                        locks |= ReferenceEquals(c, lockCall);
                        unlocks |= IsSyncMethod(pass, c, unlock);
                    }
                if (locks || unlocks) guards.Add((ifs.Cond, locks, unlocks));
            }
            return true;
        });
        foreach (var l in guards)
            if (l.Locks && guards.Exists(u => u.Unlocks && !ReferenceEquals(u.Cond, l.Cond) && SameExpr(pass, u.Cond, l.Cond)))
                return true;
        return false;
    }

    /// <summary>Structural equality of simple conditions: names denoting the same object, equal literals and operators.</summary>
    private static bool SameExpr(Pass pass, Expr a, Expr b) => (Expr.Unparen(a), Expr.Unparen(b)) switch
    {
        (Ident x, Ident y) => x.Name == y.Name && ReferenceEquals(pass.Info.ObjectOf(x), pass.Info.ObjectOf(y)),
        (BasicLit x, BasicLit y) => x.Kind == y.Kind && x.Value == y.Value,
        (BinaryExpr x, BinaryExpr y) => x.Op == y.Op && SameExpr(pass, x.X, y.X) && SameExpr(pass, x.Y, y.Y),
        (UnaryExpr x, UnaryExpr y) => x.Op == y.Op && SameExpr(pass, x.X, y.X),
        (SelectorExpr x, SelectorExpr y) => x.Sel.Name == y.Sel.Name && SameExpr(pass, x.X, y.X),
        _ => false,
    };

    /// <summary>
    /// Whether a CFG node releases the mutex: it unlocks it, defers its unlock (directly or in a deferred
    /// literal), or calls a function of the module with the mutex's owner as receiver or argument, which may
    /// unlock it (when unsure, stay silent).
    /// </summary>
    /// <param name="anyOwnerField">Whether a call given any field of the mutex's owner counts (the panic-path check's
    /// older, wider trust: there a call it cannot see into is what it reports, and a trusted one ends the search).</param>
    private static bool Releases(Pass pass, Node node, FieldPath mutex, string unlock, bool anyOwnerField = false)
    {
        var found = false;
        Walker.Inspect(node, n =>
        {
            if (found) return false;
            if (n is FuncLit && !(node is DeferStmt d && ReferenceEquals(Expr.Unparen(d.Call.Fun), n))) return false;
            // A method value bound to the owner (`return tx.dc, tx.releaseLock, nil`) may unlock it later.
            if (n is SelectorExpr mv && pass.Info.Selections.TryGetValue(mv, out var sel) && sel.Kind == SelectionKind.MethodVal
                && !IsCallee(node, mv) && FieldPath.Of(pass, mv.X)?.Root == mutex.Root)
            {
                found = true;
                return false;
            }
            if (n is not CallExpr c) return true;
            // len(s.items), cap, append, ...: builtins never unlock anything.
            if (Calls.BuiltinName(pass.Info, c) != null || Calls.IsConversion(pass.Info, c)) return true;
            var callee = Calls.Callee(pass.Info, c);
            // A helper of the package that calls nothing that could unlock (`if err := s.ready(); err != nil`).
            if (callee != null && !Calls.IsStd(callee.Pkg) && CannotUnlock(pass, callee, 0)) return true;
            if (callee != null && Calls.IsStd(callee.Pkg))
            {
                if (!IsSyncMethod(pass, c, unlock) || Expr.Unparen(c.Fun) is not SelectorExpr s || FieldPath.Of(pass, s.X)?.Key != mutex.Key) return true;
                found = true;
                return false;
            }
            // A function of the module (or one we cannot name) given the mutex or a value holding it (its owner, or
            // the owner's owner) may unlock it; one given only another field of the owner (`m.renewer.Renew(id)`)
            // cannot reach the mutex through it.
            if (Expr.Unparen(c.Fun) is SelectorExpr m && Reaches(FieldPath.Of(pass, m.X))) found = true;
            foreach (var a in c.Args)
                if (Reaches(FieldPath.Of(pass, a))) found = true;
            return !found;
        });
        return found;

        bool Reaches(FieldPath? path) => anyOwnerField ? path?.Root == mutex.Root : Holds(path, mutex);
    }

    /// <summary>Whether a function of the package can unlock nothing: its body (seen here) has no function literal, go or
    /// defer, and calls only builtins, conversions, std functions outside sync, and such functions itself (a few levels
    /// deep). A call it cannot name, an interface method or a func value may unlock, and counts as unknown.</summary>
    private static bool CannotUnlock(Pass pass, Func f, int depth)
    {
        if (depth > 3 || pass.Facts.BodyOf(f) is not { Decl.Body: { } body } target || !ReferenceEquals(target.Info, pass.Info)) return false;
        return !Walker.Any(body, n => n switch
        {
            FuncLit or GoStmt or DeferStmt => true,
            CallExpr call => !(Calls.BuiltinName(pass.Info, call) != null || Calls.IsConversion(pass.Info, call)
                               || Calls.Callee(pass.Info, call) is { } g && (Calls.IsStd(g.Pkg) ? !g.Pkg!.Path.StartsWith("sync", StringComparison.Ordinal)
                                   : ReferenceEquals(g, f) || CannotUnlock(pass, g, depth + 1))),
            _ => false,
        });
    }

    /// <summary>Whether the value at path is the mutex or holds it (`s` or `s.inner` for `s.inner.mu`).</summary>
    private static bool Holds(FieldPath? path, FieldPath mutex) =>
        path != null && (path.Key == mutex.Key || mutex.Key.StartsWith(path.Key + ".", StringComparison.Ordinal));

    private static bool IsCallee(Node root, SelectorExpr sel)
    {
        var callee = false;
        Walker.Inspect(root, n =>
        {
            if (n is CallExpr c && ReferenceEquals(Expr.Unparen(c.Fun), sel)) callee = true;
            return !callee;
        });
        return callee;
    }

    private static bool IsSyncMethod(Pass pass, CallExpr call, string name) =>
        Calls.Callee(pass.Info, call)?.FullName is { } full && full.StartsWith("(*sync.", StringComparison.Ordinal) && full.EndsWith(")." + name, StringComparison.Ordinal);
}
