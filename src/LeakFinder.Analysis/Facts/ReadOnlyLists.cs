namespace LeakFinder.Analysis.Facts;

/// <summary>List&lt;T&gt;'s Exists and TrueForAll for the read-only lists a lock flow hands out (null until their
/// first element, an empty array then), by index: no enumerator is allocated.</summary>
internal static class ReadOnlyLists
{
    public static bool Exists<T>(this IReadOnlyList<T> list, Predicate<T> match)
    {
        for (var i = 0; i < list.Count; i++)
            if (match(list[i])) return true;
        return false;
    }

    public static bool TrueForAll<T>(this IReadOnlyList<T> list, Predicate<T> match)
    {
        for (var i = 0; i < list.Count; i++)
            if (!match(list[i])) return false;
        return true;
    }
}
