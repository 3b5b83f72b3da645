namespace LeakFinder.Syntax.Ast;

/// <summary>
/// The nodes of a package's files in <see cref="Walker"/>'s order, flattened by one walk on first use (as
/// go/ast/inspector): each node's kind, where its subtree ends, and which kinds its subtree holds. A walk that wants
/// a few kinds (calls, assignments, go statements) visits only those and jumps over the subtrees that hold none,
/// instead of a virtual call and a type test at every node. The rules and fact builders walk each body some sixty
/// times, so the one flattening walk is soon paid back.
/// </summary>
public sealed class NodeIndex
{
    /// <summary>No index: every walk falls back to <see cref="Walker.Inspect"/> (type information without its files).</summary>
    public static readonly NodeIndex None = new([]);

    private readonly IReadOnlyList<File> _files;
    private readonly long _sourceBytes;
    private readonly object _gate = new();
    private volatile bool _built;

    private int _count;
    /// <summary>The nodes in walk order (in a struct, so that storing one needs no array covariance check).</summary>
    private NodeSlot[] _nodes = [];
    /// <summary>Index just past the node's subtree.</summary>
    private int[] _end = [];
    /// <summary>The node's own kind, as a bit number.</summary>
    private byte[] _bit = [];
    /// <summary>The kinds of the node's subtree, itself included.</summary>
    private NodeKinds[] _inside = [];
    /// <summary>The node's position, raised to the one before it where the walk goes back (a method's receiver comes
    /// before its `func`, a doc comment before its declaration): sorted, so a root is found by binary search.</summary>
    private int[] _key = [];
    /// <summary>The index of the node's parent; -1 for a file.</summary>
    private int[] _parent = [];
    /// <summary>The function bodies and files by index: the roots most walks start from, found without a search.</summary>
    private readonly Dictionary<Node, int> _roots = new(ReferenceEqualityComparer.Instance);

    public NodeIndex(IReadOnlyList<File> files, long sourceBytes = 0)
    {
        _files = files;
        _sourceBytes = sourceBytes;
    }

    /// <summary>Calls f, in Walker's order, on each node under root (root included) whose kind is in kinds; f's
    /// false skips that node's subtree. The same calls as <c>Walker.Inspect(root, n => n == null || (n.NodeKind &amp;
    /// kinds) == 0 || f(n))</c>, which is what it does for a root outside the index.</summary>
    public void Inspect(Node root, NodeKinds kinds, Func<Node, bool> f)
    {
        if (!TryFind(root, out var i))
        {
            Walker.Inspect(root, n => n == null || (n.NodeKind & kinds) == 0 || f(n));
            return;
        }
        var end = _end[i];
        var nodes = _nodes;
        var inside = _inside;
        var bit = _bit;
        var ends = _end;
        while (i < end)
        {
            if ((inside[i] & kinds) == 0 || ((ulong)kinds >> bit[i] & 1) != 0 && !f(nodes[i].Node)) i = ends[i];
            else i++;
        }
    }

    /// <summary>As <see cref="Inspect(Node, NodeKinds, Func{Node, bool})"/>, and leave(node) after the subtree of each
    /// node enter returned true for: where Walker's f(null) comes for it.</summary>
    public void Inspect(Node root, NodeKinds kinds, Func<Node, bool> enter, Action<Node> leave)
    {
        if (!TryFind(root, out var i))
        {
            var entered = new Stack<Node?>();
            Walker.Inspect(root, n =>
            {
                if (n == null)
                {
                    if (entered.Pop() is { } done) leave(done);
                    return false;
                }
                if ((n.NodeKind & kinds) == 0)
                {
                    entered.Push(null);
                    return true;
                }
                if (!enter(n)) return false;
                entered.Push(n);
                return true;
            });
            return;
        }
        var end = _end[i];
        var nodes = _nodes;
        var inside = _inside;
        var bit = _bit;
        var ends = _end;
        // Each thread reuses one stack (a walk inside a callback finds none spare and makes its own).
        var open = _spareStack ?? new Stack<int>();
        _spareStack = null;
        try
        {
            while (i < end)
            {
                while (open.Count > 0 && ends[open.Peek()] <= i) leave(nodes[open.Pop()].Node);
                if ((inside[i] & kinds) == 0) i = ends[i];
                else if (((ulong)kinds >> bit[i] & 1) == 0) i++;
                else if (!enter(nodes[i].Node)) i = ends[i];
                else open.Push(i++);
            }
            while (open.Count > 0) leave(nodes[open.Pop()].Node);
        }
        finally
        {
            open.Clear();
            _spareStack = open;
        }
    }

