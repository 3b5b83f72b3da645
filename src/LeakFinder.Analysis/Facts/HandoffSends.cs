using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Sends made only after a test-and-set of a field (a handoff): `if !p.isWorking[uid] { p.isWorking[uid] = true;
/// ch &lt;- update }` (the kubelet's pod workers). The branch that sends first marks the state its condition tested, so
/// a second send waits for whoever resets it (the receiver, once it has taken the value and finished with it): one
/// value at a time is in flight, and a buffered channel never fills. Only the state the condition reads (a field, or
/// an element of a field) and an assignment of it at the top of the branch, before the send, count.
/// </summary>
internal static class HandoffSends
{
    public static HashSet<Node> Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var sends = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl) continue; // a literal's ifs are walked in its declaration's body
            info.Nodes.Inspect(fn.Body, NodeKinds.IfStmt, n =>
            {
                if (n is IfStmt ifs && info.Nodes.Any(ifs.Body, NodeKinds.SendStmt, _ => true)) Guarded(info, ifs, sends);
                return true;
            });
        }
        return sends;
    }

    private static void Guarded(TypeInfo info, IfStmt ifs, HashSet<Node> sends)
    {
        var tested = new HashSet<string>(StringComparer.Ordinal);
        Walker.Inspect(ifs.Cond, e =>
        {
            if (e is Expr x && State(info, x) is { } text)
            {
                tested.Add(text);
                return false;
            }
            return e is not FuncLit;
        });
        if (tested.Count == 0) return;
        var marked = false;
        foreach (var stmt in ifs.Body.List)
        {
            if (!marked)
            {
                if (stmt is AssignStmt { Tok: Syntax.Token.Assign } a && a.Lhs.Any(l => State(info, l) is { } t && tested.Contains(t))) marked = true;
                continue;
            }
            info.Nodes.Inspect(stmt, NodeKinds.FuncLit | NodeKinds.SendStmt, s =>
            {
                if (s is SendStmt send) sends.Add(send);
                return s is not FuncLit;
            });
        }
    }

    /// <summary>The text of a field (`s.running`) or an element of one (`p.isWorking[pod.UID]`), or null.</summary>
    private static string? State(TypeInfo info, Expr e)
    {
        var field = Expr.Unparen(e) switch
        {
            IndexExpr ix => Expr.Unparen(ix.X),
            var x => x,
        };
        return field is SelectorExpr sel && info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal ? ExprText.Path(e) : null;
    }
}
