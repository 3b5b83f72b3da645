namespace LeakFinder.Syntax.Ast;

/// <summary>
/// A visitor for <see cref="Walker.Walk"/>, as go/ast.Visitor: Visit(node) returns the visitor for node's children
/// (or null to skip them), and Walk calls Visit(null) after the children.
/// </summary>
public abstract class Visitor
{
    public abstract Visitor? Visit(Node? node);
}

/// <summary>Tree traversal in go/ast's order: Walk and Inspect.</summary>
public static class Walker
{
    public static void Walk(Visitor v, Node node)
    {
        // Inspect's visitor, by far the most common (rules walk every body dozens of times), calls its function
        // directly: two virtual calls per node fewer than going through Visit.
        if (v is Inspector inspector)
        {
            var f = inspector.F!;
            if (!f(node)) return;
            node.WalkChildren(inspector);
            f(null);
            return;
        }
        var w = v.Visit(node);
        if (w == null) return;
        node.WalkChildren(w);
        w.Visit(null);
    }

    /// <summary>Depth-first traversal: f(node) for each node, descending when it returns true; f(null) after the children.</summary>
    public static void Inspect(Node node, Func<Node?, bool> f)
    {
        // Rules call Inspect about a million times on std: each thread reuses one Inspector (an Inspect inside a
        // callback finds none spare and makes its own) instead of allocating one per call.
        var inspector = _spare ?? new Inspector();
        _spare = null;
        inspector.F = f;
        try
        {
            Walk(inspector, node);
        }
        finally
        {
            inspector.F = null;
            _spare = inspector;
        }
    }

    [ThreadStatic] private static Inspector? _spare;

    /// <summary>Whether any node under root (root included) matches; stops at the first match. Function literals
    /// are searched unless intoLiterals is false (then a literal, even the root, is neither matched nor entered:
    /// its body runs elsewhere).</summary>
    public static bool Any(Node root, Func<Node, bool> match, bool intoLiterals = true)
    {
        var found = false;
        Inspect(root, n =>
        {
            if (found || n == null || !intoLiterals && n is FuncLit) return false;
            found = match(n);
            return !found;
        });
        return found;
    }

    /// <summary>Inspect with the path from the root: f sees each node and its ancestors (innermost last), and
    /// descends when it returns true.</summary>
    public static void InspectWithAncestors(Node root, Func<Node, IReadOnlyList<Node>, bool> f) =>
        // Its own visitor: an Inspect callback around f cost a second delegate call per node and a closure per walk.
        Walk(new AncestorInspector(f), root);

    private sealed class AncestorInspector(Func<Node, IReadOnlyList<Node>, bool> f) : Visitor
    {
        private readonly AncestorPath _ancestors = new();

        public override Visitor? Visit(Node? node)
        {
            if (node == null)
            {
                _ancestors.Pop();
                return null;
            }
            if (!f(node, _ancestors)) return null;
            _ancestors.Push(node);
            return this;
        }
    }

    private sealed class Inspector : Visitor
    {
        public Func<Node?, bool>? F;

        public override Visitor? Visit(Node? node) => F!(node) ? this : null;
    }
}
