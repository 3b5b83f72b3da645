using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>Go's path/filepath Clean, IsAbs and Join for slash-separated paths, used by //line directives.</summary>
internal static class GoPath
{
    public static bool IsAbs(string path) => path.StartsWith('/');

    public static string Join(string dir, string name)
    {
        if (dir.Length == 0) return name.Length == 0 ? "" : Clean(name);
        if (name.Length == 0) return Clean(dir);
        return Clean(dir + "/" + name);
    }

    /// <summary>Lexical cleaning exactly as filepath.Clean on Unix.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var n = path.Length;
        var out_ = new StringBuilder(n);
        int r = 0, dotdot = 0;
        if (rooted)
        {
            out_.Append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n)
        {
            if (path[r] == '/') r++;
            else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) r++;
            else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/'))
            {
                r += 2;
                if (out_.Length > dotdot)
                {
                    var w = out_.Length - 1;
                    while (w > dotdot && out_[w] != '/') w--;
                    out_.Length = w;
                }
                else if (!rooted)
                {
                    if (out_.Length > 0) out_.Append('/');
                    out_.Append("..");
                    dotdot = out_.Length;
                }
            }
            else
            {
                if ((rooted && out_.Length != 1) || (!rooted && out_.Length != 0)) out_.Append('/');
                for (; r < n && path[r] != '/'; r++) out_.Append(path[r]);
            }
        }
        return out_.Length == 0 ? "." : out_.ToString();
    }
}
