using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>A mutex held at a point of a function: how, and the Lock (or lock helper call) that took it.</summary>
public sealed record HeldLock(LockPath Path, LockMode Mode, Node LockedAt);

/// <summary>A goroutine locking a mutex it already holds: at At (the Lock, or the call whose callee locks at
/// Site through Via, Entry being the call of the function that locks), while Held is held.</summary>
public sealed record LockConflict(string Function, Node At, HeldLock Held, LockMode Wanted, CallExpr Site, string Via, CallExpr? Entry);

/// <summary>To locked (at At, reaching the Lock at Site through Via) while Held is held: one edge of the lock order.</summary>
public sealed record LockOrderEdge(string Function, HeldLock Held, LockPath To, LockMode Wanted, Node At, CallExpr Site, string Via);

/// <summary>
/// The forward analysis of one function body over its CFG: which mutexes are held on every path to each
/// point (met by intersection, so a lock taken on one branch only is not held after the join), and which
/// ones the function has unlocked on every path so far (so a Lock after `mu.Unlock()` in a function entered
/// with mu held is no acquisition by the function). A call of a package function applies its summary.
/// It produces the function's <see cref="LockSummary"/> and, when asked, its conflicts and lock-order edges.
/// </summary>
internal sealed class LockFlow
{
    private const int MaxFieldHops = 6;
    private readonly ControlFlowGraph _cfg;
    private readonly string _name;
    private readonly Dictionary<Var, int> _params = new(ReferenceEqualityComparer.Instance);
    private readonly List<(int Start, int End)> _guarded = [];
    private readonly List<LockEvent>?[][] _events;
    private readonly HashSet<string> _handedOn;

