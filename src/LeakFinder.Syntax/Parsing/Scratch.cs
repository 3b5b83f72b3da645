namespace LeakFinder.Syntax.Parsing;

/// <summary>
/// A stack of list elements shared by all lists of one element type that a parser is building: a list pushes
/// its elements above a mark and pops them into an exact-size array when done. Nested lists (arguments of
/// arguments) push above their parent's elements and are popped before the parent adds its next element, so
/// one buffer serves them all, and each finished list costs one array instead of a List and a copy.
/// </summary>
internal sealed class Scratch<T> where T : class
{
    private T[] _buf = new T[32];
    private int _n;

    public int Mark => _n;

    public int CountSince(int mark) => _n - mark;

    public T this[int i] => _buf[i];

    public void Push(T item)
    {
        if (_n == _buf.Length) Array.Resize(ref _buf, _n * 2);
        _buf[_n++] = item;
    }

    /// <summary>The elements pushed since mark as an array (null when there are none), removed from the stack.</summary>
    public T[]? PopToArray(int mark)
    {
        var count = _n - mark;
        if (count == 0) return null;
        var result = _buf.AsSpan(mark, count).ToArray();
        _buf.AsSpan(mark, count).Clear(); // do not keep finished nodes reachable from the parser
        _n = mark;
        return result;
    }
}