    [ThreadStatic] private static Stack<int>? _spareStack;

    /// <summary>As <see cref="Inspect(Node, NodeKinds, Func{Node, bool})"/>, f also given the node's ancestors up to
    /// root (the ancestors list of <see cref="Walker.InspectWithAncestors"/>, read on demand).</summary>
    public void Inspect(Node root, NodeKinds kinds, Func<Node, Ancestors, bool> f)
    {
        if (!TryFind(root, out var i))
        {
            Walker.InspectWithAncestors(root, (n, anc) => (n.NodeKind & kinds) == 0 || f(n, new Ancestors(anc)));
            return;
        }
        var top = i;
        var end = _end[i];
        var nodes = _nodes;
        var inside = _inside;
        var bit = _bit;
        var ends = _end;
        while (i < end)
        {
            if ((inside[i] & kinds) == 0 || ((ulong)kinds >> bit[i] & 1) != 0 && !f(nodes[i].Node, new Ancestors(this, i, top))) i = ends[i];
            else i++;
        }
    }

    /// <summary>A node's ancestors in a walk, innermost last as in <see cref="Walker.InspectWithAncestors"/>: [^1] is
    /// its parent; the walk's root is [0].</summary>
    public readonly struct Ancestors
    {
        private readonly NodeIndex? _index;
        private readonly int _at;
        private readonly int _root;
        private readonly IReadOnlyList<Node>? _list;

        internal Ancestors(NodeIndex index, int at, int root)
        {
            _index = index;
            _at = at;
            _root = root;
        }

        internal Ancestors(IReadOnlyList<Node> list) => _list = list;

        /// <summary>The ancestor `up` levels above the node (1: its parent); null above the walk's root.</summary>
        public Node? Up(int up)
        {
            if (_list != null) return up <= _list.Count ? _list[^up] : null;
            var i = _at;
            for (var k = 0; k < up; k++)
            {
                if (i == _root) return null;
                i = _index!._parent[i];
            }
            return _index!._nodes[i].Node;
        }

        /// <summary>All of them, outermost first, in a new list.</summary>
        public List<Node> ToList()
        {
            if (_list != null) return [.. _list];
            var result = new List<Node>();
            for (var i = _at; i != _root;)
            {
                i = _index!._parent[i];
                result.Add(_index._nodes[i].Node);
            }
            result.Reverse();
            return result;
        }
    }

    /// <summary>Whether any node of these kinds under root (root included) matches; stops at the first. Function
    /// literals are searched unless intoLiterals is false (then a literal, even the root, is neither matched nor
    /// entered), as <see cref="Walker.Any"/>.</summary>
    public bool Any(Node root, NodeKinds kinds, Func<Node, bool> match, bool intoLiterals = true)
    {
        var found = false;
        Inspect(root, intoLiterals ? kinds : kinds | NodeKinds.FuncLit, n =>
        {
            if (found) return false;
            if (!intoLiterals && n is FuncLit) return false;
            if ((n.NodeKind & kinds) == 0) return true;
            found = match(n);
            return !found;
        });
        return found;
    }

