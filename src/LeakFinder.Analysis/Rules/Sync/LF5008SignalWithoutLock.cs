using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008's lost wake-up: a function changes state the waiters check (`atomic.StoreInt32(&amp;b.closed, 1)`, `b.done =
/// true`) and signals or broadcasts the Cond without ever taking the Cond's lock. A waiter checks that state under the
/// lock and then calls Wait; the change and the wake-up can both fall between the two, so the waiter sleeps through the
/// only wake-up it would get. Taking the lock around the change (or only around the Broadcast) closes the gap. Silent
/// when the function or any function of the package calling it takes the Cond's lock (it may be held), when the Cond's
/// lock is unknown, and when no wait loop on the Cond checks the changed field (in its condition, or in its body before
/// Wait, directly or through a method of the package that reads it).
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckSignalWithoutLock(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        IReadOnlyDictionary<string, HashSet<string>>? condLocks = null;
        foreach (var f in decls)
        {
            if (f.Name.Name.EndsWith("Locked", StringComparison.Ordinal)) continue;
            foreach (var (signal, _) in SignalCalls(pass, f))
            {
                if (signal.Fun is not SelectorExpr { X: var condExpr } || LockPaths.Of(pass.Info, condExpr)?.Class is not { } cond) continue;
                condLocks ??= CondLocks.Of(pass.Info, pass.Functions);
                if (!condLocks.TryGetValue(cond, out var own) || own.Count == 0) continue;
                if (TakesAny(pass, f.Body!, own, cond, byFunc, 0) || CalledUnderLock(pass, f, own, cond, decls, byFunc)) continue;
                var changes = Changes(pass, f, signal.Pos().Value);
                if (changes.Count == 0) continue;
                foreach (var loop in CondWaitLoops(pass, decls, cond))
                {
                    var checkedFields = CheckedBefore(pass, loop.Loop, loop.Wait, byFunc);
                    if (changes.FirstOrDefault(c => checkedFields.ContainsKey(c.Field)) is not { At: not null } change || !reported.Add(signal)) continue;
                    var mutex = own.First();
                    var verb = signal.Fun is SelectorExpr { Sel.Name: "Broadcast" } ? "broadcasts" : "signals";
                    pass.Report(signal,
                        $"{f.Name.Name} changes {change.Text} (line {pass.Line(change.At)}) and {verb} {LockPaths.Of(pass.Info, condExpr)!.Text} without holding {mutex}, the Cond's lock: a waiter in {loop.In.Name.Name} that has just checked {change.Text} (line {pass.Line(checkedFields[change.Field])}) under the lock and not yet called Wait misses the change and the wake-up, and waits for ever; "
                        + $"make the change and the {(verb == "broadcasts" ? "Broadcast" : "Signal")} while holding the Cond's lock",
                        new RelatedLocation(pass.Span(change.At), "the change, made without the lock"),
                        new RelatedLocation(pass.Span(checkedFields[change.Field]), "the waiter checks it here, then waits"));
                    break;
                }
            }
        }
    }

    private sealed record StateChange(string Field, Node? At, string Text);

    /// <summary>The function's Signal and Broadcast calls on any Cond (outside its literals), in source order, each with
    /// whether a loop of the function surrounds it.</summary>
    private static List<(CallExpr Call, bool InLoop)> SignalCalls(Pass pass, FuncDecl f)
    {
        var found = new List<(CallExpr, bool)>();
        Walker.InspectWithAncestors(f.Body!, (n, ancestors) =>
        {
            if (n is FuncLit) return false;
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Signal" or "Broadcast" } } c && Calls.Callee(pass.Info, c)?.FullName is "(*sync.Cond).Signal" or "(*sync.Cond).Broadcast")
                found.Add((c, ancestors.Any(a => a is ForStmt or RangeStmt)));
            return true;
        });
        return found;
    }

    /// <summary>Whether the body locks a mutex of one of the classes, itself or through the package's functions it calls
    /// (two calls deep; a function value or interface call is not followed).</summary>
    private static bool TakesAny(Pass pass, Node body, HashSet<string> classes, string cond, Dictionary<Func, FuncDecl> byFunc, int depth) =>
        Walker.Any(body, n => n is CallExpr lc && (LockPaths.OpOf(pass.Info, lc) is { Acquires: true, Mutex.Class: { } c } && classes.Contains(c)
                                                   || CondLockerLock(pass, lc, cond)
                                                   || lc.Fun is SelectorExpr { Sel.Name: "TryLock" or "TryRLock", X: var m } && LockPaths.Of(pass.Info, m)?.Class is { } tc && classes.Contains(tc))
                              || depth < 2 && n is CallExpr call && Calls.Callee(pass.Info, call) is { } callee && byFunc.TryGetValue(callee, out var d) && TakesAny(pass, d.Body!, classes, cond, byFunc, depth + 1));

    /// <summary>`c.L.Lock()` on a Cond of the class: its lock, whatever it was made with.</summary>
    private static bool CondLockerLock(Pass pass, CallExpr call, string cond) =>
        call.Fun is SelectorExpr { Sel.Name: "Lock" or "RLock", X: SelectorExpr { Sel.Name: "L", X: var c } } && LockPaths.Of(pass.Info, c)?.Class == cond;

    /// <summary>Whether a function of the package that calls f takes one of the locks (it may hold it at the call).</summary>
    private static bool CalledUnderLock(Pass pass, FuncDecl f, HashSet<string> classes, string cond, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc)
    {
        if (pass.Info.Defs.GetValueOrDefault(f.Name) is not Func fn) return true;
        foreach (var d in decls)
            if (!ReferenceEquals(d, f) && Walker.Any(d.Body!, n => n is Ident id && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), fn)) && TakesAny(pass, d.Body!, classes, cond, byFunc, 2))
                return true;
        return false;
    }

    /// <summary>The receiver's fields the function changes before pos: assigned, counted, or stored through sync/atomic
    /// (`atomic.StoreInt32(&amp;b.closed, 1)`, `b.closed.Store(true)`).</summary>
    private static List<StateChange> Changes(Pass pass, FuncDecl f, int pos)
    {
        var found = new List<StateChange>();
        if (RunLoops.ReceiverOf(pass.Info, f) is not { } recv) return found;
        void Add(Node at, Expr target)
        {
            target = Expr.Unparen(target);
            if (target is UnaryExpr { Op: Token.And } addr) target = Expr.Unparen(addr.X);
            if (target is SelectorExpr sel && FieldClass(pass, sel) is { } cls && LockPaths.Of(pass.Info, sel) is { } p && ReferenceEquals(p.Root, recv)) found.Add(new StateChange(cls, at, p.Text));
        }
        Walker.Inspect(f.Body!, n =>
        {
            if (n is FuncLit || n == null || n.Pos().Value >= pos) return n is not FuncLit;
            switch (n)
            {
                case AssignStmt a:
                    foreach (var l in a.Lhs) Add(a, l);
                    break;
                case IncDecStmt inc:
                    Add(inc, inc.X);
                    break;
                case CallExpr { Args.Count: > 0 } call when Calls.Callee(pass.Info, call) is { Pkg.Path: "sync/atomic" } atomic && !atomic.IsMethod && !atomic.Name.StartsWith("Load", StringComparison.Ordinal):
                    Add(call, call.Args[0]);
                    break;
                case CallExpr { Fun: SelectorExpr { X: var holder } } call when Calls.Callee(pass.Info, call) is { Pkg.Path: "sync/atomic", IsMethod: true } m && m.Name is not "Load":
                    Add(call, holder);
                    break;
            }
            return true;
        });
        return found;
    }

    /// <summary>Loops around a Wait of the Cond class, with that Wait.</summary>
    private static List<(FuncDecl In, ForStmt Loop, CallExpr Wait)> CondWaitLoops(Pass pass, List<FuncDecl> decls, string cond)
    {
        var found = new List<(FuncDecl, ForStmt, CallExpr)>();
        foreach (var d in decls)
            Walker.Inspect(d.Body!, n =>
            {
                if (n is FuncLit) return false;
                if (n is ForStmt loop && loop.Body.List.FirstOrDefault(s => IsWait(pass, s, cond)) is ExprStmt { X: CallExpr wait }) found.Add((d, loop, wait));
                return true;
            });
        return found;
    }

    /// <summary>The fields a wait loop checks before its Wait, with where: in its condition, in the statements of its body
    /// before the Wait, directly or through a method of the package called there that reads them.</summary>
    private static Dictionary<string, Node> CheckedBefore(Pass pass, ForStmt loop, CallExpr wait, Dictionary<Func, FuncDecl> byFunc)
    {
        var found = new Dictionary<string, Node>(StringComparer.Ordinal);
        void Read(Node root, Node at, bool viaCall)
        {
            Walker.Inspect(root, n =>
            {
                if (n is FuncLit) return false;
                if (n is SelectorExpr sel && FieldClass(pass, sel) is { } cls) found.TryAdd(cls, viaCall ? at : sel);
                if (!viaCall && n is CallExpr call && Calls.Callee(pass.Info, call) is { } callee && byFunc.TryGetValue(callee, out var d)) Read(d.Body!, call, true);
                return true;
            });
        }
        if (loop.Cond != null) Read(loop.Cond, loop.Cond, false);
        foreach (var s in loop.Body.List)
        {
            if (s.Pos().Value >= wait.Pos().Value) break;
            Read(s, s, false);
        }
        return found;
    }
}
