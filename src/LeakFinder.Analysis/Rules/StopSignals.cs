using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>The stop a function is given (a context, or a signal channel parameter) and where it waits on it,
/// shared by the rules that judge sends which do not look at that stop.</summary>
public static class StopSignals
{
    /// <summary>The function's context, or else its signal channel parameter (`done &lt;-chan struct{}`): what the
    /// caller uses to tell the producer to stop.</summary>
    public static Var? StopParam(Pass pass, FuncType type)
    {
        Var? channel = null;
        foreach (var field in type.Params.List)
            foreach (var name in field.Names)
                if (pass.Info.Defs.GetValueOrDefault(name) is Var v)
                {
                    if (Channels.IsContext(v.Type)) return v;
                    // A channel of struct{} carries no data: it is a signal, and a parameter one is the caller's stop.
                    if (v.Type.Underlying is Semantics.Types.ChanType { Dir: not Semantics.Types.ChanDir.SendOnly, Elem.Underlying: Semantics.Types.StructType { Fields.Count: 0 } }) channel ??= v;
                }
        return channel;
    }

    /// <summary>A receive of the stop under root, outside function literals (`&lt;-done`, `&lt;-ctx.Done()`, in a
    /// select case or not).</summary>
    public static Node? WaitOnStop(Pass pass, Node root, Var stop, bool isCtx)
    {
        Node? at = null;
        Walker.Inspect(root, n =>
        {
            if (at != null || n is FuncLit) return false;
            if (n is UnaryExpr { Op: LeakFinder.Syntax.Token.Arrow } u)
            {
                var x = Expr.Unparen(u.X);
                if (isCtx && x is CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: Ident c } } && ReferenceEquals(pass.Info.ObjectOf(c), stop)) at = u;
                if (!isCtx && x is Ident d && ReferenceEquals(pass.Info.ObjectOf(d), stop)) at = u;
            }
            return at == null;
        });
        return at;
    }

    /// <summary>Sends on a field selector outside any select's communication (a case's body counts: `case &lt;-tick: w.ch &lt;-
    /// v` blocks like any send), in the body's own statements, each with the innermost for or range loop around it
    /// (null when none).</summary>
    public static List<(SendStmt Send, Node? Loop)> FieldSends(BlockStmt body)
    {
        var sends = new List<(SendStmt, Node?)>();
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is FuncLit) return false;
            if (n is SendStmt s && Expr.Unparen(s.Chan) is SelectorExpr && !(ancestors.Count > 0 && ancestors[^1] is CommClause cc && ReferenceEquals(cc.Comm, s)))
                sends.Add((s, ancestors.LastOrDefault(a => a is ForStmt or RangeStmt)));
            return true;
        });
        return sends;
    }

    /// <summary>Whether the send sits in the body of the select case that waits on the stop: it reports the stop
    /// (`case &lt;-ctx.Done(): resultC &lt;- ctx.Err()`), the one value its consumer waits for.</summary>
    public static bool InStopCase(Node root, Node stopAt, SendStmt send) =>
        Walker.Any(root, n => n is CommClause { Comm: { } comm } cc && stopAt.Pos().Value >= comm.Pos().Value && stopAt.End().Value <= comm.End().Value
            && send.Pos().Value >= cc.Pos().Value && send.End().Value <= cc.End().Value, intoLiterals: false);
}
