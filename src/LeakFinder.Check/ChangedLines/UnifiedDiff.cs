using LeakFinder.Analysis;
using System.Globalization;
using System.Text;

namespace LeakFinder.Check.ChangedLines;

/// <summary>
/// Reads the added lines out of `git diff --unified=0` output: for each file (its new name from `+++ b/...`),
/// each hunk `@@ -a,b +c,d @@` adds lines c .. c+d-1 (d defaults to 1; d = 0 is a pure deletion).
/// Deleted files (`+++ /dev/null`) and binary files contribute nothing.
/// </summary>
public static class UnifiedDiff
{
    public static Dictionary<string, HashSet<int>> AddedLines(TextReader diff, string root)
    {
        var result = new Dictionary<string, HashSet<int>>(ChangedLineSet.PathComparer);
        HashSet<int>? current = null;
        string? line;
        while ((line = diff.ReadLine()) != null)
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                current = null;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal) && current == null)
            {
                var name = Unquote(line[4..].TrimEnd('\t'));
                if (name == "/dev/null") continue;
                if (name.StartsWith("b/", StringComparison.Ordinal)) name = name[2..];
                var full = Path.GetFullPath(Path.Combine(root, name));
                if (!result.TryGetValue(full, out current)) result[full] = current = [];
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal) && current != null)
            {
                var plus = line.IndexOf(" +", StringComparison.Ordinal);
                if (plus < 0) continue;
                var end = line.IndexOf(' ', plus + 2);
                var range = end < 0 ? line[(plus + 2)..] : line[(plus + 2)..end];
                var comma = range.IndexOf(',');
                var count = 1;
                if (!int.TryParse(comma < 0 ? range : range[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                    || (comma >= 0 && !int.TryParse(range[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out count)))
                    continue; // not a hunk header after all
                for (var i = 0; i < count; i++) current.Add(start + i);
            }
        }
        return result;
    }

    /// <summary>Undoes git's C-style quoting of unusual path names ("b/caf\303\251.go").</summary>
    private static string Unquote(string name)
    {
        if (name.Length < 2 || name[0] != '"' || name[^1] != '"') return name;
        var bytes = new List<byte>();
        for (var i = 1; i < name.Length - 1; i++)
        {
            var c = name[i];
            if (c != '\\' || i + 1 >= name.Length - 1)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            var e = name[++i];
            if (e is >= '0' and <= '7' && i + 2 < name.Length - 1)
            {
                bytes.Add((byte)Convert.ToInt32(name.Substring(i, 3), 8));
                i += 2;
                continue;
            }
            bytes.Add(e switch { 'n' => (byte)'\n', 't' => (byte)'\t', 'r' => (byte)'\r', 'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11, _ => (byte)e });
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
