using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a future: a function of the package makes an unbuffered channel, starts one goroutine that sends its
/// one result on it (plain sends, none in a loop) and returns the channel (`func (d *dns) Lookup(h string) &lt;-chan
/// Result`). A caller that keeps the channel in a local and can return without receiving from it (the select that
/// takes the first of two answers, or gives up on a timeout) leaves that goroutine blocked on its send for ever.
/// Called directly, or through an interface method every type of the package implementing the interface makes
/// such a future of.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private sealed record Future(FuncDecl Decl, GoStmt Go, SendStmt Send);

    private static void CheckFutures(Pass pass)
    {
        Dictionary<Func, Future>? futures = null;
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Body: not null } fd && pass.Info.Defs.GetValueOrDefault(fd.Name) is Func f && FutureOf(pass, fd) is { } future)
                (futures ??= new(ReferenceEqualityComparer.Instance))[f] = future;
        if (futures == null) return;
        // An interface call resolves the same way wherever it is made: its implementations are looked up once.
        var byInterface = new Dictionary<(InterfaceType, string), Future?>();
        foreach (var fn in pass.Functions)
        {
            // The calls of this body (not its literals, functions of their own) that run a future, found in one walk.
            Dictionary<CallExpr, Future>? called = null;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr | NodeKinds.FuncLit, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is CallExpr c && FutureCalled(pass, c, futures, byInterface) is { } fc) (called ??= new(ReferenceEqualityComparer.Instance))[c] = fc;
                return true;
            });
            if (called == null) continue;
            var cfg = pass.Cfg(fn);
            foreach (var (block, i, node) in cfg.LiveNodes())
            {
                if (node is not AssignStmt { Tok: LeakFinder.Syntax.Token.Define } a || a.Lhs.Count != a.Rhs.Count) continue;
                for (var k = 0; k < a.Rhs.Count; k++)
                {
                    if (Expr.Unparen(a.Rhs[k]) is not CallExpr call || !called.TryGetValue(call, out var future)
                        || a.Lhs[k] is not Ident id || pass.Info.Defs.GetValueOrDefault(id) is not Var v) continue;
                    var sinks = ServingNodes(pass, cfg, v, Op.Send, call, out var escapes);
                    if (escapes || sinks.Count == 0 || AbandoningReturn(pass, cfg, block, i, sinks) is not { } exit) continue;
                    var name = future.Decl.Name.Name;
                    pass.Report(pass.Span(call),
                        $"the goroutine {name} starts (line {pass.Line(future.Go)}) sends its one result on the unbuffered channel {name} returns, kept here in {v.Name}, but {fn.Name} can return at line {pass.Line(exit)} without receiving from {v.Name}: the goroutine blocks for ever on its send and leaks with everything it references, once per call; make the channel buffered (make(chan T, 1)) in {name}, or receive from {v.Name} on every path",
                        [
                            new RelatedLocation(pass.Span(exit), $"returns without receiving from {v.Name}"),
                            new RelatedLocation(pass.Span(future.Send), "the goroutine sends here"),
                        ], onlyWhenTestFails: OnlyWhenTestFails(pass, cfg, block, i, sinks));
                }
            }
        }
    }

    /// <summary>The future a call runs: a direct call of one, or an interface method call whose every implementation
    /// in the package is one (at least one implementation); null otherwise.</summary>
    private static Future? FutureCalled(Pass pass, CallExpr call, Dictionary<Func, Future> futures, Dictionary<(InterfaceType, string), Future?> byInterface)
    {
        if (Calls.Callee(pass.Info, call) is { } f && futures.TryGetValue(f, out var direct)) return direct;
        if (Expr.Unparen(call.Fun) is not SelectorExpr sel || pass.Info.TypeOf(sel.X)?.Underlying is not InterfaceType iface) return null;
        if (byInterface.TryGetValue((iface, sel.Sel.Name), out var known)) return known;
        Future? any = null;
        foreach (var method in Implementers.MethodsOf(pass.Info, iface, sel.Sel.Name))
        {
            if (!futures.TryGetValue(method, out var future))
            {
                any = null;
                break;
            }
            any ??= future;
        }
        return byInterface[(iface, sel.Sel.Name)] = any;
    }


    /// <summary>A <see cref="SingleProducer"/> whose literal's uses of the channel are plain sends outside loops and
    /// selects, and maybe a close.</summary>
    private static Future? FutureOf(Pass pass, FuncDecl fd)
    {
        if (SingleProducer(pass, fd) is not var (ch, go, lit)) return null;
        var ok = true;
        SendStmt? send = null;
        Walker.InspectWithAncestors(lit.Body, (n, ancestors) =>
        {
            if (!ok || n is FuncLit) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), ch)) return true;
            if (ancestors[^1] is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id) && !ancestors.Any(a => a is ForStmt or RangeStmt or SelectStmt)) send ??= s;
            else if (!(ancestors[^1] is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close")) ok = false;
            return false;
        });
        return ok && send != null ? new Future(fd, go, send) : null;
    }
}
