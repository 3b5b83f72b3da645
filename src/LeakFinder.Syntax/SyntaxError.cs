namespace LeakFinder.Syntax;

/// <summary>A syntax error at a resolved position: go/scanner.Error. Prints as `file:line:col: message`.</summary>
public sealed record SyntaxError(Position Pos, string Msg)
{
    public override string ToString() =>
        Pos.Filename is { Length: > 0 } || Pos.IsValid ? Pos + ": " + Msg : Msg;
}

/// <summary>A list of syntax errors with go/scanner.ErrorList's ordering (filename, line, column, message).</summary>
public sealed class ErrorList : List<SyntaxError>
{
    public void Add(Position pos, string msg) => Add(new SyntaxError(pos, msg));

    /// <summary>Sorts by position, then message (a stable sort, as sort.Sort's result for equal keys is not relied on).</summary>
    public void SortByPosition()
    {
        var sorted = this.ToArray();
        // Insertion-order stable merge sort via Array.Sort on (key, index) keeps equal entries in order.
        var keys = new int[sorted.Length];
        for (var i = 0; i < keys.Length; i++) keys[i] = i;
        Array.Sort(keys, (a, b) =>
        {
            var c = Compare(sorted[a], sorted[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        Clear();
        foreach (var k in keys) Add(sorted[k]);
    }

    /// <summary>Sorts and keeps only the first error per line (go/scanner ErrorList.RemoveMultiples).</summary>
    public void RemoveMultiples()
    {
        SortByPosition();
        var kept = new List<SyntaxError>(Count);
        Position last = default;
        foreach (var e in this)
        {
            if (e.Pos.Filename != last.Filename || e.Pos.Line != last.Line)
            {
                last = e.Pos;
                kept.Add(e);
            }
        }
        Clear();
        AddRange(kept);
    }

    private static int Compare(SyntaxError e, SyntaxError f)
    {
        var c = string.CompareOrdinal(e.Pos.Filename, f.Pos.Filename);
        if (c != 0) return c;
        if (e.Pos.Line != f.Pos.Line) return e.Pos.Line.CompareTo(f.Pos.Line);
        if (e.Pos.Column != f.Pos.Column) return e.Pos.Column.CompareTo(f.Pos.Column);
        return string.CompareOrdinal(e.Msg, f.Msg);
    }

    public override string ToString() => Count switch
    {
        0 => "no errors",
        1 => this[0].ToString(),
        _ => $"{this[0]} (and {Count - 1} more errors)",
    };
}
