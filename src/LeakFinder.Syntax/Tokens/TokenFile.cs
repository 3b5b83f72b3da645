namespace LeakFinder.Syntax;

/// <summary>
/// A file of a <see cref="FileSet"/> with its line table and //line directive infos: go/token.File.
/// Its Pos range is [Base, Base+Size]. The scanner fills the line table while it reads the file; after that
/// the file is only read, so a parsed file may be shared between threads. Unlike go/token, AddLine takes
/// no lock: a file is written by exactly one scanner before anyone else sees it.
/// </summary>
public sealed class TokenFile
{
    private int[] _lines = new int[64];
    private int _lineCount = 1; // _lines[0] == 0: the first line starts at offset 0
    private LineInfo[] _infos = [];
    private int _infoCount;

    internal TokenFile(string name, int @base, int size)
    {
        Name = name;
        Base = @base;
        Size = size;
    }

    public string Name { get; }
    public int Base { get; }
    public int Size { get; }
    public int LineCount => _lineCount;

    /// <summary>Adds the offset of a new line; ignored unless larger than the previous one and smaller than Size.</summary>
    public void AddLine(int offset)
    {
        var i = _lineCount;
        if ((i == 0 || _lines[i - 1] < offset) && offset < Size)
        {
            if (i == _lines.Length) Array.Resize(ref _lines, i * 2);
            _lines[i] = offset;
            _lineCount = i + 1;
        }
    }

    /// <summary>Sets the line table from file content, ignoring //line directives (go/token SetLinesForContent).</summary>
    public void SetLinesForContent(ReadOnlySpan<byte> content)
    {
        var count = 0;
        var line = 0;
        var lines = new int[Math.Max(1, content.Length / 32)];
        for (var offset = 0; offset < content.Length; offset++)
        {
            if (line >= 0)
            {
                if (count == lines.Length) Array.Resize(ref lines, count * 2);
                lines[count++] = line;
            }
            line = -1;
            if (content[offset] == '\n') line = offset + 1;
        }
        _lines = lines;
        _lineCount = count;
    }

    /// <summary>Records an alternative filename/line/column for positions from offset on (a //line directive).</summary>
    public void AddLineColumnInfo(int offset, string filename, int line, int column)
    {
        var i = _infoCount;
        if (i == 0 || (_infos[i - 1].Offset < offset && offset < Size))
        {
            if (i == _infos.Length) Array.Resize(ref _infos, Math.Max(4, i * 2));
            _infos[i] = new LineInfo(offset, filename, line, column);
            _infoCount = i + 1;
        }
    }

    public Pos Pos(int offset) => new(Base + FixOffset(offset));

    public int Offset(Pos p) => FixOffset(p.Value - Base);

    // Go 1.21's go/token clamps an offset outside the file to its bounds instead of panicking: a node's End()
    // is computed from its text, and the text of a comment or literal holding invalid UTF-8 (each bad byte
    // decoded as the 3-byte U+FFFD) is longer than its bytes in the file.
    private int FixOffset(int offset) => Math.Clamp(offset, 0, Size);

    /// <summary>True if p lies in [Base, Base+Size].</summary>
    public bool Contains(Pos p) => p.Value >= Base && p.Value <= Base + Size;

    /// <summary>The line of p, adjusted by //line directives (go/token File.Line).</summary>
    public int Line(Pos p) => Position(p).Line;

    /// <summary>The unadjusted 1-based line of an offset: a binary search of the line table.</summary>
    public int RawLine(int offset) => SearchLines(offset) + 1;

    public Pos LineStart(int line)
    {
        if (line < 1 || line > _lineCount) throw new ArgumentOutOfRangeException(nameof(line));
        return new Pos(Base + _lines[line - 1]);
    }

    public Position Position(Pos p) => PositionFor(p, adjusted: true);

    /// <summary>Resolves p; with adjusted set, //line directives change filename, line and column as in go/token.</summary>
    public Position PositionFor(Pos p, bool adjusted)
    {
        if (!p.IsValid) return default;
        var offset = Offset(p);
        var (filename, line, column) = Unpack(offset, adjusted);
        return new Position(filename, offset, line, column);
    }

    private (string Filename, int Line, int Column) Unpack(int offset, bool adjusted)
    {
        var filename = Name;
        int line = 0, column = 0;
        var i = SearchLines(offset);
        if (i >= 0)
        {
            line = i + 1;
            column = offset - _lines[i] + 1;
        }
        if (adjusted && _infoCount > 0)
        {
            var k = SearchInfos(offset);
            if (k >= 0)
            {
                var alt = _infos[k];
                filename = alt.Filename;
                var j = SearchLines(alt.Offset);
                if (j >= 0)
                {
                    var d = line - (j + 1); // line distance from the alternative position base
                    line = alt.Line + d;
                    if (alt.Column == 0)
                        column = 0; // unknown alternative column: relative column unknown until the next directive
                    else if (d == 0)
                        column = alt.Column + (offset - alt.Offset); // directive on this line: column relative to it
                }
            }
        }
        return (filename, line, column);
    }

    private int SearchLines(int x)
    {
        // Fast path: the parser asks mostly about the line being scanned, the last one in the table so far.
        var n = _lineCount;
        if (n > 0 && x >= _lines[n - 1]) return n - 1;
        int i = 0, j = _lineCount;
        var a = _lines;
        while (i < j)
        {
            var h = (int)((uint)(i + j) >> 1);
            if (a[h] <= x) i = h + 1; else j = h;
        }
        return i - 1;
    }

    private int SearchInfos(int x)
    {
        int i = 0, j = _infoCount;
        while (i < j)
        {
            var h = (int)((uint)(i + j) >> 1);
            if (_infos[h].Offset <= x) i = h + 1; else j = h;
        }
        return i - 1;
    }

    private readonly record struct LineInfo(int Offset, string Filename, int Line, int Column);
}
