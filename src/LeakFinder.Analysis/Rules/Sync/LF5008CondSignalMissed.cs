using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008: goroutines wait on a sync.Cond in a loop over a bool field (`for s.running { s.cond.Wait() }`); the
/// package's convention, shown by a function that sets the field to the value ending the loop and then
/// broadcasts, is broken by another function that sets it the same way without Signal or Broadcast (an error
/// path: `SetStartFailed` clears running and returns). The waiters are never woken to see the change.
/// Docs: docs/rules/LF5008.md.
/// </summary>
public sealed class LF5008CondSignalMissed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5008", "cond-signal-missed", RuleCategory.Deadlock, Severity.Error,
        "A function ends a sync.Cond wait loop's condition without Signal or Broadcast, which the package's other writers send")
    {
        Since = "0.5",
        Summary = "a function sets the bool field a `for` loop around `cond.Wait()` waits on, without the Signal or Broadcast the package's other writers send after the same change",
    };

    /// <summary>A wait loop: the Cond's class, the bool field (class) and the value that ends the loop.</summary>
    private sealed record WaitLoop(FuncDecl In, ForStmt Loop, string Cond, string Field, bool Ends);

    private sealed record Write(FuncDecl In, AssignStmt At, string Field, bool Value, string Text);

    public override void Run(Pass pass)
    {
        // A wait loop holds a Cond.Wait call: a package that never names it has none.
        if (!pass.UsesFunction("(*sync.Cond).Wait")) return;
        var decls = pass.Functions.Select(f => f.Function).OfType<FuncDecl>().Where(d => d.Body != null).ToList();
        var loops = decls.SelectMany(d => WaitLoops(pass, d)).ToList();
        if (loops.Count == 0) return;
        var byFunc = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (pass.Info.Defs.GetValueOrDefault(d.Name) is Func f) byFunc[f] = d;
        var writes = decls.SelectMany(d => Writes(pass, d)).ToList();
        foreach (var loop in loops.DistinctBy(l => (l.Cond, l.Field, l.Ends)))
        {
            var ending = writes.Where(w => w.Field == loop.Field && w.Value == loop.Ends && !loops.Any(l => ReferenceEquals(l.In, w.In))).ToList();
            var signallers = Signallers(pass, decls, byFunc, loop.Cond);
            var signalling = ending.FirstOrDefault(w => signallers.Contains(w.In));
            if (signalling == null) continue; // no convention to break
            foreach (var w in ending.Where(w => !signallers.Contains(w.In) && !CalledBySignaller(pass, w.In, decls, signallers)).DistinctBy(w => w.In))
            {
                var cond = Expr.Unparen(((ExprStmt)loop.Loop.Body.List.First(s => IsWait(pass, s, loop.Cond))).X) is CallExpr { Fun: SelectorExpr sel } && FieldPath.Of(pass, sel.X) is { } p ? p.Text : "the cond";
                pass.Report(w.At, $"{w.In.Name.Name} sets {w.Text} = {(w.Value ? "true" : "false")}, which ends the wait loop in {loop.In.Name.Name} (line {pass.Line(loop.Loop)}), but never calls Broadcast or Signal, as {signalling.In.Name.Name} does after the same change (line {pass.Line(signalling.At)}): a goroutine waiting there is never woken to see it and waits for ever; broadcast after the change here too",
                    new RelatedLocation(pass.Span(loop.Loop), $"the loop waiting on {cond}"),
                    new RelatedLocation(pass.Span(signalling.At), $"{signalling.In.Name.Name} changes it and broadcasts"));
            }
        }
    }

    /// <summary>`for s.f { c.Wait() }` or `for !s.f &amp;&amp; ... { c.Wait() }`: each bool field conjunct of the loop's condition.</summary>
    private static IEnumerable<WaitLoop> WaitLoops(Pass pass, FuncDecl d)
    {
        var found = new List<WaitLoop>();
        Walker.Inspect(d.Body!, n =>
        {
            if (n is FuncLit) return false;
            if (n is not ForStmt { Cond: { } c, Init: null, Post: null } loop) return true;
            var wait = loop.Body.List.FirstOrDefault(s => s is ExprStmt { X: CallExpr call } && LF5006CondWaitWithoutCheck.IsCondWait(pass, call));
            if (wait is not ExprStmt { X: CallExpr { Fun: SelectorExpr ws } } || LockPaths.Of(pass.Info, ws.X)?.Class is not { } condClass) return true;
            foreach (var (field, ends) in Conjuncts(pass, c))
                found.Add(new WaitLoop(d, loop, condClass, field, ends));
            return true;
        });
        return found;
    }

    private static IEnumerable<(string Field, bool Ends)> Conjuncts(Pass pass, Expr e)
    {
        e = Expr.Unparen(e);
        if (e is BinaryExpr { Op: Token.LAnd } and)
            return Conjuncts(pass, and.X).Concat(Conjuncts(pass, and.Y));
        var negated = e is UnaryExpr { Op: Token.Not };
        if (negated) e = Expr.Unparen(((UnaryExpr)e).X);
        return e is SelectorExpr sel && pass.Info.TypeOf(sel) is { Underlying: BasicType { Kind: BasicKind.Bool } } && LockPaths.Of(pass.Info, sel) is { Class: { } cls }
            ? [(cls, negated)]
            : [];
    }

    /// <summary>Assignments of a constant bool to a field reached from the receiver or a parameter (not a value
    /// the function is still building: nobody waits on it yet).</summary>
    private static IEnumerable<Write> Writes(Pass pass, FuncDecl d)
    {
        var found = new List<Write>();
        var roots = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        if (RunLoops.ReceiverOf(pass.Info, d) is { } recv) roots.Add(recv);
        foreach (var p in SummaryBuilder.ParamVars(d, pass.Info)) if (p != null) roots.Add(p);
        Walker.Inspect(d.Body!, n =>
        {
            if (n is AssignStmt { Tok: Token.Assign, Lhs.Count: 1, Rhs.Count: 1 } a && Expr.Unparen(a.Lhs[0]) is SelectorExpr sel
                && LockPaths.Of(pass.Info, sel) is { Class: { } cls } path && roots.Contains(path.Root)
                && pass.Info.Types.TryGetValue(a.Rhs[0], out var tv) && tv.Value is { Kind: ConstantKind.Bool, Bool: var value })
                found.Add(new Write(d, a, cls, value, path.Text));
            return true;
        });
        return found;
    }

    /// <summary>The functions that call Signal or Broadcast on a Cond of the class, directly or through the
    /// package's functions they call.</summary>
    private static HashSet<FuncDecl> Signallers(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, string condClass)
    {
        var result = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (Walker.Any(d.Body!, n => n is CallExpr { Fun: SelectorExpr { Sel.Name: "Signal" or "Broadcast" } sel } c
                                       && Calls.Callee(pass.Info, c)?.FullName is "(*sync.Cond).Signal" or "(*sync.Cond).Broadcast"
                                       && LockPaths.Of(pass.Info, sel.X)?.Class == condClass))
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

    /// <summary>A helper that only changes the state, called by a function that then signals.</summary>
    private static bool CalledBySignaller(Pass pass, FuncDecl writer, List<FuncDecl> decls, HashSet<FuncDecl> signallers)
    {
        var f = pass.Info.Defs.GetValueOrDefault(writer.Name);
        return decls.Any(d => signallers.Contains(d) && Walker.Any(d.Body!, n => n is CallExpr c && ReferenceEquals(Calls.Callee(pass.Info, c), f)));
    }

    private static bool IsWait(Pass pass, Stmt s, string condClass) =>
        s is ExprStmt { X: CallExpr { Fun: SelectorExpr sel } call } && LF5006CondWaitWithoutCheck.IsCondWait(pass, call) && LockPaths.Of(pass.Info, sel.X)?.Class == condClass;

}
