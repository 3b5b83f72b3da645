using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Remembers, per position in a goroutine's stack, the last line seen there and what it parsed to. Leaks
/// park thousands of goroutines on one stack, so the line at frame k of this goroutine is usually the line
/// at frame k of the previous one: one vectorised compare then replaces hashing and parsing it.
/// </summary>
internal sealed class LineMemo
{
    public const int Slots = 64;

    private readonly byte[][] _bytes = new byte[Slots][];
    private readonly int[] _lengths = new int[Slots];
    private readonly Entry[] _values = new Entry[Slots];

    public struct Entry
    {
        public int Function;
        public int File;
        public int Line;
        public long Offset;
        public int Frame;
    }

    public LineMemo()
    {
        for (var i = 0; i < Slots; i++) { _bytes[i] = new byte[128]; _lengths[i] = -1; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public ref Entry Lookup(int slot, ReadOnlySpan<byte> key, out bool hit)
    {
        hit = _lengths[slot] == key.Length && key.SequenceEqual(_bytes[slot].AsSpan(0, key.Length));
        return ref _values[slot];
    }

    /// <summary>
    /// True when the slot's key followed by '(' starts the line and the line ends with ')': a call line of
    /// the remembered function, whatever its arguments. Returns the key's length in <paramref name="length"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public bool IsCallOf(int slot, ReadOnlySpan<byte> line, out int length, out int function)
    {
        length = _lengths[slot];
        function = _values[slot].Function;
        return length > 0 && line.Length > length + 1 && line[length] == (byte)'(' && line[^1] == (byte)')'
            && line[..length].SequenceEqual(_bytes[slot].AsSpan(0, length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public ref Entry Store(int slot, ReadOnlySpan<byte> key)
    {
        if (_bytes[slot].Length < key.Length) _bytes[slot] = new byte[Math.Max(key.Length, _bytes[slot].Length * 2)];
        key.CopyTo(_bytes[slot]);
        _lengths[slot] = key.Length;
        _values[slot] = default;
        return ref _values[slot];
    }
}
