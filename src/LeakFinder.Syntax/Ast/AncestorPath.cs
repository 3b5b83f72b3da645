using System.Collections;

namespace LeakFinder.Syntax.Ast;

/// <summary>
/// The path from the root that <see cref="Walker.InspectWithAncestors"/> hands its function: a stack of nodes
/// read as a list, innermost last. Not a List&lt;Node&gt;: storing into a Node[] checks the element's type on
/// every push (Node is not sealed) and List.RemoveAt is a call with a version bump; a path is pushed and popped
/// once per node of every walk. Read-only for its readers; IList so that LINQ's indexed shortcuts apply.
/// </summary>
internal sealed class AncestorPath : IList<Node>, IReadOnlyList<Node>
{
    // A struct around the reference: an array of structs needs no covariance check on store.
    private struct Slot
    {
        public Node Node;
    }

    private Slot[] _slots = new Slot[16];
    private int _count;

    public void Push(Node node)
    {
        if (_count == _slots.Length) Array.Resize(ref _slots, _count * 2);
        _slots[_count++].Node = node;
    }

    public void Pop() => _slots[--_count].Node = null!;

    public int Count => _count;

    public Node this[int index]
    {
        get => (uint)index < (uint)_count ? _slots[index].Node : throw new ArgumentOutOfRangeException(nameof(index));
        set => throw new NotSupportedException();
    }

    public bool IsReadOnly => true;

    public int IndexOf(Node item)
    {
        for (var i = 0; i < _count; i++)
            if (Equals(_slots[i].Node, item)) return i;
        return -1;
    }

    public bool Contains(Node item) => IndexOf(item) >= 0;

    public void CopyTo(Node[] array, int arrayIndex)
    {
        for (var i = 0; i < _count; i++) array[arrayIndex + i] = _slots[i].Node;
    }

    public IEnumerator<Node> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return _slots[i].Node;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(Node item) => throw new NotSupportedException();
    public void Clear() => throw new NotSupportedException();
    public void Insert(int index, Node item) => throw new NotSupportedException();
    public bool Remove(Node item) => throw new NotSupportedException();
    public void RemoveAt(int index) => throw new NotSupportedException();
}