    private bool TryFind(Node root, out int index)
    {
        index = 0;
        if (!_built) Build();
        if ((root.NodeKind & (NodeKinds.BlockStmt | NodeKinds.File)) != 0 && _roots.TryGetValue(root, out index)) return true;
        var key = _key;
        var p = root.Pos().Value;
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (key[mid] < p) lo = mid + 1;
            else hi = mid;
        }
        for (var i = lo; i < _count && key[i] == p; i++)
            if (ReferenceEquals(_nodes[i].Node, root))
            {
                index = i;
                return true;
            }
        return false;
    }

    private void Build()
    {
        lock (_gate)
        {
            if (_built) return;
            if (_files.Count > 0)
            {
                // About one node per seven bytes of Go source (std's average): most packages fill the arrays without growing them.
                Grow((int)Math.Min(Math.Max(_sourceBytes / 6, 1024), 1 << 26));
                var recorder = new Recorder(this);
                var files = _files.OrderBy(f => f.FileStart.Value).ToList();
                foreach (var f in files) Walker.Walk(recorder, f);
                // Positions into sort keys: where the walk goes back, a node keeps the key before it (and is then
                // not found as a root: a walk from it takes Walker's way).
                for (var i = 1; i < _count; i++)
                    if (_key[i] < _key[i - 1]) _key[i] = _key[i - 1];
            }
            _built = true;
        }
    }

    private struct NodeSlot
    {
        public Node Node;
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _nodes, capacity);
        Array.Resize(ref _end, capacity);
        Array.Resize(ref _bit, capacity);
        Array.Resize(ref _inside, capacity);
        Array.Resize(ref _key, capacity);
        Array.Resize(ref _parent, capacity);
    }

    /// <summary>The kinds of the nodes under root (root included); every kind for a root outside the index.</summary>
    public NodeKinds KindsUnder(Node root) => TryFind(root, out var i) ? _inside[i] : (NodeKinds)ulong.MaxValue;

    /// <summary>Whether walks from the node go through the index (else through Walker): a node of the indexed files
    /// whose position the walk does not go back from.</summary>
    public bool Contains(Node n) => TryFind(n, out _);

    /// <summary>Expressions whose position is their first child's (`a.b`, `f(x)`, `a + b`, `k: v`): a chain of them
    /// computes it by a loop down the chain, so the recorder copies it from the child instead, once it is recorded.</summary>
    private const NodeKinds LeftmostFirstChild = NodeKinds.BinaryExpr | NodeKinds.SelectorExpr | NodeKinds.CallExpr | NodeKinds.IndexExpr
        | NodeKinds.IndexListExpr | NodeKinds.SliceExpr | NodeKinds.TypeAssertExpr | NodeKinds.KeyValueExpr;

    private const int FromFirstChild = int.MinValue;

    /// <summary>Appends each node as the walk enters it, and closes its subtree as the walk leaves it.</summary>
    private sealed class Recorder(NodeIndex index) : Visitor
    {
        private readonly Stack<int> _open = new();

        public override Visitor? Visit(Node? node)
        {
            var ix = index;
            if (node == null)
            {
                var closed = _open.Pop();
                ix._end[closed] = ix._count;
                if (ix._key[closed] == FromFirstChild) ix._key[closed] = closed + 1 < ix._count ? ix._key[closed + 1] : ix._nodes[closed].Node.Pos().Value;
                if (_open.Count > 0) ix._inside[_open.Peek()] |= ix._inside[closed];
                return null;
            }
            var i = ix._count;
            if (i == ix._nodes.Length) ix.Grow(i + i / 2);
            var kind = node.NodeKind;
            ix._nodes[i].Node = node;
            ix._bit[i] = (byte)System.Numerics.BitOperations.TrailingZeroCount((ulong)kind);
            ix._inside[i] = kind;
            ix._key[i] = (kind & LeftmostFirstChild) != 0 || node is CompositeLit { Type: not null } ? FromFirstChild : node.Pos().Value;
            var parent = _open.Count > 0 ? _open.Peek() : -1;
            ix._parent[i] = parent;
            if (kind == NodeKinds.File || kind == NodeKinds.BlockStmt && parent >= 0 && ix._nodes[parent].Node is FuncDecl or FuncLit) ix._roots[node] = i;
            ix._count = i + 1;
            _open.Push(i);
            return this;
        }
    }
}
