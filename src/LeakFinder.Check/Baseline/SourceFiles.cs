using LeakFinder.Analysis;
using System.Text;

namespace LeakFinder.Check.Baseline;

/// <summary>
/// The text of one source file as bytes plus its line starts, so that a finding's 1-based line and byte column
/// can be turned into the line's text and a character index (code frames, SARIF's UTF-16 columns, fingerprints).
/// </summary>
public sealed class SourceFile
{
    private readonly int[] _lineStarts;
    private string?[]? _lineTexts; // decoded on first use: reports ask for the same lines several times

    public SourceFile(string path, byte[] content)
    {
        Path = path;
        Content = content;
        var starts = new List<int> { 0 };
        for (var i = 0; i < content.Length; i++)
            if (content[i] == (byte)'\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    public string Path { get; }
    public byte[] Content { get; }
    public int LineCount => _lineStarts.Length;

    /// <summary>The byte offset of a 1-based line and byte column, or -1 when the file has no such place (a
    /// column may point just past the line's last byte, where an insertion at the line's end goes).</summary>
    public int Offset(int line, int byteColumn)
    {
        if (line < 1 || byteColumn < 1) return -1;
        // The line just past a final newline exists for insertions at the end of the file.
        if (line > _lineStarts.Length) return -1;
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Content.Length;
        var offset = start + byteColumn - 1;
        return offset <= end ? offset : -1;
    }

    /// <summary>The 1-based line and byte column of a byte offset (clamped to the file).</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Content.Length);
        var i = Array.BinarySearch(_lineStarts, offset);
        var line = i >= 0 ? i : ~i - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line without its line terminator, or null when the line does not exist.</summary>
    public string? LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return null;
        _lineTexts ??= new string?[_lineStarts.Length];
        return _lineTexts[line - 1] ??= Decode(line);
    }

    private string Decode(int line)
    {
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Content.Length;
        if (end > start && Content[end - 1] == (byte)'\r') end--;
        return Encoding.UTF8.GetString(Content, start, Math.Max(0, end - start));
    }

    /// <summary>
    /// The index into <paramref name="lineText"/> of a 1-based byte column (Go tools count columns in bytes);
    /// clamped to the line's length, so a column past the end points just after the last character.
    /// </summary>
    public static int CharIndexOfByteColumn(string lineText, int byteColumn)
    {
        var bytes = 0;
        var target = Math.Max(0, byteColumn - 1);
        for (var i = 0; i < lineText.Length; i++)
        {
            if (bytes >= target) return i;
            var c = lineText[i];
            if (char.IsHighSurrogate(c) && i + 1 < lineText.Length && char.IsLowSurrogate(lineText[i + 1]))
            {
                bytes += 4;
                i++;
                if (bytes > target) return i - 1;
                continue;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return lineText.Length;
    }
}

/// <summary>
/// Reads source files lazily, once each, and tolerates files that are missing or unreadable (null): a report
/// must never fail because the tree changed between the scan and the rendering.
/// Relative paths are resolved against <paramref name="baseDirectory"/> (the working directory by default).
/// </summary>
public sealed class SourceFiles(string? baseDirectory = null)
{
    private readonly Dictionary<string, SourceFile?> _files = new(StringComparer.Ordinal);
    private readonly string _baseDirectory = baseDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>Where relative paths are resolved.</summary>
    public string BaseDirectory => _baseDirectory;

    public SourceFile? Get(string path)
    {
        if (_files.TryGetValue(path, out var cached)) return cached;
        SourceFile? file = null;
        try
        {
            var full = System.IO.Path.GetFullPath(path, _baseDirectory);
            file = new SourceFile(full, File.ReadAllBytes(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A missing or unreadable file only costs the code frame or the fingerprint's line text.
        }
        _files[path] = file;
        return file;
    }

    public string? LineText(string path, int line) => Get(path)?.LineText(line);
}
