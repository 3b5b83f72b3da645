using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008: goroutines wait on a sync.Cond in a loop over a field (`for s.running { s.cond.Wait() }`, `for
/// t.active >= t.limit`, `for len(q.items) == 0`); the package's convention, shown by a function that changes
/// the field in a way that can end the loop and then signals, is broken by another function that makes the same
/// change without Signal or Broadcast (an error path: `SetStartFailed` clears running and returns; an Abort that
/// gives a slot back without waking the next waiter). The waiters are never woken to see the change.
/// Docs: docs/rules/LF5008.md.
/// </summary>
public sealed partial class LF5008CondSignalMissed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5008", "cond-signal-missed", RuleCategory.Deadlock, Severity.Error,
        "A function ends a sync.Cond wait loop's condition without Signal or Broadcast, which the package's other writers send")
    {
        Since = "0.5",
        Summary = "a function changes a field a `for` loop around `cond.Wait()` waits on (a flag, a counter, a length), without the Signal or Broadcast the package's other writers send after the same change; a shutdown flag that releases every waiter sent with Signal, which wakes one; a computed number of units given back with one Signal to waiters that each take one; a change the waiters check, signalled without ever taking the Cond's lock (a lost wake-up); a wait loop that checks a context only between Waits, with nothing to wake it when that context ends; a change written to a value receiver's copy before its Signal or Broadcast; a count the waiters test set back before the Broadcast that should end their wait; a wait loop whose condition (or predicate literal) reads only locals nothing changes while it waits",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [NeverDoneContexts.Analysis];

    /// <summary>A wait loop: the Cond's class, a field (class) its condition tests, and how.</summary>
    private sealed record WaitLoop(FuncDecl In, ForStmt Loop, string Cond, string Field, Test Test);

    /// <summary>A change a function makes to a field: set to a constant (Value), counted up (+) or down (-), grown
    /// (append, a map insert) or shrunk (a reslice, delete, nil).</summary>
    private sealed record Change(string Kind, Constant? Value)
    {
        /// <summary>The constant as the source spells it (`stateStopped`, `false`).</summary>
        public string? Shown { get; init; }

        public bool Same(Change o) => Kind == o.Kind && (Value == null ? o.Value == null : o.Value != null && Value.ToString() == o.Value.ToString());
        /// <summary>What the change does to the field named text, as a verb phrase.</summary>
        public string Describe(string text) => Kind switch
        {
            "=" => $"sets {text} = {Shown ?? Value!.ToString()}",
            "+" => $"counts {text} up",
            "-" => $"counts {text} down",
            "grow" => $"adds to {text}",
            _ => $"removes from {text}",
        };
    }

    /// <summary>How a loop condition's conjunct tests a field: the bool itself (Op Not when negated, Ident when
    /// not), its value or its length (Len) compared by Op against Bound (a constant, or null for any other
    /// operand); FieldLeft when the field is the comparison's left side.</summary>
    private sealed record Test(Token Op, Constant? Bound, bool Len, bool FieldLeft)
    {
        /// <summary>Whether the change can make the conjunct false, which ends the loop.</summary>
        public bool EndedBy(Change c)
        {
            if (Op is Token.Not or Token.Ident)
                return c.Kind == "=" && c.Value is { Kind: ConstantKind.Bool } b && b.Bool == (Op == Token.Not);
            var op = FieldLeft ? Op : Mirror(Op);
            if (Len)
                return op switch
                {
                    Token.Eql or Token.Lss or Token.Leq => c.Kind == "grow",
                    Token.Neq or Token.Gtr or Token.Geq => c.Kind == "shrink",
                    _ => false,
                };
            if (c.Kind == "=")
                return Bound != null && c.Value != null && Constant.Compare(op, c.Value, Bound) == false;
            return op switch
            {
                Token.Lss or Token.Leq => c.Kind == "+",
                Token.Gtr or Token.Geq => c.Kind == "-",
                Token.Eql or Token.Neq => c.Kind is "+" or "-",
                _ => false,
            };
        }

        private static Token Mirror(Token op) => op switch
        {
            Token.Lss => Token.Gtr,
            Token.Leq => Token.Geq,
            Token.Gtr => Token.Lss,
            Token.Geq => Token.Leq,
            _ => op,
        };
    }

    private sealed record Write(FuncDecl In, Node At, string Field, Change Change, string Text);

    public override void Run(Pass pass)
    {
        // A wait loop holds a Cond.Wait call: a package that never names it has none.
        if (!pass.UsesFunction("(*sync.Cond).Wait")) return;
        LF5008NeverSignalled.Run(pass);
        var decls = pass.Functions.Select(f => f.Function).OfType<FuncDecl>().Where(d => d.Body != null).ToList();
        var byFunc = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (pass.Info.Defs.GetValueOrDefault(d.Name) is Func f) byFunc[f] = d;
        var reported = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        CheckSignalWithoutLock(pass, decls, byFunc, reported);
        CheckContextUnseen(pass, decls, byFunc, reported);
        CheckFrozenPredicate(pass, decls, byFunc, reported);
        var loops = decls.SelectMany(d => WaitLoops(pass, d)).ToList();
        CheckValueReceiverCopy(pass, decls, loops, reported);
        if (loops.Count == 0) return;
        var writes = decls.SelectMany(d => Writes(pass, d)).ToList();
        CheckSignalOnShutdown(pass, loops, writes, reported);
        CheckSignalPerWaiter(pass, loops, decls, reported);
        CheckSignalBeforeChange(pass, loops, writes, decls, byFunc, reported);
        CheckChangeUnseen(pass, loops, writes, decls, byFunc, reported);
        CheckResetBeforeWake(pass, loops, writes, decls, byFunc, reported);
        CheckSignalOneForMany(pass, loops, writes, reported);
        foreach (var loop in loops.DistinctBy(l => (l.Cond, l.Field, l.Test)))
        {
            var ending = writes.Where(w => w.Field == loop.Field && loop.Test.EndedBy(w.Change) && !loops.Any(l => ReferenceEquals(l.In, w.In))).ToList();
            if (ending.Count == 0) continue;
            var signallers = Signallers(pass, decls, byFunc, loop.Cond);
            foreach (var w in ending.Where(w => !signallers.Contains(w.In) && !CalledBySignaller(pass, w.In, decls, signallers, byFunc, loop.Cond)).DistinctBy(w => w.In))
            {
                // The package's convention: a function that makes the same change and signals.
                var signalling = ending.FirstOrDefault(s => signallers.Contains(s.In) && s.Change.Same(w.Change));
                if (signalling == null || !reported.Add(w.At)) continue;
                var cond = Expr.Unparen(((ExprStmt)loop.Loop.Body.List.First(s => IsWait(pass, s, loop.Cond))).X) is CallExpr { Fun: SelectorExpr sel } && FieldPath.Of(pass, sel.X) is { } p ? p.Text : "the cond";
                pass.Report(w.At, $"{w.In.Name.Name} {w.Change.Describe(w.Text)}, which {(w.Change.Kind == "=" ? "ends" : "can end")} the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}), but never calls Broadcast or Signal, as {signalling.In.Name.Name} does after the same change (line {pass.Line(signalling.At)}): a goroutine waiting there is never woken to see it and waits for ever; broadcast after the change here too",
                    new RelatedLocation(pass.Span(loop.Loop), $"the loop waiting on {cond}"),
                    new RelatedLocation(pass.Span(signalling.At), $"{signalling.In.Name.Name} changes it and broadcasts"));
            }
        }
    }

    /// <summary>`for s.f { c.Wait() }`, `for !s.ready &amp;&amp; s.n &gt; 0 { c.Wait() }`, `for len(q.items) == 0 { c.Wait() }`:
    /// each conjunct of the loop's condition that tests a field.</summary>
    private static IEnumerable<WaitLoop> WaitLoops(Pass pass, FuncDecl d)
    {
        var found = new List<WaitLoop>();
        Walker.Inspect(d.Body!, n =>
        {
            if (n is FuncLit) return false;
            if (n is not ForStmt { Cond: { } c, Init: null, Post: null } loop) return true;
            var wait = loop.Body.List.FirstOrDefault(s => s is ExprStmt { X: CallExpr call } && LF5006CondWaitWithoutCheck.IsCondWait(pass, call));
            if (wait is not ExprStmt { X: CallExpr { Fun: SelectorExpr ws } } || LockPaths.Of(pass.Info, ws.X)?.Class is not { } condClass) return true;
            foreach (var (field, test) in Conjuncts(pass, c))
                found.Add(new WaitLoop(d, loop, condClass, field, test));
            return true;
        });
        return found;
    }

    private static IEnumerable<(string Field, Test Test)> Conjuncts(Pass pass, Expr e)
    {
        e = Expr.Unparen(e);
        if (e is BinaryExpr { Op: Token.LAnd } and)
            return Conjuncts(pass, and.X).Concat(Conjuncts(pass, and.Y));
        var negated = e is UnaryExpr { Op: Token.Not };
        if (negated) e = Expr.Unparen(((UnaryExpr)e).X);
        if (e is SelectorExpr sel && pass.Info.TypeOf(sel) is { Underlying: BasicType { Kind: BasicKind.Bool } } && FieldClass(pass, sel) is { } cls)
            return [(cls, new Test(negated ? Token.Not : Token.Ident, null, false, true))];
        if (negated || e is not BinaryExpr { Op: Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq } cmp) return [];
        foreach (var (side, other, left) in new[] { (cmp.X, cmp.Y, true), (cmp.Y, cmp.X, false) })
        {
            var len = Expr.Unparen(side) is CallExpr { Args: [var of] } call && Calls.BuiltinName(pass.Info, call) == "len";
            var field = len ? ((CallExpr)Expr.Unparen(side)).Args[0] : side;
            if (Expr.Unparen(field) is not SelectorExpr fs || FieldClass(pass, fs) is not { } fc) continue;
            if (!len && pass.Info.TypeOf(fs)?.Underlying is not BasicType { Kind: not BasicKind.Bool and not BasicKind.String }) continue;
            var bound = pass.Info.Types.TryGetValue(other, out var tv) ? tv.Value : null;
            return [(fc, new Test(cmp.Op, bound, len, left))];
        }
        return [];
    }

    private static string? FieldClass(Pass pass, SelectorExpr sel) =>
        pass.Info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal ? LockPaths.Of(pass.Info, sel)?.Class : null;

    /// <summary>Changes to fields reached from the receiver or a parameter (not a value the function is still
    /// building: nobody waits on it yet): constants assigned, counts up and down, appends, reslices, deletes.</summary>
    private static IEnumerable<Write> Writes(Pass pass, FuncDecl d)
    {
        var found = new List<Write>();
        var roots = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        if (RunLoops.ReceiverOf(pass.Info, d) is { } recv) roots.Add(recv);
        foreach (var p in SummaryBuilder.ParamVars(d, pass.Info)) if (p != null) roots.Add(p);
        void Add(Node at, Expr target, Change change)
        {
            if (Expr.Unparen(target) is SelectorExpr sel && FieldClass(pass, sel) is { } cls && LockPaths.Of(pass.Info, sel) is { } path && roots.Contains(path.Root))
                found.Add(new Write(d, at, cls, change, path.Text));
        }
        Walker.Inspect(d.Body!, n =>
        {
            switch (n)
            {
                case AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a when Expr.Unparen(a.Lhs[0]) is IndexExpr ix && a.Tok == Token.Assign && pass.Info.TypeOf(ix.X)?.Underlying is MapType:
                    Add(a, ix.X, new Change("grow", null));
                    break;
                case AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a when a.Tok is Token.AddAssign or Token.SubAssign:
                    Add(a, a.Lhs[0], new Change(a.Tok == Token.AddAssign ? "+" : "-", null));
                    break;
                case AssignStmt { Tok: Token.Assign, Lhs.Count: 1, Rhs.Count: 1 } a when AssignedChange(pass, a.Lhs[0], a.Rhs[0]) is { } change:
                    Add(a, a.Lhs[0], change);
                    break;
                case IncDecStmt inc:
                    Add(inc, inc.X, new Change(inc.Tok == Token.Inc ? "+" : "-", null));
                    break;
                case ExprStmt { X: CallExpr { Args: [var m, _] } call } when Calls.BuiltinName(pass.Info, call) == "delete":
                    Add(n, m, new Change("shrink", null));
                    break;
            }
            return true;
        });
        return found;
    }

    private static Change? AssignedChange(Pass pass, Expr lhs, Expr rhs)
    {
        if (pass.Info.Types.TryGetValue(rhs, out var tv) && tv.Value is { Kind: ConstantKind.Bool or ConstantKind.Int } value)
            return new Change("=", value) { Shown = Expr.Unparen(rhs) switch { Ident id => id.Name, SelectorExpr { X: Ident q } qs => q.Name + "." + qs.Sel.Name, BasicLit lit => lit.Value, _ => null } };
        var key = LockPaths.Of(pass.Info, lhs)?.Key;
        return Expr.Unparen(rhs) switch
        {
            CallExpr { Args.Count: > 1 } call when Calls.BuiltinName(pass.Info, call) == "append" && LockPaths.Of(pass.Info, call.Args[0])?.Key == key && key != null => new Change("grow", null),
            SliceExpr slice when LockPaths.Of(pass.Info, slice.X)?.Key == key && key != null => new Change("shrink", null),
            Ident { Name: "nil" } when pass.Info.TypeOf(lhs)?.Underlying is SliceType or MapType => new Change("shrink", null),
            _ => null,
        };
    }

    /// <summary>The functions that call Signal or Broadcast on a Cond of the class, directly or through the
    /// package's functions they call.</summary>
    private static HashSet<FuncDecl> Signallers(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, string condClass)
    {
        var result = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (Walker.Any(d.Body!, n => n is CallExpr c && IsSignal(pass, c, condClass)))
                result.Add(d);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var d in decls)
                if (!result.Contains(d) && Walker.Any(d.Body!, n => n is CallExpr c && Calls.Callee(pass.Info, c) is { } f && byFunc.TryGetValue(f, out var callee) && result.Contains(callee)))
                    changed = result.Add(d) || changed;
        }
        return result;
    }

    /// <summary>A helper that only changes the state, called by a function that then signals: after the call on
    /// its way out (a later statement of the block or of a block around it, before any return), or in a defer.
    /// A caller that calls it on an error path and returns (`l.Abort(); return err`) does not signal for it.</summary>
    private static bool CalledBySignaller(Pass pass, FuncDecl writer, List<FuncDecl> decls, HashSet<FuncDecl> signallers, Dictionary<Func, FuncDecl> byFunc, string condClass)
    {
        var f = pass.Info.Defs.GetValueOrDefault(writer.Name);
        bool Signals(Node n) => Walker.Any(n, x => x is CallExpr c && (Calls.Callee(pass.Info, c) is { } callee && byFunc.TryGetValue(callee, out var cd) && signallers.Contains(cd)
                                                                       || IsSignal(pass, c, condClass)));
        foreach (var d in decls)
        {
            if (!signallers.Contains(d) || !Walker.Any(d.Body!, n => n is CallExpr c && ReferenceEquals(Calls.Callee(pass.Info, c), f))) continue;
            if (d.Body!.List.Any(st => st is DeferStmt ds && Signals(ds))) return true;
            var followed = false;
            Walker.InspectWithAncestors(d.Body!, (n, ancestors) =>
            {
                if (followed) return false;
                if (n is not CallExpr c || !ReferenceEquals(Calls.Callee(pass.Info, c), f)) return true;
                // From the call's statement outwards: the statements after it in each enclosing list.
                for (var i = ancestors.Count - 1; i >= 1 && !followed; i--)
                {
                    if (ancestors[i] is not Stmt stmt || StatementLists.Of(ancestors[i - 1]) is not { } list || list.IndexOf(stmt) is not (var at and >= 0)) continue;
                    var left = false;
                    for (var k = at + 1; k < list.Count && !followed && !left; k++)
                    {
                        if (Signals(list[k])) followed = true;
                        else if (list[k] is ReturnStmt or BranchStmt) left = true;
                    }
                    if (left || ancestors[i - 1] is FuncLit || ancestors[i - 1] is BlockStmt && i - 1 == 0) break;
                }
                return true;
            });
            if (followed) return true;
        }
        return false;
    }

    private static bool IsSignal(Pass pass, CallExpr c, string condClass) =>
        c.Fun is SelectorExpr { Sel.Name: "Signal" or "Broadcast" } sel && Calls.Callee(pass.Info, c)?.FullName is "(*sync.Cond).Signal" or "(*sync.Cond).Broadcast"
        && LockPaths.Of(pass.Info, sel.X)?.Class == condClass;

    private static bool IsWait(Pass pass, Stmt s, string condClass) =>
        s is ExprStmt { X: CallExpr { Fun: SelectorExpr sel } call } && LF5006CondWaitWithoutCheck.IsCondWait(pass, call) && LockPaths.Of(pass.Info, sel.X)?.Class == condClass;

}
