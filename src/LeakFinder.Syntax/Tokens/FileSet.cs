namespace LeakFinder.Syntax;

/// <summary>
/// A set of source files sharing one Pos space, like go/token.FileSet: each file gets the interval
/// [base, base+size] and the next base is base+size+1. Adding and looking up files is thread-safe.
/// </summary>
public sealed class FileSet
{
    private readonly Lock _lock = new();
    private TokenFile[] _files = new TokenFile[16];
    private int _count;
    private int _base = 1; // 0 is NoPos
    private TokenFile? _last;

    public int Base
    {
        get { lock (_lock) return _base; }
    }

    /// <summary>Adds a file; a negative base means "the current Base".</summary>
    public TokenFile AddFile(string filename, int @base, int size)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), $"invalid size {size} (should be >= 0)");
        lock (_lock)
        {
            if (@base < 0) @base = _base;
            if (@base < _base) throw new ArgumentOutOfRangeException(nameof(@base), $"invalid base {@base} (should be >= {_base})");
            var next = (long)@base + size + 1; // +1 because EOF also has a position
            if (next > int.MaxValue) throw new InvalidOperationException("token.Pos offset overflow (> 2G of source code in file set)");
            var f = new TokenFile(filename, @base, size);
            _base = (int)next;
            if (_count == _files.Length) Array.Resize(ref _files, _count * 2);
            _files[_count++] = f;
            Volatile.Write(ref _last, f);
            return f;
        }
    }

    /// <summary>The files in the order they were added.</summary>
    public IReadOnlyList<TokenFile> Files
    {
        get { lock (_lock) return _files.AsSpan(0, _count).ToArray(); }
    }

    /// <summary>The file containing p, or null (for NoPos or a position outside every file).</summary>
    public TokenFile? File(Pos p)
    {
        if (!p.IsValid) return null;
        var last = Volatile.Read(ref _last);
        if (last != null && last.Contains(p)) return last;
        lock (_lock)
        {
            int i = 0, j = _count;
            while (i < j)
            {
                var h = (int)((uint)(i + j) >> 1);
                if (_files[h].Base <= p.Value) i = h + 1; else j = h;
            }
            if (i - 1 >= 0 && _files[i - 1].Contains(p))
            {
                Volatile.Write(ref _last, _files[i - 1]);
                return _files[i - 1];
            }
        }
        return null;
    }

    public Position PositionFor(Pos p, bool adjusted) =>
        File(p) is { } f ? f.PositionFor(p, adjusted) : default;

    public Position Position(Pos p) => PositionFor(p, adjusted: true);
}
