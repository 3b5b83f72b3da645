namespace LeakFinder.Runtime.Output;

/// <summary>
/// A plain-text table for terminal reports: columns padded to their widest cell, numbers right-aligned.
/// Shared by every runtime command so their text output looks alike.
/// </summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>Headers ending in '>' are right-aligned (the '>' is not printed): <c>new TextTable("COUNT>", "STATE")</c>.</summary>
    public TextTable(params string[] headers)
    {
        _headers = new string[headers.Length];
        _rightAligned = new bool[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            _rightAligned[i] = headers[i].EndsWith('>');
            _headers[i] = _rightAligned[i] ? headers[i][..^1] : headers[i];
        }
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length) throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}");
        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "")
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (var row in _rows) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        WriteRow(writer, indent, _headers, widths);
        foreach (var row in _rows) WriteRow(writer, indent, row, widths);
    }

    private void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder(indent);
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) line.Append("  ");
            var last = c == cells.Length - 1;
            if (_rightAligned[c]) line.Append(cells[c].PadLeft(widths[c]));
            else line.Append(last ? cells[c] : cells[c].PadRight(widths[c]));
        }
        writer.WriteLine(line.ToString().TrimEnd());
    }
}
