using System.Text;

namespace LeakFinder.Check.Fixes;

/// <summary>
/// A unified diff of two texts by lines (as `diff -u` prints it, three lines of context), for `check --fix
/// --diff`. Lines are matched with Myers' O((N+M)D) algorithm, cheap here because fixes change a few lines.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    private enum Op { Keep, Delete, Insert }

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/> with ---/+++ headers naming
    /// the file; empty when the texts are equal.</summary>
    public static string Format(string oldName, string newName, string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var script = Script(a, b);
        if (script.TrueForAll(s => s == Op.Keep)) return "";
        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n');
        output.Append("+++ ").Append(newName).Append('\n');
        // Positions of every step in both texts, to cut the script into hunks.
        var steps = new List<(Op Op, int A, int B)>(script.Count);
        int ia = 0, ib = 0;
        foreach (var op in script)
        {
            steps.Add((op, ia, ib));
            if (op != Op.Insert) ia++;
            if (op != Op.Delete) ib++;
        }
        var i = 0;
        while (i < steps.Count)
        {
            if (steps[i].Op == Op.Keep)
            {
                i++;
                continue;
            }
            // A hunk: from Context kept lines before the change to Context after the last change that is not
            // followed by more than 2*Context kept lines.
            var start = Math.Max(0, i - Context);
            var end = i;
            var j = i;
            while (j < steps.Count)
            {
                if (steps[j].Op != Op.Keep)
                {
                    end = j;
                    j++;
                    continue;
                }
                var run = j;
                while (run < steps.Count && steps[run].Op == Op.Keep) run++;
                if (run < steps.Count && run - j <= 2 * Context)
                {
                    j = run;
                    continue;
                }
                break;
            }
            var stop = Math.Min(steps.Count, end + 1 + Context);
            WriteHunk(output, steps, start, stop, a, b);
            i = stop;
        }
        return output.ToString();
    }

    private static void WriteHunk(StringBuilder output, List<(Op Op, int A, int B)> steps, int start, int stop, List<string> a, List<string> b)
    {
        int countA = 0, countB = 0;
        for (var k = start; k < stop; k++)
        {
            if (steps[k].Op != Op.Insert) countA++;
            if (steps[k].Op != Op.Delete) countB++;
        }
        // An empty range names the line before it (diff -u's convention).
        var startA = countA == 0 ? steps[start].A : steps[start].A + 1;
        var startB = countB == 0 ? steps[start].B : steps[start].B + 1;
        output.Append($"@@ -{Range(startA, countA)} +{Range(startB, countB)} @@\n");
        for (var k = start; k < stop; k++)
        {
            var (op, ia, ib) = steps[k];
            var (prefix, line) = op switch
            {
                Op.Keep => (' ', a[ia]),
                Op.Delete => ('-', a[ia]),
                _ => ('+', b[ib]),
            };
            output.Append(prefix);
            if (line.EndsWith('\n')) output.Append(line);
            else output.Append(line).Append("\n\\ No newline at end of file\n");
        }
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";

    /// <summary>Lines with their terminators: a last line without one stays without one.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var at = 0;
        while (at < text.Length)
        {
            var nl = text.IndexOf('\n', at);
            var end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[at..end]);
            at = end;
        }
        return lines;
    }

    /// <summary>Myers' greedy shortest edit script, with the furthest-reaching x of every diagonal kept per
    /// round so the path can be traced back.</summary>
    private static List<Op> Script(List<string> a, List<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }
        // Walk back from (n, m): each round's snapshot holds the x values before that round ran.
        var ops = new List<Op>();
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var prev = trace[d];
            var k = cx - cy;
            if (d == 0)
            {
                while (cx > 0 && cy > 0)
                {
                    ops.Add(Op.Keep);
                    cx--;
                    cy--;
                }
                break;
            }
            var down = k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1]);
            var prevK = down ? k + 1 : k - 1;
            var prevX = prev[offset + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY && (down ? cx > prevX : cx - 1 > prevX))
            {
                ops.Add(Op.Keep);
                cx--;
                cy--;
            }
            if (down)
            {
                ops.Add(Op.Insert);
                cy--;
            }
            else
            {
                ops.Add(Op.Delete);
                cx--;
            }
        }
        ops.Reverse();
        return ops;
    }
}
