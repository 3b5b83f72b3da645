using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007's other way to miss the close: a goroutine method defers `close(p.out)` but never returns. Its body ends
/// in a loop with no return, break or goto (a pop loop whose select cases were all switched off by setting their
/// channels to nil), so the deferred close never runs, and a consumer ranging over the field (with no way out of
/// its own) blocks for ever once it took the last value (client-go's processorListener).
/// </summary>
public sealed partial class LF1007DoneNotClosed
{
    private static void DeferredCloseNeverRuns(Pass pass, FuncDecl fd, Var recv)
    {
        var body = fd.Body!;
        if (body.List.LastOrDefault() is not ForStmt { Cond: null } loop || !Loops.IsEndless(loop, null) || MayEndAnyway(pass, body)) return;
        foreach (var st in body.List)
        {
            if (st is not DeferStmt d || ClosedField(pass, d.Call, recv) is not { } cls || pass.ExportedOutside(cls)) continue;
            if (RangingConsumer(pass, fd, cls) is not var (consumer, range)) continue;
            var field = recv.Name + cls[cls.IndexOf('.')..];
            pass.Report(d,
                $"{fd.Name.Name} runs as a goroutine and closes {field} only in this defer, but it never returns: its loop (line {pass.Line(loop)}) has no return, break or goto, so the close never runs, and {consumer}, which ranges over {field}, blocks for ever once it has taken the last value; leave the loop once its work is done",
                new RelatedLocation(pass.Span(loop), "the loop that never ends"),
                new RelatedLocation(pass.Span(range), $"{consumer} ranges over {field} here"));
        }
    }

    /// <summary>A return anywhere, or a call that never returns (a panic, runtime.Goexit, a fatal exit: <see
    /// cref="NoReturnCalls"/>): the defers may run, or nobody is left to wait.</summary>
    private static bool MayEndAnyway(Pass pass, BlockStmt body) =>
        Walker.Any(body, n => n is ReturnStmt || n is CallExpr call && !NoReturnCalls.MayReturn(pass.Info, call));

    /// <summary>
    /// The one function other than the closer that ranges over the class with no way out of its range, when the
    /// class is closed nowhere else and handed to no code outside the closer (an alias inside it, `next = p.out`, is
    /// how a pop loop switches its case on and off).
    /// </summary>
    private static (string Consumer, RangeStmt Range)? RangingConsumer(Pass pass, FuncDecl closer, string cls)
    {
        (string, RangeStmt)? found = null;
        var ok = true;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl decl || decl.Body == null || ReferenceEquals(decl, closer)) continue;
            pass.Info.Nodes.Inspect(decl.Body, NodeKinds.SelectorExpr, (n, ancestors) =>
            {
                if (!ok) return false;
                if (n is not SelectorExpr sel || pass.Info.TypeOf(sel)?.Underlying is not Semantics.Types.ChanType
                    || LockPaths.Of(pass.Info, sel) is not { Class: { } c } || c != cls) return true;
                switch (ancestors.Up(1))
                {
                    case RangeStmt r when ReferenceEquals(r.X, sel):
                        if (Loops.EarlyExit(r, (ancestors.Up(2) as LabeledStmt)?.Label.Name) == null) found ??= (decl.Name.Name, r);
                        break;
                    case UnaryExpr { Op: Token.Arrow }:
                    case SendStmt snd when ReferenceEquals(snd.Chan, sel):
                    case CallExpr c2 when Calls.BuiltinName(pass.Info, c2) is "len" or "cap":
                    case AssignStmt a when a.Lhs.IndexOf(sel) >= 0:
                        break;
                    default:
                        ok = false; // closed, passed, returned or stored: others may end the range
                        break;
                }
                return true;
            });
            if (!ok) return null;
        }
        return found;
    }
}
