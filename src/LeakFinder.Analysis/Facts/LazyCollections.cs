namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A dictionary made on its first entry. A package's lock summaries are kept until its lock waits are found, one per
/// function, and most of their five maps stay empty: 66,000 functions of one file held ~25 MiB of empty
/// dictionaries. Held in a field and handed out by reference (<c>ref LazyMap&lt;K, V&gt; Acquires =&gt; ref _acquires</c>),
/// so its users write <c>summary.Acquires[key] = value</c> as on a dictionary; copied, a write would be lost.
/// </summary>
public struct LazyMap<TKey, TValue> where TKey : notnull
{
    private static readonly Dictionary<TKey, TValue> None = [];
    private Dictionary<TKey, TValue>? _map;

    private Dictionary<TKey, TValue> Map => _map ??= [];

    public readonly int Count => _map?.Count ?? 0;

    public TValue this[TKey key]
    {
        readonly get => (_map ?? None)[key];
        set => Map[key] = value;
    }

    public bool TryAdd(TKey key, TValue value) => Map.TryAdd(key, value);

    public readonly bool TryGetValue(TKey key, out TValue value)
    {
        if (_map != null) return _map.TryGetValue(key, out value!);
        value = default!;
        return false;
    }

    public readonly bool ContainsKey(TKey key) => _map?.ContainsKey(key) == true;

    /// <summary>In insertion order, as a dictionary's (nothing is removed).</summary>
    public readonly Dictionary<TKey, TValue>.ValueCollection Values => (_map ?? None).Values;

    public readonly Dictionary<TKey, TValue>.KeyCollection Keys => (_map ?? None).Keys;

    public readonly Dictionary<TKey, TValue>.Enumerator GetEnumerator() => (_map ?? None).GetEnumerator();
}

/// <summary>A list made on its first element, for the same reason and used the same way as <see cref="LazyMap{TKey, TValue}"/>.</summary>
public struct LazyList<T>
{
    private static readonly List<T> None = [];
    private List<T>? _list;

    public readonly int Count => _list?.Count ?? 0;

    public void Add(T item) => (_list ??= []).Add(item);

    public readonly bool Exists(Predicate<T> match) => _list?.Exists(match) == true;

    public readonly List<T>.Enumerator GetEnumerator() => (_list ?? None).GetEnumerator();
}
