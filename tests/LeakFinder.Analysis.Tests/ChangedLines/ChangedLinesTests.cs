using System.Diagnostics;
using LeakFinder.Check.ChangedLines;

namespace LeakFinder.Analysis.Tests.ChangedLines;

/// <summary>--new-from-rev against a real git repository the test creates in a temporary directory.</summary>
public sealed class ChangedLinesTests : IDisposable
{
    private static readonly RuleDescriptor Body = new("LF1002", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lf-newfromrev-");
    private string Repo => _dir.FullName;

    public void Dispose() => _dir.Delete(recursive: true);

    private string P(string rel) => Path.Combine(Repo, rel);

    private static string Lines(int from, int to, string tag) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i} {tag}\n"));

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=LeakFinder Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {err.Result}");
    }

    /// <summary>
    /// One commit of a.go (10 lines), b.go and old.go; then in the working tree: a.go line 3 changed, two lines
    /// inserted after line 6, line 9 deleted; b.go line 2 changed and staged; old.go deleted; c.go untracked;
    /// ignored.go ignored.
    /// </summary>
    private void CreateRepository()
    {
        Directory.CreateDirectory(P("sub"));
        File.WriteAllText(P("a.go"), Lines(1, 10, "a"));
        File.WriteAllText(P("sub/b.go"), Lines(1, 3, "b"));
        File.WriteAllText(P("old.go"), Lines(1, 2, "old"));
        File.WriteAllText(P(".gitignore"), "ignored.go\n");
        Git("init", "-q");
        Git("add", ".");
        Git("commit", "-q", "-m", "base");

        var a = File.ReadAllLines(P("a.go")).ToList();
        a[2] = "line 3 changed";
        a.RemoveAt(8);                                  // old line 9
        a.InsertRange(6, ["inserted 1", "inserted 2"]); // after old line 6: new lines 7 and 8
        File.WriteAllText(P("a.go"), string.Join("\n", a) + "\n");
        File.WriteAllText(P("sub/b.go"), "line 1 b\nline 2 staged\nline 3 b\n");
        Git("add", "sub/b.go");
        File.Delete(P("old.go"));
        File.WriteAllText(P("c.go"), Lines(1, 4, "c"));
        File.WriteAllText(P("ignored.go"), Lines(1, 4, "ignored"));
    }

    private static Diagnostic At(string file, int line, int endLine) => new(Body, Severity.Error, "m", new SourceSpan(file, line, 1, endLine, 2), []);

    [Fact]
    public void ChangedAddedStagedAndUntrackedLinesAreFound()
    {
        CreateRepository();
        var set = ChangedLineSet.Compute(Repo, "HEAD");
        var changedInA = Enumerable.Range(1, 12).Where(l => set.Contains(P("a.go"), l));
        Assert.Equal([3, 7, 8], changedInA);
        Assert.Equal([2], Enumerable.Range(1, 3).Where(l => set.Contains(P("sub/b.go"), l)));
        Assert.True(set.Contains(P("c.go"), 1));
        Assert.True(set.Contains(P("c.go"), 4));
        Assert.False(set.Contains(P("ignored.go"), 1));
        Assert.False(set.Contains(P("old.go"), 1));
        Assert.Equal([P("a.go"), P("c.go"), P("sub/b.go")], set.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FindingsAreKeptOnlyWhenTheirSpanTouchesAChangedLine()
    {
        CreateRepository();
        var set = ChangedLineSet.Compute(Path.Combine(Repo, "sub"), "HEAD"); // from a subdirectory: same repository
        var findings = new[]
        {
            At(P("a.go"), 1, 1),   // unchanged
            At(P("a.go"), 3, 3),   // changed
            At(P("a.go"), 4, 6),   // unchanged lines only
            At(P("a.go"), 5, 7),   // reaches an inserted line
            At(P("a.go"), 9, 10),  // after the deletion: unchanged text
            At(P("c.go"), 2, 2),   // untracked file
            At(P("ignored.go"), 1, 1),
        };
        var kept = set.Filter(findings);
        Assert.Equal([findings[1], findings[3], findings[5]], kept);
    }

    [Fact]
    public void AnOlderRevisionIncludesLaterCommits()
    {
        CreateRepository();
        Git("add", "-A");
        Git("commit", "-q", "-m", "second");
        var set = ChangedLineSet.Compute(Repo, "HEAD~1");
        Assert.True(set.Contains(P("c.go"), 3)); // committed since HEAD~1, no longer untracked
        Assert.True(set.Contains(P("a.go"), 7));
        Assert.False(set.Contains(P("a.go"), 1));
        Assert.Empty(ChangedLineSet.Compute(Repo, "HEAD").Files); // everything committed; ignored.go stays ignored
    }

    [Fact]
    public void UnknownRevisionAndNonRepositoryAreClearErrors()
    {
        CreateRepository();
        var e = Assert.Throws<ChangedLinesException>(() => ChangedLineSet.Compute(Repo, "no-such-branch"));
        Assert.Equal($"--new-from-rev: unknown revision \"no-such-branch\" in {Repo}", e.Message);

        var outside = Directory.CreateTempSubdirectory("lf-norepo-");
        try
        {
            var e2 = Assert.Throws<ChangedLinesException>(() => ChangedLineSet.Compute(outside.FullName, "HEAD"));
            Assert.Contains("not a git repository", e2.Message);
        }
        finally
        {
            outside.Delete();
        }
    }

    [Fact]
    public void DiffParserHandlesQuotedNamesDeletionsAndPlusLines()
    {
        const string diff = """
            diff --git "a/caf\303\251.go" "b/caf\303\251.go"
            --- "a/caf\303\251.go"
            +++ "b/caf\303\251.go"
            @@ -2 +2 @@ x
            -old
            +++ new text that starts with two plus signs
            @@ -10,0 +11,2 @@
            +a
            +b
            @@ -20,3 +22,0 @@
            -gone
            diff --git a/gone.go b/gone.go
            deleted file mode 100644
            --- a/gone.go
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -x
            -y
            """;
        var lines = UnifiedDiff.AddedLines(new StringReader(diff), "/r");
        var only = Assert.Single(lines);
        Assert.Equal("/r/café.go", only.Key);
        Assert.Equal([2, 11, 12], only.Value.Order());
    }
}
