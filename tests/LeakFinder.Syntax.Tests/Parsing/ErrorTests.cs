using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>go/parser's error messages, positions, per-line de-duplication, error limit and partial ASTs.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("package p\nfunc f() {", "x.go:2:11: expected '}', found 'EOF'")]
    [InlineData("package p\nvar x = ", "x.go:2:9: expected operand, found 'EOF'")]
    [InlineData("package p\nfunc f() { x := }", "x.go:2:17: expected operand, found '}'")]
    [InlineData("package p\nfunc f() { if x {} else y }", "x.go:2:25: expected if statement or block, found y")]
    [InlineData("package p\nimport \"a b\"", "x.go:2:8: invalid import path: \"a b\"")]
    [InlineData("package p\nfunc f() { go f }", "x.go:2:16: function must be invoked in go statement")]
    [InlineData("package p\nfunc f() { a, b }", "x.go:2:12: expected 1 expression")]
    [InlineData("package p\nfunc f() { for a, b, c := range x {} }", "x.go:2:22: expected at most 2 expressions")]
    [InlineData("package p\ntype I interface{ m[P any]() }", "x.go:2:20: interface method must have no type parameters")]
    [InlineData("package p\nvar x = f(1,\n2\n)", "x.go:3:2: missing ',' before newline in argument list")]
    [InlineData("package p\nfunc f[]() {}", "x.go:2:8: empty type parameter list")]
    [InlineData("package p\nfunc f() {\n\tif x := 1 {\n\t}\n}", "x.go:3:5: expected boolean expression, found assignment (missing parentheses around composite literal?)")]
    [InlineData("package p\nvar s = \"abc", "x.go:2:9: string literal not terminated")]
    [InlineData("package p\nvar c = 'ab'", "x.go:2:9: illegal rune literal")]
    [InlineData("package p\nvar x = 0x", "x.go:2:11: hexadecimal literal has no digits")]
    [InlineData("package p\nvar x = 1 @ 2", "x.go:2:11: illegal character U+0040 '@'")]
    public void FirstError_HasGoParsersMessageAndPosition(string src, string want)
    {
        var r = Parse(src);
        Assert.NotEmpty(r.Errors);
        Assert.Equal(want, r.Errors[0].ToString());
    }

    [Fact]
    public void MissingPackageClause_GivesAnEmptyFile_AsGoParserDoes()
    {
        var r = Parse("func f() {}\n");
        Assert.Equal("x.go:1:1: expected 'package', found 'func'", Assert.Single(r.Errors).ToString());
        Assert.Equal("", r.File.Name.Name);
        Assert.Empty(r.File.Decls);
    }

    [Fact]
    public void ErrorRecovery_KeepsParsingAfterABadStatement_WithBadNodesInThePartialTree()
    {
        // (expectations taken from go/parser 1.19 on the same source)
        var r = Parse("package p\nfunc f() {\n\tx := 1 +\n\tvar y int\n\treturn\n}\nfunc g() {}\n");
        Assert.Equal("x.go:4:2: expected operand, found 'var'", Assert.Single(r.Errors).ToString());
        Assert.Equal(2, r.File.Decls.Count);
        Assert.Single(All<BadExpr>(r.File));
        Assert.Single(All<DeclStmt>(r.File)); // the var declaration after the bad expression is still parsed
        Assert.Equal("g", ((FuncDecl)r.File.Decls[1]).Name.Name);
    }

    [Fact]
    public void OnlyTheFirstErrorPerLineIsKept_AndParsingStopsAfterTenErrors()
    {
        var lines = string.Concat(Enumerable.Range(0, 30).Select(i => $"var x{i} = )\n"));
        var r = Parse("package p\n" + lines);
        Assert.Equal(11, r.Errors.Count); // go/parser bails out once more than 10 are recorded
        Assert.Equal(r.Errors.Count, r.Errors.Select(e => e.Pos.Line).Distinct().Count());
        Assert.Equal("", r.File.Name.Name); // a bailed-out parse returns an empty file, as go/parser's does

        var all = Parse("package p\n" + lines, ParserMode.ParseComments | ParserMode.AllErrors);
        Assert.True(all.Errors.Count >= 30);
        Assert.Equal(31, all.File.Decls.Count + 1);
    }

    [Fact]
    public void Errors_AreSortedByPosition_AndPrintAsFileLineColMessage()
    {
        var r = Parse("package p\nvar a = )\nvar b = 'xy'\n", ParserMode.AllErrors, "dir/f.go");
        var printed = r.Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(printed.OrderBy(p => int.Parse(p.Split(':')[1])), printed);
        Assert.All(printed, p => Assert.Matches(@"^dir/f\.go:\d+:\d+: .+$", p));
    }

    // Expectations from go/parser 1.19, whose object resolution allows at most 1000 nested scopes.
    [Fact]
    public void MoreThanAThousandNestedScopes_GiveGoParsersResolverError_AndAnEmptyFile()
    {
        var blocks = Parse("package p\nfunc f() {\n" + new string('{', 1001) + new string('}', 1001) + "\n}\n");
        Assert.Equal("x.go:3:999: exceeded max scope depth during object resolution", Assert.Single(blocks.Errors).ToString());
        Assert.Empty(blocks.File.Decls);

        // the scopes of generic type specs stay open until the end of their group
        var generics = Parse("package p\ntype (\n" + string.Concat(Enumerable.Repeat("A[T any] int\n", 1000)) + ")\n");
        Assert.Equal("x.go:1002:1: exceeded max scope depth during object resolution", Assert.Single(generics.Errors).ToString());
        Assert.Empty(Parse("package p\ntype (\n" + string.Concat(Enumerable.Repeat("A[T any] int\n", 998)) + ")\n").Errors);
    }

    [Fact]
    public void LineDirectives_AdjustErrorPositions()
    {
        // without a column in the directive, go/token reports no column either
        var r = Parse("package p\n//line other.go:100\nvar x = )\n");
        Assert.Equal("other.go:100: expected operand, found ')'", r.Errors[0].ToString());
        r = Parse("package p\n//line other.go:100:1\nvar x = )\n");
        Assert.Equal("other.go:100:9: expected operand, found ')'", r.Errors[0].ToString());
    }
}
