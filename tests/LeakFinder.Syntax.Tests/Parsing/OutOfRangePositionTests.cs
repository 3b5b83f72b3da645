using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>
/// A comment or literal holding invalid UTF-8 decodes each bad byte to U+FFFD (three bytes), so its End()
/// lies past its bytes, even past the end of the file: `package l)//\xff` made `check` throw
/// ArgumentOutOfRangeException while placing suppression comments (issue #14). Positions outside the file are
/// clamped to it, as go/token does since Go 1.21.
/// </summary>
public class OutOfRangePositionTests
{
    [Fact]
    public void The_end_of_a_comment_with_invalid_UTF8_at_the_end_of_the_file_resolves_to_the_files_end()
    {
        byte[] src = [.. "package l)//"u8, 0xff];
        var result = Parser.ParseFile(new FileSet(), "a.go", src, ParserMode.ParseComments);
        var comment = result.File.Comments.Single().List.Single();
        Assert.True(comment.End().Value > result.TokenFile.Base + src.Length, "the decoded text is longer than its bytes");
        var end = result.TokenFile.Position(comment.End());
        Assert.Equal((1, src.Length + 1), (end.Line, end.Column));
        Assert.Equal(src.Length, result.TokenFile.Offset(comment.End()));
    }

    [Fact]
    public void Offsets_outside_the_file_clamp_to_its_bounds()
    {
        var result = Parser.ParseFile(new FileSet(), "a.go", "package p\n"u8.ToArray(), ParserMode.ParseComments);
        var file = result.TokenFile;
        Assert.Equal(file.Size, file.Offset(file.Pos(file.Size + 100)));
        Assert.Equal(0, file.Offset(new Pos(file.Base - 1)));
    }
}
