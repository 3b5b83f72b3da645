using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Maps UTF-8 byte strings to small integer ids and back to .NET strings, decoding each distinct value
/// once. A million-goroutine dump repeats the same few hundred function names and file paths millions of
/// times; looking them up as bytes avoids a string allocation per line.
/// </summary>
public sealed class Utf8InternTable
{
    private int[] _slots = new int[1024]; // id + 1, 0 = empty
    private readonly List<byte[]> _keys = [];
    private readonly List<int> _hashes = [];
    private readonly List<string> _strings = [];

    public int Count => _strings.Count;

    public string this[int id] => _strings[id];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public int Intern(ReadOnlySpan<byte> bytes)
    {
        var hash = Hash(bytes);
        var mask = _slots.Length - 1;
        var i = hash & mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == 0) break;
            var id = slot - 1;
            if (_hashes[id] == hash && bytes.SequenceEqual(_keys[id])) return id;
            i = (i + 1) & mask;
        }
        var newId = _strings.Count;
        _keys.Add(bytes.ToArray());
        _hashes.Add(hash);
        _strings.Add(System.Text.Encoding.UTF8.GetString(bytes));
        _slots[i] = newId + 1;
        if (_strings.Count * 2 > _slots.Length) Grow();
        return newId;
    }

    public int Intern(string text) => Intern(System.Text.Encoding.UTF8.GetBytes(text));

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var id = 0; id < _hashes.Count; id++)
        {
            var i = _hashes[id] & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = id + 1;
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var h = new HashCode();
        h.AddBytes(bytes);
        return h.ToHashCode() & int.MaxValue;
    }
}
