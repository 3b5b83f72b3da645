using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>Doc and line comments are attached as go/parser attaches them; File.Comments holds every group.</summary>
public sealed class CommentTests
{
    private const string Source = """
        // Package p is documented.
        package p

        // Detached: a blank line separates it from the declaration.

        // F is documented.
        func F() {} // line comment of nothing: FuncDecl has no Comment field

        // Group doc.
        var (
        	// A doc.
        	A = 1 // A line.
        	B = 2
        	/* C doc */ C = 3
        )

        type S struct {
        	// X doc.
        	X int // X line.
        	Y int /* Y line */ // still Y's line group
        }
        """;

    [Fact]
    public void DocCommentsAttachToPackageFuncsGroupsSpecsAndFields()
    {
        var f = ParseOk(Source);
        Assert.Equal("Package p is documented.\n", f.Doc!.Text());
        var fn = (FuncDecl)f.Decls[0];
        Assert.Equal("F is documented.\n", fn.Doc!.Text());
        var group = (GenDecl)f.Decls[1];
        Assert.Equal("Group doc.\n", group.Doc!.Text());
        var specs = group.Specs.Cast<ValueSpec>().ToArray();
        Assert.Equal("A doc.\n", specs[0].Doc!.Text());
        Assert.Equal("A line.\n", specs[0].Comment!.Text());
        Assert.Null(specs[1].Doc);
        Assert.Null(specs[1].Comment);
        Assert.Null(specs[2].Doc); // a comment on the same line as the spec is not a lead comment
        var fields = First<StructType>(f).Fields.List;
        Assert.Equal("X doc.\n", fields[0].Doc!.Text());
        Assert.Equal("X line.\n", fields[0].Comment!.Text());
        Assert.Equal(2, fields[1].Comment!.List.Count);
    }

    [Fact]
    public void FileCommentsHoldEveryGroupInSourceOrder()
    {
        var r = Parse(Source);
        var texts = r.File.Comments.Select(g => g.List[0].Text).ToArray();
        Assert.Equal(
        [
            "// Package p is documented.", "// Detached: a blank line separates it from the declaration.",
            "// F is documented.", "// line comment of nothing: FuncDecl has no Comment field", "// Group doc.",
            "// A doc.", "// A line.", "/* C doc */", "// X doc.", "// X line.", "/* Y line */",
        ], texts);
        Assert.Equal("1:1", At(r, r.File.Comments[0].Pos()));
    }

    [Fact]
    public void WithoutParseCommentsNoCommentsAreKept()
    {
        var r = Parse(Source, ParserMode.None);
        Assert.Empty(r.Errors);
        Assert.Empty(r.File.Comments);
        Assert.Null(r.File.Doc);
    }

    [Fact]
    public void CommentGroupTextDropsMarkersDirectivesAndBlankEdges()
    {
        var f = ParseOk("package p\n\n//go:noinline\n// Hello\n//\n//  world\n/* block\n   text */\nfunc F() {}\n");
        Assert.Equal("Hello\n\n world\n block\n   text\n", ((FuncDecl)f.Decls[0]).Doc!.Text());
    }
}