    public LockFlow(FunctionBody fn, ControlFlowGraph cfg, TypeInfo info, LockEvents events)
    {
        _cfg = cfg;
        _name = fn.Name;
        var type = fn.Function switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null };
        if (fn.Function is FuncDecl { Recv.List: [{ Names: [var recv] }] } && info.Defs.GetValueOrDefault(recv) is Var rv) _params[rv] = -1;
        var index = 0;
        foreach (var field in type?.Params.List ?? [])
        {
            if (field.Names.Count == 0) index++;
            foreach (var name in field.Names)
                if (info.Defs.GetValueOrDefault(name) is Var pv) _params[pv] = index++;
                else index++;
        }
        FindGuardedSpans(fn.Body, info);
        _handedOn = HandedOn(fn.Body, info);
        _events = new List<LockEvent>?[cfg.Blocks.Count][];
        foreach (var block in cfg.Blocks)
        {
            var perNode = new List<LockEvent>?[block.Nodes.Count];
            if (block.Live)
                for (var i = 0; i < perNode.Length; i++) perNode[i] = events.Of(block.Nodes[i]);
            _events[block.Index] = perNode;
        }
        HasEvents = _events.Any(b => b.Any(e => e != null));
    }

    /// <summary>Whether the body does anything to a mutex or calls anything that might.</summary>
    public bool HasEvents { get; }

    /// <summary>The callees of this package the body calls (the call graph's edges).</summary>
    public IEnumerable<Func> Callees() =>
        _events.SelectMany(b => b).Where(e => e != null).SelectMany(e => e!)
            .Select(e => e is DeferredEvent d ? d.Inner : e).OfType<CallEvent>().Select(c => c.Callee);

    /// <summary>Runs the analysis with the callees' current summaries; conflicts and edges go to the sinks when given.</summary>
    public LockSummary Run(Func<Func, LockSummary?> summaryOf, List<LockConflict>? conflicts, List<LockOrderEdge>? edges)
    {
        var summary = new LockSummary();
        // The fixpoint's passes see states not yet met with every path: facts come from the final pass only.
        var run = new Transfer(this, summaryOf, new LockSummary(), null, null);
        var ins = new State?[_cfg.Blocks.Count];
        ins[0] = new State();
        var work = new Stack<Block>();
        work.Push(_cfg.Entry);
        // Intersection only shrinks the states, so this ends; then one more pass reports from the final states.
        while (work.Count > 0)
        {
            var block = work.Pop();
            var st = ins[block.Index]!.Clone();
            run.Block(block, st);
            for (var s = block.Succs.Count - 1; s >= 0; s--)
            {
                var succ = block.Succs[s];
                var old = ins[succ.Index];
                var met = old == null ? st.Clone() : old.Meet(st);
                if (old != null && old.SameAs(met)) continue;
                ins[succ.Index] = met;
                work.Push(succ);
            }
        }
        var final = new Transfer(this, summaryOf, summary, conflicts, edges);
        State? atExit = null;
        foreach (var block in _cfg.Blocks)
        {
            if (ins[block.Index] is not { } inState) continue;
            var st = inState.Clone();
            final.Block(block, st);
            if (block.Return != null) atExit = atExit == null ? st : atExit.Meet(st);
        }
        if (atExit != null)
            foreach (var held in atExit.Held.Values)
                if (!final.DeferredReleases.Contains(held.Path.Key) && Export(held.Path) is { } r)
                    summary.HeldAtExit[r.Key] = (r, held.Mode);
        return summary;
    }

    /// <summary>The mutex in the function's own terms, when a caller can name it: reached from the receiver or
    /// a parameter through a pointer, or from a package variable.</summary>
    private LockRef? Export(LockPath p)
    {
        if (p.Fields.Count(c => c == '.') > MaxFieldHops) return null;
        if (LockPaths.IsGlobal(p.Root)) return new LockRef(0, p.Root, p.Fields, p.Class);
        return p.Shared && _params.TryGetValue(p.Root, out var i) ? new LockRef(i, null, p.Fields, p.Class) : null;
    }

    private bool Guarded(Node n)
    {
        var pos = n.Pos().Value;
        foreach (var (s, e) in _guarded)
            if (pos >= s && pos < e) return true;
        return false;
    }

    /// <summary>
    /// The branches of ifs whose condition tests a bool parameter or a lock-named flag (`if lock {`, `if
    /// !s.locked {`): the function locks there only when its caller says it does not hold the lock already.
    /// </summary>
    private void FindGuardedSpans(BlockStmt body, TypeInfo info)
    {
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is IfStmt ifs && MentionsLockFlag(ifs.Cond, info))
            {
                _guarded.Add((ifs.Body.Pos().Value, ifs.Body.End().Value));
                if (ifs.Else != null) _guarded.Add((ifs.Else.Pos().Value, ifs.Else.End().Value));
            }
            return true;
        });
    }

    private bool MentionsLockFlag(Expr cond, TypeInfo info)
    {
        var found = false;
        Walker.Inspect(cond, n =>
        {
            if (found || n is not Ident id) return !found;
            if (id.Name.Contains("lock", StringComparison.OrdinalIgnoreCase) && info.TypeOf(id)?.Underlying is BasicType { Kind: BasicKind.Bool }) found = true;
            else if (info.ObjectOf(id) is Var v && _params.TryGetValue(v, out var i) && i >= 0 && v.Type.Underlying is BasicType { Kind: BasicKind.Bool }) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>
    /// Mutexes the body hands on: their address taken (`unlockOnce(&amp;s.mu)`, `sync.NewCond(&amp;s.mu)`), a method
    /// value of them (`s.mu.Unlock` stored or passed), or unlocked in a literal that is neither deferred nor
    /// called in place (a closure variable, a callback). Who unlocks them, and when, is beyond this analysis:
    /// they are never counted as held.
    /// </summary>
    private static HashSet<string> HandedOn(BlockStmt body, TypeInfo info)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Node root, bool inOpaqueLiteral)
        {
            var parents = new List<Node>();
            Walker.Inspect(root, n =>
            {
                if (n == null)
                {
                    parents.RemoveAt(parents.Count - 1);
                    return false;
                }
                var parent = parents.Count > 0 ? parents[^1] : null;
                switch (n)
                {
                    case FuncLit lit when !ReferenceEquals(lit, root):
                        var runsHere = parent is CallExpr c && ReferenceEquals(Calls.Unparen(c.Fun), lit) && parents.Count > 1 && parents[^2] is not GoStmt;
                        Visit(lit, inOpaqueLiteral || !runsHere);
                        return false;
                    case UnaryExpr { Op: Syntax.Token.And } u when IsMutex(info.TypeOf(u.X)) && LockPaths.Of(info, u.X) is { } addr:
                        result.Add(addr.Key);
                        break;
                    case SelectorExpr sel when info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal
                                               && sel.Sel.Name is "Lock" or "Unlock" or "RLock" or "RUnlock":
                        var called = parent is CallExpr call && ReferenceEquals(Calls.Unparen(call.Fun), sel);
                        if ((!called || inOpaqueLiteral && sel.Sel.Name is "Unlock" or "RUnlock") && LockPaths.ReceiverOf(info, sel) is { } m) result.Add(m.Key);
                        break;
                }
                parents.Add(n);
                return true;
            });
        }
        Visit(body, false);
        return result;
    }

    private static bool IsMutex(GoType? t) =>
        t is NamedType { Obj.Name: "Mutex" or "RWMutex", Obj.Pkg.Path: "sync" };

    /// <summary>Held: must-held mutexes by key. Released: keys unlocked by the function on every path so far.</summary>
    private sealed class State
    {
        public Dictionary<string, HeldLock> Held { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Released { get; } = new(StringComparer.Ordinal);

        public State Clone()
        {
            var s = new State();
            foreach (var (k, v) in Held) s.Held[k] = v;
            s.Released.UnionWith(Released);
            return s;
        }

        public State Meet(State other)
        {
            var s = new State();
            foreach (var (k, v) in Held)
                if (other.Held.TryGetValue(k, out var o)) s.Held[k] = v.Mode == o.Mode ? v : v with { Mode = LockMode.Read };
            foreach (var k in Released)
                if (other.Released.Contains(k)) s.Released.Add(k);
            return s;
        }

        public bool SameAs(State other) =>
            Held.Count == other.Held.Count && Released.Count == other.Released.Count
            && Held.All(h => other.Held.TryGetValue(h.Key, out var o) && o.Mode == h.Value.Mode) && Released.SetEquals(other.Released);
    }

    /// <summary>Applies events to a state, recording the summary's facts and, in the final pass, conflicts and edges.</summary>
    private sealed class Transfer(LockFlow flow, Func<Func, LockSummary?> summaryOf, LockSummary summary, List<LockConflict>? conflicts, List<LockOrderEdge>? edges)
    {
        public HashSet<string> DeferredReleases { get; } = new(StringComparer.Ordinal);

        public void Block(Block block, State st)
        {
            var perNode = flow._events[block.Index];
            for (var i = 0; i < perNode.Length; i++)
                if (perNode[i] is { } events)
                    foreach (var e in events) Apply(e, st);
        }

        private void Apply(LockEvent e, State st)
        {
            switch (e)
            {
                case OpEvent { Op: { Acquires: true } op }:
                    Acquire(st, op.Mutex, op.Mode, op.Call, op.Call, "", null, !flow.Guarded(op.Call));
                    break;
                case OpEvent { Op: var op }:
                    Release(st, op.Mutex);
                    break;
                case CallEvent call:
                    ApplyCall(call, st);
                    break;
                case OpaqueEvent opaque:
                    foreach (var p in opaque.Passed)
                        foreach (var k in st.Held.Keys.Where(k => k == p.Key || k.StartsWith(p.Key + ".", StringComparison.Ordinal)).ToList())
                            st.Held.Remove(k);
                    break;
                case DeferredEvent { Inner: var inner }:
                    // Runs at the return: only what the function holds when it returns changes, and what it releases.
                    foreach (var path in Releases(inner))
                    {
                        DeferredReleases.Add(path.Key);
                        if (!st.Held.ContainsKey(path.Key) && flow.Export(path) is { } r) summary.Releases.TryAdd(r.Key, r);
                    }
                    break;
            }
        }

        private IEnumerable<LockPath> Releases(LockEvent e)
        {
            if (e is OpEvent { Op: { Acquires: false } op }) yield return op.Mutex;
            if (e is CallEvent call && summaryOf(call.Callee) is { } s)
                foreach (var r in s.Releases.Values)
                    if (Map(r, call) is { } p) yield return p;
        }

        private void ApplyCall(CallEvent call, State st)
        {
            if (summaryOf(call.Callee) is not { IsEmpty: false } s) return;
            var exportable = !flow.Guarded(call.Call);
            foreach (var acq in s.Acquires.Values)
                if (Map(acq.Ref, call) is { } path)
                    Acquire(st, path, acq.Mode, call.Call, acq.Site, Chain(call.Callee, acq.Via), acq.Entry ?? call.Call, exportable);
            foreach (var r in s.Releases.Values)
                if (Map(r, call) is { } path) Release(st, path);
            foreach (var (r, mode) in s.HeldAtExit.Values)
                if (Map(r, call) is { } path && !flow._handedOn.Contains(path.Key)) st.Held[path.Key] = new HeldLock(path, mode, call.Call);
        }

        private void Acquire(State st, LockPath path, LockMode mode, Node at, CallExpr site, string via, CallExpr? entry, bool exportable)
        {
            if (st.Held.TryGetValue(path.Key, out var held)) conflicts?.Add(new LockConflict(flow._name, at, held, mode, site, via, entry));
            if (edges != null)
                foreach (var h in st.Held.Values)
                    if (h.Path.Key != path.Key) edges.Add(new LockOrderEdge(flow._name, h, path, mode, at, site, via));
            if (exportable && !st.Released.Contains(path.Key) && flow.Export(path) is { } r)
            {
                if (!summary.Acquires.TryGetValue(r.Key, out var old)) summary.Acquires[r.Key] = new LockAcquire(r, mode, site, via, entry);
                else if (old.Mode == LockMode.Read && mode == LockMode.Write) summary.Acquires[r.Key] = new LockAcquire(r, mode, site, via, entry);
            }
            // A callee's lock is held after the call only when its summary says it returns holding it.
            if (held == null && at is CallExpr c && ReferenceEquals(c, site) && !flow._handedOn.Contains(path.Key)) st.Held[path.Key] = new HeldLock(path, mode, at);
        }

        private void Release(State st, LockPath path)
        {
            if (!st.Held.Remove(path.Key) && flow.Export(path) is { } r) summary.Releases.TryAdd(r.Key, r);
            st.Released.Add(path.Key);
        }

        private static string Chain(Func callee, string via)
        {
            var name = callee.Name;
            if (via.Length == 0) return name;
            return via.Count(c => c == '→') >= 3 ? name + " → …" : name + " → " + via;
        }

        /// <summary>A callee's mutex in the caller's terms, through the call's receiver or argument.</summary>
        private static LockPath? Map(LockRef r, CallEvent call)
        {
            if (r.Global != null) return new LockPath(r.Global, "", r.Global.Pkg!.Path + "." + r.Global.Name, true).Append(r.Fields, r.Class, true);
            var sig = call.Callee.Signature;
            if (r.Param >= 0 && sig is { Variadic: true } && r.Param >= sig.Params.Count - 1) return null;
            var basePath = r.Param < 0 ? call.Recv : r.Param < call.Args.Length ? call.Args[r.Param] : null;
            return basePath?.Append(r.Fields, r.Class, true);
        }
    }
}
