using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5003 for a counting semaphore (a token channel field made with room for several holders, `make(chan struct{},
/// maxConcurrent)`, taken by a send and given back by a receive: <see cref="ChannelLocks.IsCounting"/>): a method
/// holding a slot calls, on the same receiver, a method of the package that takes another slot (itself, recursively:
/// pulling an image pulls its base image first). With as many concurrent callers as slots, each holds one and waits
/// for a second for ever. Only calls on the receiver that took the slot are followed, three calls deep at most, and only
/// before the slot is given back (a deferred release gives it back at the return).
/// </summary>
public sealed partial class LF5003MutexRelocked
{
    private const int MaxSemaphoreDepth = 3;

    private static void CheckCountingSemaphores(Pass pass, ChannelLocks channels)
    {
        if (!channels.HasCounting) return;
        var lookup = pass.ResultOf(FunctionLookup.Analysis);
        var takes = new Dictionary<(Func, string), SendStmt?>();
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: { } body } decl || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) continue;
            foreach (var (acquire, acquiredAt) in SlotTakesOrHelpers(pass, lookup, body, recv, channels))
            {
                var cls = LockPaths.Of(pass.Info, acquire.Chan)!.Class!;
                var givenBack = FirstRelease(pass, body, recv, cls, acquiredAt.Pos().Value, lookup);
                foreach (var call in CallsOnReceiver(pass, body, recv))
                {
                    var at = call.Pos().Value;
                    if (at <= acquiredAt.Pos().Value || at >= givenBack || Calls.Callee(pass.Info, call) is not { } callee) continue;
                    if (Takes(pass, lookup, callee, cls, channels, takes, 1) is not { } second) continue;
                    var sem = LockPaths.Of(pass.Info, acquire.Chan)!.Text;
                    var self = pass.Info.Defs.GetValueOrDefault(decl.Name) is Func own && ReferenceEquals(own, callee);
                    var calleeName = ((SelectorExpr)Expr.Unparen(call.Fun)).Sel.Name;
                    var related = new List<RelatedLocation> { new(pass.Span(acquiredAt), $"the slot of {sem} is taken here") };
                    if (!ReferenceEquals(second, acquire)) related.Add(new RelatedLocation(pass.Span(second), "the callee takes another slot here"));
                    pass.Report(call,
                        $"{decl.Name.Name} holds a slot of the semaphore {sem} (taken at line {pass.Line(acquiredAt)}) and{(self ? ", recursively," : "")} calls {calleeName}, which takes another (line {pass.Line(second)}): "
                        + "with as many concurrent callers as the semaphore has slots, each holds one and waits for a second for ever; give the slot back before the call, or take it once at the top",
                        related.ToArray());
                    break;
                }
            }
        }
    }

    /// <summary>Sends on a counting semaphore field of the receiver, as plain statements (not in a select, a literal or
    /// a go statement).</summary>
    private static IEnumerable<SendStmt> SlotTakes(Pass pass, BlockStmt body, Var recv, ChannelLocks channels)
    {
        var found = new List<SendStmt>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or SelectStmt or GoStmt) return false;
            if (n is SendStmt s && LockPaths.Of(pass.Info, s.Chan) is { Class: { } cls, Fields.Length: > 0 } p && ReferenceEquals(p.Root, recv) && channels.IsCounting(cls)) found.Add(s);
            return true;
        });
        return found;
    }

    /// <summary>The function's own takes of a slot, and its calls of an acquire helper on the receiver (a method whose whole
    /// body is the send: `func (p *Puller) acquire() { p.slots &lt;- struct{}{} }`), each with the send and where it is
    /// taken here.</summary>
    private static IEnumerable<(SendStmt Send, Node At)> SlotTakesOrHelpers(Pass pass, FunctionLookup lookup, BlockStmt body, Var recv, ChannelLocks channels)
    {
        foreach (var s in SlotTakes(pass, body, recv, channels)) yield return (s, s);
        foreach (var call in CallsOnReceiver(pass, body, recv))
            if (Calls.Callee(pass.Info, call) is { } callee && lookup.DeclarationOf(callee)?.Function is FuncDecl { Body.List: [SendStmt only] } hd
                && RunLoops.ReceiverOf(pass.Info, hd) is { } hrecv && SlotTakes(pass, hd.Body!, hrecv, channels).FirstOrDefault() is { } send && ReferenceEquals(send, only))
                yield return (send, call);
    }

    /// <summary>Calls of the receiver's methods (`p.Pull(parent)`), outside literals, go and defer statements.</summary>
    private static IEnumerable<CallExpr> CallsOnReceiver(Pass pass, BlockStmt body, Var recv)
    {
        var found = new List<CallExpr>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or GoStmt or DeferStmt) return false;
            if (n is CallExpr { Fun: var fun } call && Expr.Unparen(fun) is SelectorExpr { X: Ident x } && ReferenceEquals(pass.Info.ObjectOf(x), recv)) found.Add(call);
            return true;
        });
        return found;
    }

    /// <summary>Where the function first gives the slot back after pos, by a plain receive or a call of a method that
    /// does; the end of the body when only a deferred release (or none) does.</summary>
    private static int FirstRelease(Pass pass, BlockStmt body, Var recv, string cls, int pos, FunctionLookup lookup)
    {
        var first = body.End().Value;
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or GoStmt or DeferStmt) return false;
            if (n == null) return true;
            var at = n.Pos().Value;
            if (at <= pos || at >= first) return true;
            if (n is UnaryExpr { Op: Token.Arrow } r && LockPaths.Of(pass.Info, r.X) is { Class: { } c } p && c == cls && ReferenceEquals(p.Root, recv)) first = at;
            else if (n is CallExpr call && Expr.Unparen(call.Fun) is SelectorExpr { X: Ident x } && ReferenceEquals(pass.Info.ObjectOf(x), recv)
                     && Calls.Callee(pass.Info, call) is { } callee && lookup.DeclarationOf(callee)?.Function is FuncDecl { Body: { } cb } cd
                     && RunLoops.ReceiverOf(pass.Info, cd) is { } crecv && GivesBack(pass, cb, crecv, cls)) first = at;
            return true;
        });
        return first;
    }

    private static bool GivesBack(Pass pass, BlockStmt body, Var recv, string cls)
    {
        var gives = false;
        Walker.Inspect(body, n =>
        {
            if (gives || n is FuncLit) return false;
            if (n is UnaryExpr { Op: Token.Arrow } r && LockPaths.Of(pass.Info, r.X) is { Class: { } c } p && c == cls && ReferenceEquals(p.Root, recv)) gives = true;
            return !gives;
        });
        return gives;
    }

    /// <summary>Where a method of the package, called on the receiver holding the slot, takes a slot of the class on its
    /// own receiver, itself or through its calls on that receiver; null when it does not (or not within the depth).</summary>
    private static SendStmt? Takes(Pass pass, FunctionLookup lookup, Func f, string cls, ChannelLocks channels, Dictionary<(Func, string), SendStmt?> memo, int depth)
    {
        if (memo.TryGetValue((f, cls), out var known)) return known;
        memo[(f, cls)] = null; // a cycle is no second slot by itself: the first holder reaches it
        if (lookup.DeclarationOf(f)?.Function is not FuncDecl { Body: { } body } decl || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) return null;
        SendStmt? found = SlotTakes(pass, body, recv, channels).FirstOrDefault(s => LockPaths.Of(pass.Info, s.Chan)?.Class == cls);
        if (found == null && depth < MaxSemaphoreDepth)
            foreach (var call in CallsOnReceiver(pass, body, recv))
                if (Calls.Callee(pass.Info, call) is { } next && Takes(pass, lookup, next, cls, channels, memo, depth + 1) is { } deeper) { found = deeper; break; }
        memo[(f, cls)] = found;
        return found;
    }
}
