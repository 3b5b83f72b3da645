namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Remembers, per position in a goroutine's stack, the last few lines seen there and what they parsed to.
/// Leaks park thousands of goroutines on a few stacks, and a dump lists them interleaved (in creation
/// order), so the line at frame k of this goroutine is usually one of the few lines seen at frame k
/// before: a compare or two then replaces splitting, hashing and parsing it.
/// </summary>
internal sealed class LineMemo
{
    /// <summary>Slots of a memo for stack lines: frames deeper than this share the last slots.</summary>
    public const int StackSlots = 64;

    // Remembered lines per slot. A dump interleaving more distinct stacks than this at one depth falls back
    // to parsing, which is still right, only slower.
    private const int Ways = 4;

    private readonly byte[]?[] _keys;
    private readonly int[] _lengths;
    private readonly Entry[] _values;
    private readonly int[] _nextVictim;

    /// <summary>What a remembered line parsed to; the parser decides what each field holds.</summary>
    public struct Entry
    {
        /// <summary>Context the line was read in (the function of a location line); part of the match.</summary>
        public int Tag;
        public int Value;
        public long Offset;
    }

    public LineMemo(int slots)
    {
        _keys = new byte[slots * Ways][];
        _lengths = new int[slots * Ways];
        _values = new Entry[slots * Ways];
        _nextVictim = new int[slots];
        Array.Fill(_lengths, -1); // matches no line, so an empty way's missing key is never read
    }

    public ref Entry this[int way] => ref _values[way];

    /// <summary>Length of the line a way remembers.</summary>
    public int KeyLength(int way) => _lengths[way];

    /// <summary>The way of <paramref name="slot"/> remembering exactly <paramref name="key"/> with this tag, or -1.</summary>
    public int Find(int slot, ReadOnlySpan<byte> key, int tag = 0)
    {
        var first = slot * Ways;
        for (var way = first; way < first + Ways; way++)
        {
            if (_lengths[way] == key.Length && _values[way].Tag == tag && key.SequenceEqual(_keys[way]!.AsSpan(0, key.Length)))
                return way;
        }
        return -1;
    }

    /// <summary>
    /// The way of <paramref name="slot"/> whose key is the function that <paramref name="line"/> calls: the
    /// line is the key, '(', arguments without parentheses (Go prints none in them), ')'. Exactly the lines
    /// <see cref="GoroutineDumpParser.TrySplitCall"/> would split into that function. -1 when none is.
    /// </summary>
    public int FindCallOf(int slot, ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || line[^1] != (byte)')') return -1;
        var first = slot * Ways;
        for (var way = first; way < first + Ways; way++)
        {
            var length = _lengths[way];
            if (length > 0 && line.Length > length + 1 && line[length] == (byte)'('
                && line[..length].SequenceEqual(_keys[way]!.AsSpan(0, length))
                && line[(length + 1)..^1].IndexOfAny((byte)'(', (byte)')') < 0)
                return way;
        }
        return -1;
    }

    /// <summary>Remembers <paramref name="key"/> in place of the slot's oldest line; returns its entry to fill.</summary>
    public ref Entry Store(int slot, ReadOnlySpan<byte> key, int tag = 0)
    {
        var way = slot * Ways + _nextVictim[slot];
        _nextVictim[slot] = (_nextVictim[slot] + 1) % Ways;
        var bytes = _keys[way];
        if (bytes == null || bytes.Length < key.Length) _keys[way] = bytes = new byte[Math.Max(key.Length, 64)];
        key.CopyTo(bytes);
        _lengths[way] = key.Length;
        _values[way] = new Entry { Tag = tag };
        return ref _values[way];
    }
}
