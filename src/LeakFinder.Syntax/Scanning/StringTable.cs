using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>
/// Interns identifier names so that each distinct name is allocated once per thread, across all the files
/// that thread scans (`err`, `nil`, `ctx` are one string each, not one per file). Keys are byte ranges of
/// the source being scanned, compared with the interned text itself, so entries outlive their file. One
/// table per thread: parallel parses share nothing.
/// </summary>
internal sealed class StringTable
{
    [ThreadStatic] private static StringTable? _forThread;

    private Entry[] _entries = new Entry[1024];
    private int _count;

    private struct Entry
    {
        public string? Value;
        public int Hash, ByteLength;
    }

    /// <summary>The calling thread's table (entries hold no source, so scanners sharing it never interfere).</summary>
    public static StringTable ForThread() => _forThread ??= new StringTable();

    public string Intern(byte[] src, int offset, int length)
    {
        var key = src.AsSpan(offset, length);
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
                e.ByteLength = length;
                if (++_count * 2 > _entries.Length) Grow();
                return s;
            }
            if (e.Hash == hash && e.ByteLength == length && SameText(key, e.Value)) return e.Value;
            i = (i + 1) & mask;
        }
    }

    // Identifiers are ASCII nearly always: compare bytes with chars; otherwise compare the encoded text.
    private static bool SameText(ReadOnlySpan<byte> key, string value)
    {
        if (value.Length == key.Length)
        {
            var ascii = true;
            for (var k = 0; k < key.Length; k++)
            {
                if (key[k] >= 0x80) { ascii = false; break; }
                if (key[k] != value[k]) return false;
            }
            if (ascii) return true;
        }
        return Encoding.UTF8.GetString(key) == value;
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
