using LeakFinder.Analysis;
using System.Text;
using System.Text.RegularExpressions;

namespace LeakFinder.Check.Config;

/// <summary>
/// An `exclude:` pattern, gitignore-like: `*` matches within one path segment, `?` one character of a segment,
/// `[abc]` a character class, `**` any number of segments (`vendor/**`, `**/testdata/**`, `**/*_gen.go`).
/// A pattern without '/' matches a file or directory name at any depth (`*_test.go`, `testdata`); one with '/'
/// is anchored at the configuration file's directory. A pattern that matches a directory excludes everything
/// below it. Paths are compared with '/' separators.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex _regex;
    private readonly bool _anyDepth;

    public PathGlob(string pattern)
    {
        Pattern = pattern;
        var p = pattern.Replace('\\', '/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        p = p.TrimEnd('/');
        _anyDepth = !p.Contains('/');
        if (p.StartsWith('/')) p = p[1..];
        _regex = new Regex("^" + Translate(p) + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Pattern { get; }

    /// <summary>True when <paramref name="relativePath"/> ('/'-separated, relative to the config directory) or one of its parent directories matches.</summary>
    public bool Matches(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_anyDepth)
        {
            foreach (var s in segments)
                if (_regex.IsMatch(s)) return true;
            return false;
        }
        // Each prefix is a directory (or the file itself) the pattern may name.
        var prefix = new StringBuilder();
        foreach (var s in segments)
        {
            if (prefix.Length > 0) prefix.Append('/');
            prefix.Append(s);
            if (_regex.IsMatch(prefix.ToString())) return true;
        }
        return false;
    }

    private static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                var atSegmentStart = i == 0 || glob[i - 1] == '/';
                if (atSegmentStart && slashAfter)
                {
                    sb.Append("(?:.*/)?"); // "**/" : zero or more whole segments
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i++;
                }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[')
            {
                var close = glob.IndexOf(']', i + 1);
                if (close < 0) { sb.Append("\\["); continue; }
                var body = glob[(i + 1)..close];
                if (body.StartsWith('!')) body = "^" + body[1..];
                sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                i = close;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
