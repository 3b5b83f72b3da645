namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The strongly connected components of a call graph (Tarjan), callees' components before their callers'.
/// Facts that depend on callees' facts are computed component by component in this order, and a recursive
/// component is iterated to a fixpoint, so no fact depends on the order functions happen to be asked for.
/// Members of a component, and components with no path between them, keep the order of <c>nodes</c>.
/// </summary>
public static class CallGraphComponents
{
    public static List<List<T>> Of<T>(IReadOnlyList<T> nodes, Func<T, IEnumerable<T>> callees) where T : class
    {
        // Sized for every node at once: each package's graph is built once per fact, and growing four maps by
        // doubling was most of what this allocated.
        var index = new Dictionary<T, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        var low = new Dictionary<T, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        var onStack = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<T>();
        var result = new List<List<T>>();
        var order = new Dictionary<T, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < nodes.Count; i++) order[nodes[i]] = i;

        // Iterative, so that a long call chain cannot exhaust the stack: each frame is a node and its callees left.
        var frames = new Stack<(T Node, IEnumerator<T> Next)>();
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root)) continue;
            Enter(root);
            while (frames.Count > 0)
            {
                var (node, next) = frames.Peek();
                if (next.MoveNext())
                {
                    var callee = next.Current;
                    if (!order.ContainsKey(callee)) continue;
                    if (!index.ContainsKey(callee)) Enter(callee);
                    else if (onStack.Contains(callee)) low[node] = Math.Min(low[node], index[callee]);
                    continue;
                }
                frames.Pop();
                if (frames.Count > 0) low[frames.Peek().Node] = Math.Min(low[frames.Peek().Node], low[node]);
                if (low[node] != index[node]) continue;
                var component = new List<T>();
                T w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                } while (!ReferenceEquals(w, node));
                component.Sort((a, b) => order[a].CompareTo(order[b]));
                result.Add(component);
            }
        }
        return result;

        void Enter(T node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            frames.Push((node, callees(node).GetEnumerator()));
        }
    }
}
