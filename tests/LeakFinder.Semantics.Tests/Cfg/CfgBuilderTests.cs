using System.Text;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Cfg;

/// <summary>
/// The graph shapes rules rely on, checked without Go (the differential test pins the whole structure
/// against go/cfg when Go is installed).
/// </summary>
public class CfgBuilderTests
{
    private static ControlFlowGraph Graph(string body, string @params = "")
    {
        var src = Encoding.UTF8.GetBytes($"package p\n\nfunc f({@params}) {{\n{body}\n}}\n");
        var parsed = Parser.ParseFile(new FileSet(), "f.go", src, ParserMode.None);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        var fn = Assert.IsType<FuncDecl>(parsed.File.Decls[0]);
        return CfgBuilder.Build(fn.Body!, NoReturnCalls.MayReturnSyntactic);
    }

    private static Block Only(ControlFlowGraph g, BlockKind kind) => Assert.Single(g.Blocks, b => b.Kind == kind);

    [Fact]
    public void ACallThatNeverReturnsCutsTheEdgeAfterIt()
    {
        var g = Graph("if x > 0 { panic(\"x\") }\nlog.Fatal(\"y\")\ng()", "x int");
        var then = Only(g, BlockKind.IfThen);
        Assert.Empty(then.Succs);
        var afterFatal = g.Blocks.Where(b => b.Comment == "unreachable.call").ToList();
        Assert.Equal(2, afterFatal.Count);
        Assert.All(afterFatal, b => Assert.False(b.Live));
        Assert.DoesNotContain(g.Blocks, b => b.Live && b.Return != null);
    }

    [Fact]
    public void FallingOffTheEndIsAnImplicitReturnButAnEndlessLoopHasNone()
    {
        var plain = Graph("g()");
        Assert.NotNull(plain.Entry.Return);
        var endless = Graph("for { g() }");
        Assert.DoesNotContain(endless.Blocks, b => b.Return != null);
    }

    [Fact]
    public void BreakLeavesTheLoopAndContinueGoesToThePostStatement()
    {
        var g = Graph("for i := 0; i < n; i++ {\nif i == 3 { break }\nif i == 1 { continue }\ng()\n}", "n int");
        var done = Only(g, BlockKind.ForDone);
        var post = Only(g, BlockKind.ForPost);
        var thens = g.Blocks.Where(b => b.Kind == BlockKind.IfThen).ToList();
        Assert.Equal(2, thens.Count);
        Assert.Equal([done], thens[0].Succs);
        Assert.Equal([post], thens[1].Succs);
        Assert.Equal([Only(g, BlockKind.ForLoop)], post.Succs);
    }

    [Fact]
    public void LabeledContinueTargetsTheOuterLoop()
    {
        var g = Graph("outer:\nfor _, xs := range xss {\nfor _, x := range xs {\nif x { continue outer }\n}\n}", "xss [][]bool");
        var loops = g.Blocks.Where(b => b.Kind == BlockKind.RangeLoop).ToList();
        Assert.Equal(2, loops.Count);
        var then = Only(g, BlockKind.IfThen);
        Assert.Equal([loops[0]], then.Succs);
        Assert.Single(g.Blocks, b => b.Kind == BlockKind.Label && b.Comment == "outer");
    }

    [Fact]
    public void EverySelectCaseIsABranchAndReachesTheEnd()
    {
        var g = Graph("select {\ncase v := <-a:\ng(v)\ncase b <- 1:\ndefault:\nh()\n}", "a, b chan int");
        var bodies = g.Blocks.Where(b => b.Kind == BlockKind.SelectCaseBody).ToList();
        Assert.Equal(2, bodies.Count);
        var done = Only(g, BlockKind.SelectDone);
        Assert.All(bodies, b => Assert.Equal([done], b.Succs));
        // The received value is assigned at the start of its case's body.
        Assert.IsType<Ident>(bodies[0].Nodes[0]);
        Assert.True(done.Live);
    }

    [Fact]
    public void FallthroughJumpsToTheNextCaseBody()
    {
        var g = Graph("switch x {\ncase 1:\ng()\nfallthrough\ncase 2:\nh()\n}", "x int");
        var bodies = g.Blocks.Where(b => b.Kind == BlockKind.SwitchCaseBody).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal([bodies[1]], bodies[0].Succs);
    }

    [Fact]
    public void DeferAndGoStatementsStayInTheirBlockAndFunctionLiteralsAreNotEntered()
    {
        var g = Graph("defer f()\ngo func() { for {} }()\ng()");
        Assert.Equal(3, g.Entry.Nodes.Count(n => n is DeferStmt or GoStmt or ExprStmt));
        Assert.DoesNotContain(g.Blocks, b => b.Kind == BlockKind.ForBody);
    }

    [Fact]
    public void FunctionBodiesListsLiteralsAfterTheirFunctionWithEnclosingLabels()
    {
        var src = Encoding.UTF8.GetBytes("package p\nfunc f() {\nL:\n\tgo func() { _ = func() {} }()\n\tgoto L\n}\nvar v = func() {}\n");
        var parsed = Parser.ParseFile(new FileSet(), "f.go", src, ParserMode.None);
        var bodies = FunctionBodies.Of(parsed.File);
        Assert.Equal(["f", "func literal", "func literal", "func literal"], bodies.Select(b => b.Name));
        Assert.True(bodies[1].EnclosingLabels.ContainsKey("L"));
        Assert.Empty(bodies[3].EnclosingLabels);
    }
}
