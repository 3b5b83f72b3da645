using LeakFinder.Check.Fixes;

namespace LeakFinder.Analysis.Tests.Fixes;

public class UnifiedDiffTests
{
    [Fact]
    public void AnInsertionIsOneHunkWithThreeLinesOfContextEachSide()
    {
        var before = string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n"));
        var after = before.Replace("line 5\n", "line 5\ninserted\n");
        Assert.Equal("""
            --- a/x.go
            +++ b/x.go
            @@ -3,6 +3,7 @@
             line 3
             line 4
             line 5
            +inserted
             line 6
             line 7
             line 8

            """.Replace("\r", ""), UnifiedDiff.Format("a/x.go", "b/x.go", before, after));
    }

    [Fact]
    public void EqualTextsHaveNoDiff() => Assert.Equal("", UnifiedDiff.Format("a", "b", "x\ny\n", "x\ny\n"));

    [Fact]
    public void ChangesFarApartAreSeparateHunksAndAMissingFinalNewlineIsMarked()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"n{i}\n")) + "end";
        var after = before.Replace("n2\n", "two\n").Replace("end", "END");
        var diff = UnifiedDiff.Format("a", "b", before, after);
        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -1,5 +1,5 @@\n n1\n-n2\n+two\n n3\n", diff);
        Assert.EndsWith("-end\n\\ No newline at end of file\n+END\n\\ No newline at end of file\n", diff);
    }

    /// <summary>Rebuilds the new text from the old one and the diff, as patch would: the diff says exactly the change.</summary>
    private static string Patch(string before, string diff)
    {
        var old = Lines(before);
        var result = new List<string>();
        var at = 0;
        var lines = diff.Split('\n');
        for (var i = 2; i < lines.Length; i++)
        {
            var l = lines[i];
            if (l.StartsWith("@@", StringComparison.Ordinal))
            {
                var start = int.Parse(l.Split(' ')[1].TrimStart('-').Split(',')[0]);
                var count = l.Split(' ')[1].Contains(',') ? int.Parse(l.Split(' ')[1].Split(',')[1]) : 1;
                var to = count == 0 ? start : start - 1;
                while (at < to) result.Add(old[at++]);
                continue;
            }
            if (l.Length == 0 || l[0] == '\\') continue;
            var noNewline = i + 1 < lines.Length && lines[i + 1].StartsWith('\\');
            var text = l[1..] + (noNewline ? "" : "\n");
            if (l[0] == ' ') { Assert.Equal(old[at], text); result.Add(old[at++]); }
            else if (l[0] == '-') { Assert.Equal(old[at], text); at++; }
            else if (l[0] == '+') result.Add(text);
        }
        while (at < old.Count) result.Add(old[at++]);
        return string.Concat(result);
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        for (var at = 0; at < text.Length;)
        {
            var nl = text.IndexOf('\n', at);
            var end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[at..end]);
            at = end;
        }
        return lines;
    }

    [Fact]
    public void RandomEditsAreReproducedExactlyByApplyingTheDiff()
    {
        var rng = new Random(1206);
        for (var round = 0; round < 300; round++)
        {
            var before = Enumerable.Range(0, rng.Next(0, 40)).Select(_ => $"l{rng.Next(6)}\n").ToList();
            var after = new List<string>(before);
            for (var e = rng.Next(1, 6); e > 0; e--)
            {
                var at = rng.Next(after.Count + 1);
                switch (rng.Next(3))
                {
                    case 0: after.Insert(at, $"new{rng.Next(3)}\n"); break;
                    case 1 when at < after.Count: after.RemoveAt(at); break;
                    case 2 when at < after.Count: after[at] = $"changed{rng.Next(3)}\n"; break;
                }
            }
            var (b, a) = (string.Concat(before), string.Concat(after));
            var diff = UnifiedDiff.Format("a", "b", b, a);
            Assert.Equal(a, b == a ? b : Patch(b, diff));
            Assert.Equal(b == a, diff.Length == 0);
        }
    }
}
