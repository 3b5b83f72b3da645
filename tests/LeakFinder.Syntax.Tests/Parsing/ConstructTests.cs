using LeakFinder.Syntax.Ast;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>Each language construct parses to the go/ast node shape go/parser builds for it.</summary>
public sealed class ConstructTests
{
    [Fact]
    public void TypeParametersWithUnionAndTildeConstraints()
    {
        var f = ParseOk("package p\nfunc Sum[K comparable, V ~int | ~float64](m map[K]V) V { return 0 }\n");
        var fn = (FuncDecl)f.Decls[0];
        var tparams = fn.Type.TypeParams!;
        Assert.Equal(2, tparams.List.Count);
        Assert.Equal("K", tparams.List[0].Names[0].Name);
        var union = Assert.IsType<BinaryExpr>(tparams.List[1].Type);
        Assert.Equal(Token.Or, union.Op);
        Assert.Equal(Token.Tilde, Assert.IsType<UnaryExpr>(union.X).Op);
        Assert.Equal(Token.Tilde, Assert.IsType<UnaryExpr>(union.Y).Op);
    }

    [Fact]
    public void InstantiationWithOneTypeArgumentIsIndexExprWithSeveralIndexListExpr()
    {
        var f = ParseOk("package p\nvar a = F[int]\nvar b = G[int, string](1)\n");
        Assert.IsType<IndexExpr>(((ValueSpec)((GenDecl)f.Decls[0]).Specs[0]).Values[0]);
        var call = Assert.IsType<CallExpr>(((ValueSpec)((GenDecl)f.Decls[1]).Specs[0]).Values[0]);
        var list = Assert.IsType<IndexListExpr>(call.Fun);
        Assert.Equal(2, list.Indices.Count);
    }

    [Fact]
    public void GenericTypeAliasHasTypeParamsAndAssign()
    {
        var r = Parse("package p\ntype A[T any] = []T\n");
        Assert.Empty(r.Errors);
        var spec = (TypeSpec)((GenDecl)r.File.Decls[0]).Specs[0];
        Assert.NotNull(spec.TypeParams);
        Assert.Equal("2:15", At(r, spec.Assign));
        Assert.IsType<ArrayType>(spec.Type);
    }

    [Fact]
    public void ArrayTypeDeclarationIsNotMistakenForTypeParameters()
    {
        // (as in go/parser, B[P *C] alone would be an array type; the trailing comma makes it a parameter list)
        var f = ParseOk("package p\nconst N = 4\ntype A [N]int\ntype B[P *C,] struct{}\ntype D[P *C] struct{}\n");
        var a = (TypeSpec)((GenDecl)f.Decls[1]).Specs[0];
        Assert.Null(a.TypeParams);
        Assert.IsType<ArrayType>(a.Type);
        var b = (TypeSpec)((GenDecl)f.Decls[2]).Specs[0];
        Assert.IsType<StarExpr>(b.TypeParams!.List[0].Type);
        var d = (TypeSpec)((GenDecl)f.Decls[3]).Specs[0];
        Assert.Null(d.TypeParams);
        Assert.IsType<BinaryExpr>(Assert.IsType<ArrayType>(d.Type).Len);
    }

    [Fact]
    public void StatementsGoDeferSelectSendRangeLabelsAndTypeSwitch()
    {
        var f = ParseOk("""
            package p
            func f(c chan int, x any) {
            L:
            	for i, v := range []int{1} {
            		go g(i)
            		defer h(v)
            		select {
            		case c <- 1:
            		case y, ok := <-c:
            			_, _ = y, ok
            		default:
            			break L
            		}
            	}
            	for range c {
            	}
            	switch t := x.(type) {
            	case int, string:
            		_ = t
            	}
            }
            """);
        Assert.Single(All<LabeledStmt>(f));
        var range = All<RangeStmt>(f);
        Assert.Equal(Token.Define, range[0].Tok);
        Assert.Null(range[1].Key);
        Assert.Equal(Token.Illegal, range[1].Tok);
        Assert.Single(All<GoStmt>(f));
        Assert.Single(All<DeferStmt>(f));
        var comms = All<CommClause>(f);
        Assert.IsType<SendStmt>(comms[0].Comm);
        Assert.IsType<AssignStmt>(comms[1].Comm);
        Assert.Null(comms[2].Comm);
        Assert.Equal(2, First<TypeSwitchStmt>(f).Body.List.Cast<CaseClause>().First().List.Count);
        Assert.Equal("L", First<BranchStmt>(f).Label!.Name);
    }

