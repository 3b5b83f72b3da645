using LeakFinder.Semantics.Build;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Build;

/// <summary>The version a //go:build line implies, as go/build/constraint.GoVersion computes it.</summary>
public class FileGoVersionTests
{
    [Theory]
    [InlineData("//go:build go1.23", "go1.23")]
    [InlineData("//go:build go1.23 && linux", "go1.23")]
    [InlineData("//go:build linux && (go1.21 || go1.22)", "go1.21")]
    [InlineData("//go:build go1.20 && go1.22", "go1.22")]
    [InlineData("//go:build go1.22 || linux", null)]
    [InlineData("//go:build !go1.23", null)]
    [InlineData("//go:build linux", null)]
    public void TheBuildLineGivesTheFilesMinimumVersion(string line, string? want)
    {
        var src = $"{line}\n\npackage p\n";
        var parsed = Parser.ParseFile(new FileSet(), "p.go", System.Text.Encoding.UTF8.GetBytes(src), ParserMode.ParseComments);
        Assert.Equal(want, FileGoVersion.Of(parsed.File)?.ToString());
    }

    [Fact]
    public void AGoBuildCommentAfterThePackageClauseIsNoConstraint()
    {
        var parsed = Parser.ParseFile(new FileSet(), "p.go", "package p\n\n//go:build go1.23\nvar x int\n"u8.ToArray(), ParserMode.ParseComments);
        Assert.Null(FileGoVersion.Of(parsed.File));
    }
}
