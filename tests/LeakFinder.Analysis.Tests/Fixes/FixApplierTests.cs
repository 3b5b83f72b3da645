using System.Text;
using LeakFinder.Check;
using LeakFinder.Check.Baseline;
using LeakFinder.Check.Fixes;

namespace LeakFinder.Analysis.Tests.Fixes;

public sealed class FixApplierTests : IDisposable
{
    private static readonly RuleDescriptor Rule = new("LF2001", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lf-fix-");
    private string Src => Path.Combine(_dir.FullName, "main.go");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Original = "package main\n\nfunc f() {\n\ta := 1\n\tb := 2\n\t_ = a + b\n}\n";

    private static SourceSpan At(string file, int line, int col, int endLine, int endCol) => new(file, line, col, endLine, endCol);

    private Diagnostic Finding(int line, params TextEdit[] edits) =>
        new(Rule, Severity.Error, $"finding at {line}", At(Src, line, 2, line, 3), [], new SuggestedFix($"fix {line}", edits));

    private TextEdit InsertBefore(int line, string text) => new(At(Src, line, 1, line, 1), text);

    private FixPlan Plan(params Diagnostic[] findings)
    {
        File.WriteAllText(Src, Original);
        return FixApplier.Plan(findings, new SourceFiles(_dir.FullName));
    }

    private static string After(FixPlan plan) => Encoding.UTF8.GetString(Assert.Single(plan.Files).After);

    [Fact]
    public void InsertionsAndReplacementsApplyInSourceOrderWhateverTheFindingOrder()
    {
        var plan = Plan(
            Finding(5, InsertBefore(6, "\tdefer b()\n")),
            Finding(4, InsertBefore(5, "\tdefer a()\n"), new TextEdit(At(Src, 4, 2, 4, 3), "x")));
        Assert.Empty(plan.Skipped);
        Assert.Equal("package main\n\nfunc f() {\n\tx := 1\n\tdefer a()\n\tb := 2\n\tdefer b()\n\t_ = a + b\n}\n", After(plan));
        Assert.Equal(2, plan.Fixed.Count());
    }

    [Fact]
    public void AnOverlappingFixIsSkippedWholeAndNamesTheFixItCollidesWith()
    {
        var first = Finding(4, new TextEdit(At(Src, 4, 2, 4, 8), "y := 3"));
        var second = Finding(5, InsertBefore(6, "\tkept()\n"), new TextEdit(At(Src, 4, 6, 4, 7), "9"));
        var plan = Plan(first, second);
        var skipped = Assert.Single(plan.Skipped);
        Assert.Same(second, skipped.Finding);
        Assert.Equal("it overlaps the fix of LF2001 at line 4", skipped.Reason);
        // Taken whole or not at all: the second fix's harmless insertion is not applied either.
        Assert.Equal("package main\n\nfunc f() {\n\ty := 3\n\tb := 2\n\t_ = a + b\n}\n", After(plan));
    }

    [Fact]
    public void DifferentInsertionsAtOnePlaceConflictButTheSameOneIsAppliedOnce()
    {
        var plan = Plan(Finding(4, InsertBefore(5, "\tone()\n")), Finding(5, InsertBefore(5, "\ttwo()\n")), Finding(6, InsertBefore(5, "\tone()\n")));
        Assert.Equal([5], plan.Skipped.Select(s => s.Finding.Span.Line));
        Assert.Equal(2, plan.Fixed.Count());
        Assert.Equal("package main\n\nfunc f() {\n\ta := 1\n\tone()\n\tb := 2\n\t_ = a + b\n}\n", After(plan));
    }

    [Fact]
    public void AnEditOutsideTheFileIsSkippedNotApplied()
    {
        var plan = Plan(Finding(4, InsertBefore(40, "\tlost()\n")), Finding(5, new TextEdit(At(Src, 4, 30, 4, 31), "x")));
        Assert.Empty(plan.Files);
        Assert.All(plan.Skipped, s => Assert.Contains("does not fit the file", s.Reason));
    }

    [Fact]
    public void FindingsLeftAfterFixingPointAtTheirMovedLinesAndColumns()
    {
        var fixedOne = Finding(4, InsertBefore(5, "\tdefer a()\n"), new TextEdit(At(Src, 6, 2, 6, 3), "long_name"));
        var left = new Diagnostic(Rule, Severity.Error, "left", At(Src, 6, 6, 6, 11), [new RelatedLocation(At(Src, 3, 1, 3, 5), "unmoved")]);
        var plan = Plan(fixedOne, left);
        var result = new CheckResult([fixedOne, left], [], new CheckStats(1, 1, 2, 0, TimeSpan.Zero), [Rule]);
        var after = FixApplier.WithoutFixed(result, plan);
        var moved = Assert.Single(after.Findings);
        // One line inserted above; "_" became "long_name" (8 bytes longer) before the finding on its line.
        Assert.Equal((7, 14, 7, 19), (moved.Span.Line, moved.Span.Column, moved.Span.EndLine, moved.Span.EndColumn));
        Assert.Equal(3, moved.Related[0].Span.Line);
        var fixedText = After(plan).Split('\n');
        Assert.Equal("a + b", fixedText[6][13..18]);
    }

    [Fact]
    public void InsertedLinesEndAsTheFilesLinesDo()
    {
        File.WriteAllText(Src, Original.Replace("\n", "\r\n"));
        var plan = FixApplier.Plan([Finding(4, InsertBefore(5, "\tdefer a()\n"))], new SourceFiles(_dir.FullName));
        Assert.Equal("package main\r\n\r\nfunc f() {\r\n\ta := 1\r\n\tdefer a()\r\n\tb := 2\r\n\t_ = a + b\r\n}\r\n", After(plan));
    }

    [Fact]
    public void WriteChangesOnlyTheFixedFiles()
    {
        var other = Path.Combine(_dir.FullName, "other.go");
        File.WriteAllText(other, Original);
        var plan = Plan(Finding(4, InsertBefore(5, "\tdefer a()\n")));
        var untouched = File.GetLastWriteTimeUtc(other);
        FixApplier.Write(plan, new SourceFiles(_dir.FullName));
        Assert.Equal(After(plan), File.ReadAllText(Src));
        Assert.Equal(Original, File.ReadAllText(other));
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(other));
    }
}
