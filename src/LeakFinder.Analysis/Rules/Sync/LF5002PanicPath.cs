using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 on the panic path: a function the package runs under a recover (a goroutine or method whose deferred
/// literal calls `recover()`, so that one bad request cannot crash the process) locks a mutex, calls code it does
/// not know (a handler held in a func value, map, field or interface) and unlocks with a plain call after it. When
/// the handler panics, the recover swallows the panic and the process goes on with the mutex locked: the next Lock
/// blocks for ever. A deferred unlock runs on the panic path; a plain one does not.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static void CheckPanicPaths(Pass pass)
    {
        var recovered = RecoveredFunctions(pass);
        if (recovered.Count == 0) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl || pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func f || !recovered.TryGetValue(f, out var recoverAt)) continue;
            var cfg = pass.Cfg(fn);
            foreach (var (block, i, node) in cfg.LiveNodes())
            {
                if (node is not ExprStmt { X: CallExpr call } || LockOf(pass, call) is not var (mutex, unlock)) continue;
                var survey = Survey(pass, fn.Body, mutex, unlock);
                if (survey.HandedOn || survey.Unlocks == 0 || survey.DeferredUnlocks.Count > 0) continue;
                if (UnknownCallWhileHeld(pass, cfg, block, i, mutex, unlock) is not { } risky) continue;
                pass.Report(risky,
                    $"{decl.Name.Name} runs under a recover (line {pass.Line(recoverAt)}) and calls code it does not know here with {mutex.Text} locked, unlocking it only with a plain {unlock} afterwards: if that code panics, the recover goes on with {mutex.Text} still locked, and the next Lock blocks for ever; defer {mutex.Text}.{unlock}() right after the Lock",
                    new RelatedLocation(pass.Span(call), $"{mutex.Text} is locked here"),
                    new RelatedLocation(pass.Span(recoverAt), "the panic is recovered here, and the goroutine (or the process) goes on"));
                break;
            }
        }
    }

    /// <summary>The package's functions called, directly or up to two calls down, from a body whose deferred literal
    /// calls recover(), each with that recover call.</summary>
    private static Dictionary<Func, Node> RecoveredFunctions(Pass pass)
    {
        var recovered = new Dictionary<Func, Node>(ReferenceEqualityComparer.Instance);
        if (!pass.UsesBuiltin("recover")) return recovered;
        foreach (var fn in pass.Functions)
        {
            if (RecoverDeferred(pass, fn.Body) is not { } at) continue;
            var frontier = DirectCallees(pass, fn.Body);
            for (var depth = 0; depth < 3 && frontier.Count > 0; depth++)
            {
                var next = new List<Func>();
                foreach (var callee in frontier)
                    if (recovered.TryAdd(callee, at) && pass.Facts.BodyOf(callee) is { Decl.Body: { } body } target && ReferenceEquals(target.Info, pass.Info))
                        next.AddRange(DirectCallees(pass, body));
                frontier = next;
            }
        }
        return recovered;
    }

    /// <summary>The recover() call of a top-level `defer func() { ... recover() ... }()` of the body.</summary>
    private static Node? RecoverDeferred(Pass pass, BlockStmt body)
    {
        foreach (var stmt in body.List)
            // A literal that panics again (clean up, then `panic(p)`) lets the panic go on: nothing goes on locked.
            if (stmt is DeferStmt { Call.Fun: FuncLit lit }
                && First(lit.Body, n => n is CallExpr c && Calls.BuiltinName(pass.Info, c) == "recover") is { } at
                && First(lit.Body, n => n is CallExpr p && Calls.BuiltinName(pass.Info, p) == "panic") == null)
                return at;
        return null;
    }

    private static List<Func> DirectCallees(Pass pass, BlockStmt body)
    {
        var callees = new List<Func>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or DeferStmt) return false;
            if (n is CallExpr call && Calls.Callee(pass.Info, call) is { } f && pass.Facts.BodyOf(f) != null) callees.Add(f);
            return true;
        });
        return callees;
    }

    /// <summary>A call reachable from the lock before any unlock whose target we cannot see: a func value (a local,
    /// a field, a map element) or an interface method. Such code may panic.</summary>
    private static CallExpr? UnknownCallWhileHeld(Pass pass, ControlFlowGraph cfg, Block start, int index, FieldPath mutex, string unlock)
    {
        var seen = new HashSet<Block>();
        var work = new Queue<(Block, int)>();
        work.Enqueue((start, index + 1));
        while (work.Count > 0)
        {
            var (block, from) = work.Dequeue();
            var released = false;
            for (var n = from; n < block.Nodes.Count && !released; n++)
            {
                var node = block.Nodes[n];
                if (Releases(pass, node, mutex, unlock, anyOwnerField: true)) released = true;
                else if (First(node, x => x is CallExpr c && IsUnknownCall(pass, c, cfg.Body)) is CallExpr unknown) return unknown;
            }
            if (released) continue;
            foreach (var s in block.Succs)
                if (seen.Add(s)) work.Enqueue((s, 0));
        }
        return null;
    }

    /// <summary>The first node under root (not inside function literals other than root) that matches.</summary>
    private static Node? First(Node root, Func<Node, bool> match)
    {
        Node? found = null;
        Walker.Inspect(root, n =>
        {
            if (found != null || n is FuncLit && !ReferenceEquals(n, root)) return false;
            if (n != null && match(n)) found = n;
            return found == null;
        });
        return found;
    }

    /// <param name="body">The function's body: a local defined once from a literal (`validKey := func() ... {}`) runs
    /// that literal, known when every call in it is (a few levels deep).</param>
    private static bool IsUnknownCall(Pass pass, CallExpr call, BlockStmt body, int depth = 0)
    {
        if (Calls.BuiltinName(pass.Info, call) != null || Calls.IsConversion(pass.Info, call)) return false;
        if (depth < 3 && Expr.Unparen(call.Fun) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false } local
            && LocalValues.Of(pass.Info, body, local) is { AddressTaken: false, Paired: { } value } && Expr.Unparen(value) is FuncLit lit)
            return Walker.Any(lit.Body, n => n is CallExpr inner && IsUnknownCall(pass, inner, body, depth + 1));
        if (Calls.Callee(pass.Info, call) is { } f)
            return f.Signature?.Recv?.Type.Underlying is Semantics.Types.InterfaceType && Expr.Unparen(call.Fun) is SelectorExpr sel
                   && pass.Info.TypeOf(sel.X)?.Underlying is Semantics.Types.InterfaceType && !(f.Pkg?.IsStandard ?? false);
        return pass.Info.TypeOf(call.Fun)?.Underlying is SignatureType;
    }
}
