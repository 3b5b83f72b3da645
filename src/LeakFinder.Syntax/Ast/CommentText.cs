namespace LeakFinder.Syntax.Ast;

/// <summary>go/ast CommentGroup.Text: comment markers, directives, leading/trailing blank lines removed.</summary>
internal static class CommentText
{
    public static string Of(CommentGroup? g)
    {
        if (g == null) return "";
        var lines = new List<string>(10);
        foreach (var comment in g.List)
        {
            var c = comment.Text;
            if (c.Length < 2) continue;
            if (c[1] == '/')
            {
                //-style comment (no newline at the end)
                c = c[2..];
                if (c.Length == 0)
                {
                    // empty line
                }
                else if (c[0] == ' ')
                    c = c[1..]; // strip first space - required for Example tests
                else if (IsDirective(c))
                    continue; // Ignore //go:noinline, //line, and so on.
            }
            else if (c[1] == '*')
                c = c[2..^2]; /*-style comment */
            foreach (var l in c.Split('\n')) lines.Add(l.TrimEnd(' ', '\t', '\n', '\r'));
        }

        // Remove leading blank lines; convert runs of interior blank lines to a single blank line.
        var n = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length != 0 || (n > 0 && lines[n - 1].Length != 0)) lines[n++] = line;
        }
        lines.RemoveRange(n, lines.Count - n);

        // Add final "" entry to get trailing newline from Join.
        if (n > 0 && lines[n - 1].Length != 0) lines.Add("");
        return string.Join("\n", lines);
    }

    // A //-comment is a directive if it is //line, //extern, //export, or of the form //[a-z0-9]+:[a-z0-9].
    private static bool IsDirective(string c)
    {
        if (c.StartsWith("line ", StringComparison.Ordinal) || c.StartsWith("extern ", StringComparison.Ordinal) ||
            c.StartsWith("export ", StringComparison.Ordinal))
            return true;
        var colon = c.IndexOf(':');
        if (colon <= 0 || colon + 1 >= c.Length) return false;
        for (var i = 0; i <= colon + 1; i++)
        {
            if (i == colon) continue;
            var b = c[i];
            if (!(b is >= 'a' and <= 'z' or >= '0' and <= '9')) return false;
        }
        return true;
    }
}
