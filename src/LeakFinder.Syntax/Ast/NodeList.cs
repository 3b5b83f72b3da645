using System.Collections;

namespace LeakFinder.Syntax.Ast;

/// <summary>
/// An immutable list of AST children: a thin read-only view over an array, 8 bytes, no allocation when empty.
/// Go's nil and empty slices both map to the empty list (go/parser never produces a non-nil empty slice).
/// </summary>
public readonly struct NodeList<T> : IReadOnlyList<T>
{
    private readonly T[]? _items;

    public NodeList(T[]? items) => _items = items is { Length: > 0 } ? items : null;

    public static readonly NodeList<T> Empty = default;

    public int Count => _items?.Length ?? 0;

    public bool IsEmpty => _items == null;

    public T this[int index] => (_items ?? [])[index];

    /// <summary>The position of this very node in the list (by reference: AST nodes compare by identity), or -1.</summary>
    public int IndexOf(T item)
    {
        if (_items == null) return -1;
        for (var i = 0; i < _items.Length; i++)
            if (ReferenceEquals(_items[i], item)) return i;
        return -1;
    }

    /// <summary>The last element (the list must not be empty).</summary>
    public T Last => _items![^1];

    public ReadOnlySpan<T> AsSpan() => _items;

    public Enumerator GetEnumerator() => new(_items);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();

    public static implicit operator NodeList<T>(T[]? items) => new(items);

    public static implicit operator NodeList<T>(List<T>? items) => new(items?.ToArray());

    public struct Enumerator(T[]? items)
    {
        private int _i = -1;

        public bool MoveNext() => ++_i < (items?.Length ?? 0);

        public readonly T Current => items![_i];
    }
}
