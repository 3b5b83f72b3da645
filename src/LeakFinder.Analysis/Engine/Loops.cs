using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Engine;

/// <summary>Loop facts from syntax, shared by the rules that care whether code runs once per iteration.</summary>
public static class Loops
{
    /// <summary>
    /// Visits every node of a function body (not entering function literals) with the innermost enclosing
    /// for/range loop of the same function (null outside loops).
    /// </summary>
    public static void Walk(BlockStmt body, Action<Node, Stmt?> visit) => Walker.Walk(new LoopVisitor(visit, null), body);

    /// <summary>As <see cref="Walk(BlockStmt, Action{Node, Stmt?})"/>, visiting only the nodes of these kinds (the rest
    /// are skipped through the package's node index, not called back to be ignored).</summary>
    public static void Walk(NodeIndex nodes, BlockStmt body, NodeKinds kinds, Action<Node, Stmt?> visit)
    {
        var loops = new List<Stmt>();
        nodes.Inspect(body, kinds | NodeKinds.FuncLit | NodeKinds.ForStmt | NodeKinds.RangeStmt, n =>
        {
            if (n is FuncLit) return false;
            if ((n.NodeKind & kinds) != 0) visit(n, loops.Count > 0 ? loops[^1] : null);
            if (n is ForStmt or RangeStmt) loops.Add((Stmt)n);
            return true;
        }, n =>
        {
            if (n is ForStmt or RangeStmt) loops.RemoveAt(loops.Count - 1);
        });
    }

    /// <summary>Carries the innermost loop down the tree: a new visitor per loop, none per node.</summary>
    private sealed class LoopVisitor(Action<Node, Stmt?> visit, Stmt? loop) : Visitor
    {
        public override Visitor? Visit(Node? n)
        {
            if (n == null || n is FuncLit) return null;
            visit(n, loop);
            return n is ForStmt or RangeStmt ? new LoopVisitor(visit, (Stmt)n) : this;
        }
    }

    /// <summary>The innermost loop of the body around a node (not inside a function literal of the body), or null.</summary>
    public static Stmt? Around(BlockStmt body, Node node)
    {
        Stmt? around = null;
        Walk(body, (n, loop) =>
        {
            if (ReferenceEquals(n, node)) around = loop;
        });
        return around;
    }

    /// <summary>The innermost for or range loop among a node's ancestors (innermost last, as a walk gives them) with its
    /// label, when no function literal lies between it and the node (a literal's loop runs elsewhere); null otherwise.</summary>
    public static (Stmt Loop, string? Label)? Innermost(IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
        {
            if (ancestors[i] is FuncLit) return null;
            if (ancestors[i] is ForStmt or RangeStmt)
                return ((Stmt)ancestors[i], i > 0 && ancestors[i - 1] is LabeledStmt ls ? ls.Label.Name : null);
        }
        return null;
    }

    /// <summary>How an early exit leaves its loop, as a message names it: "return", "goto" or "break".</summary>
    public static string ExitWord(Stmt exit) => exit is ReturnStmt ? "return" : exit is BranchStmt { Tok: Token.Goto } ? "goto" : "break";

    /// <summary>
    /// A loop that never ends by itself: `for {}` or a range (over a channel nobody closes is the caller's
    /// concern) whose body has no return, no goto and no break that leaves it. Panics and fatal calls may still end it.
    /// </summary>
    public static bool IsEndless(Stmt loop, string? label) => (loop is not ForStmt f || f.Cond == null) && EarlyExit(loop, label) == null;

    /// <summary>
    /// The first return, goto, or break that leaves loop (unlabelled at loop level, or naming its label) inside
    /// loop's body and outside function literals; null when the loop only ends by running out.
    /// </summary>
    public static Stmt? EarlyExit(Stmt loop, string? label)
    {
        var body = loop is ForStmt fs ? fs.Body : ((RangeStmt)loop).Body;
        Stmt? exit = null;
        var depth = 0; // nesting of for/range/switch/select inside the loop, which an unlabeled break leaves instead
        var stack = new Stack<Node>();
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                if (stack.Pop() is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth--;
                return false;
            }
            if (n is FuncLit || exit != null) return false;
            switch (n)
            {
                case ReturnStmt:
                case BranchStmt { Tok: Token.Goto }:
                case BranchStmt { Tok: Token.Break, Label: null } when depth == 0:
                case BranchStmt { Tok: Token.Break, Label: { } l } when l.Name == label:
                    exit = (Stmt)n;
                    return false;
            }
            stack.Push(n);
            if (n is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth++;
            return true;
        });
        return exit;
    }
}
