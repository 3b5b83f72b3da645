using LeakFinder.Syntax.Ast;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>
/// Syntax the Go spec gained up to go1.27 (third_party/goapi's go_spec.html, "Language versions"): method type
/// parameters (Go 1.27, kept in the AST as the newest go/parser keeps them; the type checker judges the
/// language version), struct literal keys that are field selectors (Go 1.27) and new of a value (Go 1.26).
/// Interface methods still cannot have type parameters.
/// </summary>
public sealed class NewestGoSyntaxTests
{
    [Fact]
    public void MethodTypeParametersAreKeptOnTheMethodsFuncType()
    {
        var file = ParseOk("package p\n\nfunc (l *List[T]) Map[U any, V ~int | ~string](f func(T) U, v V) *List[U] { return nil }\n");
        var decl = Assert.IsType<FuncDecl>(Assert.Single(file.Decls));
        Assert.NotNull(decl.Recv);
        Assert.Equal("Map", decl.Name.Name);
        var tparams = decl.Type.TypeParams;
        Assert.NotNull(tparams);
        Assert.Equal(["U", "V"], tparams!.List.SelectMany(f => f.Names).Select(n => n.Name));
        Assert.IsType<BinaryExpr>(tparams.List[1].Type); // the constraint ~int | ~string
        Assert.Equal(2, decl.Type.Params.List.Count);
    }

    [Fact]
    public void AGenericMethodCallWithExplicitTypeArgumentsIsAnIndexedSelector()
    {
        var file = ParseOk("package p\n\nvar x = l.Map[int, string](f)\nvar y = l.Map[int](f)\n");
        var calls = All<CallExpr>(file);
        var list = Assert.IsType<IndexListExpr>(calls[0].Fun);
        Assert.Equal("Map", Assert.IsType<SelectorExpr>(list.X).Sel.Name);
        Assert.Equal(2, list.Indices.Count);
        Assert.Equal("Map", Assert.IsType<SelectorExpr>(Assert.IsType<IndexExpr>(calls[1].Fun).X).Sel.Name);
    }

    [Fact]
    public void StructLiteralKeysMayBeFieldSelectors()
    {
        var file = ParseOk("package p\n\nvar s = S{Inner.X: 1, Inner.Deep.Y: 2, Z: 3}\n");
        var keys = All<KeyValueExpr>(file).Select(kv => kv.Key).ToList();
        Assert.Equal(3, keys.Count);
        var deep = Assert.IsType<SelectorExpr>(keys[1]);
        Assert.Equal("Y", deep.Sel.Name);
        Assert.IsType<SelectorExpr>(deep.X);
        Assert.IsType<Ident>(keys[2]);
    }

    [Fact]
    public void NewTakesAnExpression()
    {
        var file = ParseOk("package p\n\nvar a = new(42)\nvar b = new(f(x) + 1)\nvar c = new([]int)\n");
        var news = All<CallExpr>(file).Where(c => c.Fun is Ident { Name: "new" }).ToList();
        Assert.Equal(3, news.Count);
        Assert.IsType<BasicLit>(news[0].Args[0]);
        Assert.IsType<BinaryExpr>(news[1].Args[0]);
        Assert.IsType<ArrayType>(news[2].Args[0]);
    }

    [Fact]
    public void InterfaceMethodsStillCannotHaveTypeParameters()
    {
        var r = Parse("package p\n\ntype I interface {\n\tM[P any](P)\n}\n");
        Assert.Equal("x.go:4:3: interface method must have no type parameters", r.Errors[0].ToString());
    }
}