    [Fact]
    public void ReceiveOnlyChannelOfReceiveOnlyChannelReassociatesTheArrows()
    {
        var r = Parse("package p\nvar c <-chan <-chan int\n");
        Assert.Empty(r.Errors);
        var outer = (ChanType)((ValueSpec)((GenDecl)r.File.Decls[0]).Specs[0]).Type!;
        Assert.Equal(ChanDir.Recv, outer.Dir);
        Assert.Equal("2:7", At(r, outer.Begin));
        var inner = Assert.IsType<ChanType>(outer.Value);
        Assert.Equal(ChanDir.Recv, inner.Dir);
        Assert.Equal("2:14", At(r, inner.Arrow));
    }

    [Fact]
    public void ChannelTypesInExpressionsAreReassociatedLikeGoParser()
    {
        var r = Parse("package p\nvar c = make(<-chan chan<- int)\n");
        Assert.Empty(r.Errors);
        var arg = (ChanType)((CallExpr)((ValueSpec)((GenDecl)r.File.Decls[0]).Specs[0]).Values[0]).Args[0];
        Assert.Equal(ChanDir.Recv, arg.Dir);
        Assert.Equal(ChanDir.Send, ((ChanType)arg.Value).Dir);
    }

    [Fact]
    public void ThreeIndexSliceCompositeLiteralsAndFuncLiterals()
    {
        var f = ParseOk("package p\nvar s = a[1:2:3]\nvar m = map[string][]int{\"a\": {1, 2}}\nvar g = func() int { return 1 }\n");
        Assert.True(First<SliceExpr>(f).Slice3);
        var lit = First<CompositeLit>(f);
        Assert.IsType<MapType>(lit.Type);
        var kv = Assert.IsType<KeyValueExpr>(lit.Elts[0]);
        Assert.Null(Assert.IsType<CompositeLit>(kv.Value).Type);
        Assert.Single(All<FuncLit>(f));
    }

    [Fact]
    public void StructsAndInterfacesWithEmbeddedTagsMethodsAndTypeSets()
    {
        var f = ParseOk("package p\ntype S struct {\n\tio.Reader\n\t*T\n\ta, b int `json:\"a\"`\n\tG[int]\n}\ntype I interface {\n\tM(x int) error\n\t~int | string\n\tfmt.Stringer\n}\n");
        var fields = First<StructType>(f).Fields.List;
        Assert.IsType<SelectorExpr>(fields[0].Type);
        Assert.Empty(fields[0].Names);
        Assert.IsType<StarExpr>(fields[1].Type);
        Assert.Equal("`json:\"a\"`", fields[2].Tag!.Value);
        Assert.IsType<IndexExpr>(fields[3].Type);
        var methods = First<InterfaceType>(f).Methods.List;
        Assert.Equal("M", methods[0].Names[0].Name);
        Assert.False(((FuncType)methods[0].Type!).Func.IsValid);
        Assert.IsType<BinaryExpr>(methods[1].Type);
        Assert.IsType<SelectorExpr>(methods[2].Type);
    }

    [Fact]
    public void ImportsAreCollectedInFileImports()
    {
        var f = ParseOk("package p\nimport (\n\t\"fmt\"\n\tx \"os\"\n\t. \"strings\"\n)\nimport _ \"embed\"\n");
        Assert.Equal(["\"fmt\"", "\"os\"", "\"strings\"", "\"embed\""], f.Imports.Select(i => i.Path.Value));
        Assert.Equal([null, "x", ".", "_"], f.Imports.Select(i => i.Name?.Name));
    }

    [Fact]
    public void PosAndEndFollowGoAstDefinitions()
    {
        var r = Parse("package p\nfunc f() {\n\tx++\n\treturn\n}\n");
        var inc = First<IncDecStmt>(r.File);
        Assert.Equal(("3:2", "3:5"), (At(r, inc.Pos()), At(r, inc.End())));
        var ret = First<ReturnStmt>(r.File);
        Assert.Equal("4:8", At(r, ret.End()));
        var body = First<BlockStmt>(r.File);
        Assert.Equal(("2:10", "5:2"), (At(r, body.Pos()), At(r, body.End())));
        Assert.Equal("5:2", At(r, r.File.End()));
    }
}
