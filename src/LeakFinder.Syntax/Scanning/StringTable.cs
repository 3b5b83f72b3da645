using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>
/// Interns identifier names of one source file so that each distinct name is allocated once. Keys are byte
/// ranges of the source being scanned; one table per scanner, so parallel parses share nothing.
/// </summary>
internal sealed class StringTable
{
    private byte[] _src = [];
    private Entry[] _entries = new Entry[256];
    private int _count;

    private struct Entry
    {
        public string? Value;
        public int Hash, Offset, Length;
    }

    public void Reset(byte[] src)
    {
        _src = src;
        if (_count != 0)
        {
            Array.Clear(_entries);
            _count = 0;
        }
    }

    public string Intern(int offset, int length)
    {
        var key = _src.AsSpan(offset, length);
        var hash = Hash(key);
        var mask = _entries.Length - 1;
        var i = hash & mask;
        while (true)
        {
            ref var e = ref _entries[i];
            if (e.Value == null)
            {
                var s = Encoding.UTF8.GetString(key);
                e.Value = s;
                e.Hash = hash;
                e.Offset = offset;
                e.Length = length;
                if (++_count * 2 > _entries.Length) Grow();
                return s;
            }
            if (e.Hash == hash && e.Length == length && _src.AsSpan(e.Offset, length).SequenceEqual(key)) return e.Value;
            i = (i + 1) & mask;
        }
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var h = 2166136261u; // FNV-1a
        foreach (var b in key) h = (h ^ b) * 16777619u;
        return (int)(h & 0x7fffffff);
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        var mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Value == null) continue;
            var i = e.Hash & mask;
            while (_entries[i].Value != null) i = (i + 1) & mask;
            _entries[i] = e;
        }
    }
}
