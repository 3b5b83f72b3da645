using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008 for the state a wake-up announces written to a copy: a method with a value receiver (`func (r Revision)
/// Bump()`) changes a field of its receiver (`r.rev++`) and signals or broadcasts a Cond it reaches through the
/// receiver (`r.cond.Broadcast()`, a `*sync.Cond` shared with the original). The change lands on the method's copy;
/// the waiters re-check the original's field, which never changed, and wait again. Only fields of the copy itself
/// count (not one reached through a pointer field, a map or a slice, which the copy shares), and only when the
/// receiver never leaves the method as a whole value (returned, passed, its address taken): a method that builds a
/// changed copy to hand on means to change the copy.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckValueReceiverCopy(Pass pass, List<FuncDecl> decls, List<WaitLoop> loops, HashSet<Node> reported)
    {
        foreach (var d in decls)
        {
            if (RunLoops.ReceiverOf(pass.Info, d) is not { } recv || recv.Type.Underlying is PointerType || recv.Type.Underlying is not StructType) continue;
            var signal = (CallExpr?)null;
            var copyWrites = new List<(Node At, Expr Target)>();
            var escapes = false;
            Walker.InspectWithAncestors(d.Body!, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                switch (n)
                {
                    case CallExpr c when signal == null && LockEvents.CondSignalled(pass.Info, c) != null
                                         && c.Fun is SelectorExpr sel && LockPaths.Of(pass.Info, sel.X)?.Root is { } root && ReferenceEquals(root, recv):
                        signal = c;
                        break;
                    case AssignStmt { Tok: not Token.Define } a:
                        foreach (var l in a.Lhs) if (CopyField(pass, l, recv)) copyWrites.Add((a, l));
                        break;
                    case IncDecStmt inc when CopyField(pass, inc.X, recv):
                        copyWrites.Add((inc, inc.X));
                        break;
                    case Ident id when ReferenceEquals(pass.Info.ObjectOf(id), recv) && ancestors.Count > 0 && !UsedForAField(pass, ancestors[^1], id):
                        escapes = true;
                        break;
                }
                return true;
            });
            if (signal == null || escapes || copyWrites.Count == 0) continue;
            var (at, target) = copyWrites[0];
            if (!reported.Add(at)) continue;
            var text = LockPaths.Of(pass.Info, target)!.Text;
            var cls = LockPaths.Of(pass.Info, target)!.Class;
            var waiting = loops.FirstOrDefault(l => l.Field == cls && l.Cond == LockEvents.CondSignalled(pass.Info, signal));
            var what = ((SelectorExpr)signal.Fun).Sel.Name;
            var related = new List<RelatedLocation> { new(pass.Span(signal), $"the {what} that announces it") };
            if (waiting != null) related.Add(new RelatedLocation(pass.Span(waiting.Loop), "the loop testing the original's field"));
            pass.Report(at,
                $"{d.Name.Name} has a value receiver, so it changes {text} of its own copy and then calls {what} (line {pass.Line(signal)}) on the Cond it shares with the original: "
                + (waiting != null ? $"the goroutines waiting in {waiting.In.Name.Name} (line {pass.Line(waiting.Loop)}) re-check the original's field, which never changed, and wait again, for ever" : "the waiters re-check the original's field, which never changed, and wait again, for ever")
                + $"; declare {d.Name.Name} on a pointer receiver",
                [.. related]);
        }
    }

    /// <summary>A field of the receiver's copy itself: `r.rev`, `r.stats.n` through struct values only (a field
    /// reached through a pointer is shared with the original, and so is what a map or slice holds).</summary>
    private static bool CopyField(Pass pass, Expr target, Var recv) =>
        Expr.Unparen(target) is SelectorExpr sel && pass.Info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal
        && LockPaths.Of(pass.Info, sel) is { Shared: false, Indexes.Count: 0 } path && ReferenceEquals(path.Root, recv);

    /// <summary>Whether the receiver identifier is only the start of a field or method selection (`r.rev`, `r.cond`):
    /// anything else (`return r`, `f(r)`, `&amp;r`, `p := r`) lets the copy leave the method. A method with a pointer
    /// receiver called on it (`r.bumpLocked()`) takes its address.</summary>
    private static bool UsedForAField(Pass pass, Node parent, Ident id) =>
        parent is SelectorExpr sel && ReferenceEquals(sel.X, id) && pass.Info.Selections.TryGetValue(sel, out var s)
        && (s.Kind == SelectionKind.FieldVal || s.Kind == SelectionKind.MethodVal && s.Obj is Func { Signature.Recv.Type.Underlying: not PointerType });
}
