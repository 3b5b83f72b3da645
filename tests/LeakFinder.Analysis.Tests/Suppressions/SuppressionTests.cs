using System.Text;
using LeakFinder.Check.Suppressions;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;
using SuppressionSet = LeakFinder.Check.Suppressions.Suppressions;

namespace LeakFinder.Analysis.Tests.Suppressions;

public class SuppressionTests
{
    private static readonly RuleDescriptor Body = new("LF1002", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Closer = new("LF1003", "closer-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");
    private static readonly RuleDescriptor Ticker = new("LF1004", "ticker-not-stopped", RuleCategory.TimerLeak, Severity.Warning, "t");
    private static readonly RuleDescriptor[] Known = [Body, Closer, Ticker];

    private static SuppressionSet Parse(string src, IEnumerable<(int, int)>? extra = null)
    {
        var parsed = Parser.ParseFile(new FileSet(), "a.go", Encoding.UTF8.GetBytes(src), ParserMode.ParseComments);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        return SuppressionSet.FromFile(parsed, extra, Known);
    }

    private static Diagnostic At(RuleDescriptor rule, int line) =>
        new(rule, rule.DefaultSeverity, "m", new SourceSpan("a.go", line, 2, line, 5), []);

    private const string Fetch = """
        package a

        func fetch() {
        	resp, _ := http.Get(u) //nolint:LF1002 // closed by the caller
        	f, _ := os.Open(p)     //nolint:leakfinder
        	t := time.NewTicker(d) //nolint
        	g, _ := os.Open(q)     //nolint:errcheck
        	h, _ := os.Open(q)     //nolint:resource-leak,errcheck
        	k, _ := os.Open(q)     // nolint:closer-not-closed
        }
        """;

    [Fact]
    public void TrailingNolintCoversItsLineForTheRulesItNames()
    {
        var s = Parse(Fetch);
        Assert.True(s.IsSuppressed(At(Body, 4)));
        Assert.False(s.IsSuppressed(At(Closer, 4)));   // names LF1002 only
        Assert.True(s.IsSuppressed(At(Closer, 5)));    // "leakfinder": every rule
        Assert.True(s.IsSuppressed(At(Ticker, 6)));    // bare //nolint: every linter
        Assert.False(s.IsSuppressed(At(Closer, 7)));   // another linter's
        Assert.True(s.IsSuppressed(At(Closer, 8)));    // by category
        Assert.False(s.IsSuppressed(At(Ticker, 8)));
        Assert.True(s.IsSuppressed(At(Closer, 9)));    // by name, with golangci-lint's tolerated space
        Assert.False(s.IsSuppressed(At(Body, 10)));
        Assert.Equal("closed by the caller", s.Directives[0].Reason);
        // The errcheck-only directive does not concern us at all.
        Assert.Equal([4, 5, 6, 8, 9], s.Directives.Select(d => d.Line));
        Assert.Equal(25, s.Directives[0].Column);
    }

    [Fact]
    public void NolintAboveADeclarationCoversTheWholeDeclaration()
    {
        var s = Parse("""
            package a

            // fetch hands the body to its caller.
            //nolint:LF1002 // the caller closes it
            func fetch() *http.Response {
            	resp, _ := http.Get(u)
            	return resp
            }

            func other() {
            	resp, _ := http.Get(u)
            }
            """);
        Assert.True(s.IsSuppressed(At(Body, 5)));
        Assert.True(s.IsSuppressed(At(Body, 6)));
        Assert.True(s.IsSuppressed(At(Body, 8)));
        Assert.False(s.IsSuppressed(At(Body, 11)));
        Assert.Equal((4, 8), (s.Directives[0].FromLine, s.Directives[0].ToLine));
    }

    [Fact]
    public void NolintAboveAStatementCoversTheStatementAcrossItsLines()
    {
        var s = Parse("""
            package a

            func f() {
            	//nolint:LF1004
            	go func() {
            		t := time.NewTicker(d)
            		_ = t
            	}()
            	u := time.NewTicker(d)
            }
            """);
        Assert.True(s.IsSuppressed(At(Ticker, 6)));
        Assert.False(s.IsSuppressed(At(Ticker, 9)));
    }

    [Fact]
    public void LintIgnoreCoversTheNextStatementAndNeedsAReason()
    {
        var s = Parse("""
            package a

            func f() {
            	//lint:ignore LF1002,SA1019 the body is drained and closed by drain()
            	resp, _ := http.Get(u)
            	resp2, _ := http.Get(u)
            	//lint:ignore LF1002
            	resp3, _ := http.Get(u)
            	//lint:ignore SA4006
            	x := 1
            }
            """);
        Assert.True(s.IsSuppressed(At(Body, 5)));
        Assert.False(s.IsSuppressed(At(Body, 4)));
        Assert.False(s.IsSuppressed(At(Body, 6)));
        Assert.False(s.IsSuppressed(At(Body, 8))); // malformed: no effect
        var error = Assert.Single(s.Errors);
        Assert.Equal("a.go:7:2: malformed linter directive; missing the required reason field", error.ToString());
        Assert.Equal("the body is drained and closed by drain()", s.Directives[0].Reason);
        Assert.Equal(DirectiveKind.LintIgnore, Assert.Single(s.Directives).Kind); // SA4006 is staticcheck's business
    }

    [Fact]
    public void FileIgnoreCoversEveryLine()
    {
        var s = Parse("""
            //lint:file-ignore timer-leak generated code, tickers live as long as the process
            package a

            func f() {
            	t := time.NewTicker(d)
            }
            """);
        Assert.True(s.IsSuppressed(At(Ticker, 5)));
        Assert.True(s.IsSuppressed(At(Ticker, 5000)));
        Assert.False(s.IsSuppressed(At(Body, 5)));
        Assert.Equal(DirectiveKind.LintFileIgnore, s.Directives[0].Kind);
    }

    [Fact]
    public void UnusedSuppressionsAreThoseNamingOurRulesThatMatchedNothing()
    {
        var s = Parse(Fetch);
        s.IsSuppressed(At(Body, 4));
        s.IsSuppressed(At(Closer, 8));
        var unused = s.UnusedSuppressions();
        // Line 5 (leakfinder) and 9 (closer-not-closed) suppressed nothing; the bare //nolint on 6 is not listed.
        Assert.Equal(["a.go:5:25: //nolint:leakfinder", "a.go:9:25: //nolint:closer-not-closed"], unused.Select(d => d.ToString()));
    }

    [Fact]
    public void IdPrefixesAndExtraRangesWork()
    {
        var s = Parse("""
            package a

            //lint:ignore LF1* a whole family, and a range given by the caller
            var x = 1
            """, extra: [(4, 6)]);
        Assert.True(s.IsSuppressed(At(Ticker, 6)));
        Assert.False(s.IsSuppressed(At(Ticker, 7)));
    }

    [Fact]
    public void DirectivesInBlockCommentsOrWithOtherWordsAreNotDirectives()
    {
        var s = Parse("""
            package a

            /* //nolint */
            func f() {} //nolintx
            // we should nolint this
            var y = 2 //lint:ignoreall LF1002 reason
            """);
        Assert.Empty(s.Directives);
        Assert.Empty(s.Errors);
    }

    [Fact]
    public void OwnLineNolintWithNothingBelowCoversOnlyItself()
    {
        var s = Parse("package a\n\nvar z = 1\n\n//nolint:LF1002\n\nvar w = 2\n");
        var d = Assert.Single(s.Directives);
        Assert.Equal((5, 5), (d.FromLine, d.ToLine));
    }
}

public class SuppressionIndexTests
{
    private static readonly RuleDescriptor Body = new("LF1002", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error, "t");

    [Fact]
    public void FindingsAreRoutedToTheirFileWhateverThePathForm()
    {
        var index = new LeakFinder.Check.Suppressions.SuppressionIndex(baseDirectory: "/work/app");
        foreach (var (name, src) in new[] { ("/work/app/a.go", "package a\n\nvar x = f() //nolint:LF1002\n"), ("/work/app/b.go", "package a\n\nvar y = f()\n//lint:ignore LF1002\nvar z = 1\n") })
            index.Add(LeakFinder.Syntax.Parsing.Parser.ParseFile(new LeakFinder.Syntax.FileSet(), name, System.Text.Encoding.UTF8.GetBytes(src), LeakFinder.Syntax.Parsing.ParserMode.ParseComments));
        Diagnostic At(string file, int line) => new(Body, Severity.Error, "m", new SourceSpan(file, line, 1, line, 2), []);
        var (kept, suppressed) = index.Filter([At("a.go", 3), At("/work/app/b.go", 3), At("c.go", 3)]);
        Assert.Equal(1, suppressed);
        Assert.Equal(["/work/app/b.go", "c.go"], kept.Select(d => d.Span.File));
        Assert.Equal("/work/app/b.go:4:1: malformed linter directive; missing the required reason field", Assert.Single(index.Errors()).ToString());
        Assert.Empty(index.UnusedSuppressions());
    }
}

public class SuppressionDefaultsTests
{
    [Fact]
    public void RuleNamesAreRecognisedFromTheRegistryByDefault()
    {
        var rule = LeakFinder.Analysis.Engine.RuleRegistry.Find("http-body-not-closed")!.Descriptor;
        var parsed = LeakFinder.Syntax.Parsing.Parser.ParseFile(new LeakFinder.Syntax.FileSet(), "a.go",
            System.Text.Encoding.UTF8.GetBytes("package a\n\nvar x = f() //nolint:http-body-not-closed\nvar y = f() //nolint:errcheck\n"),
            LeakFinder.Syntax.Parsing.ParserMode.ParseComments);
        var s = LeakFinder.Check.Suppressions.Suppressions.FromFile(parsed);
        Assert.True(s.IsSuppressed(new Diagnostic(rule, Severity.Error, "m", new SourceSpan("a.go", 3, 9, 3, 12), [])));
        Assert.Equal([3], s.Directives.Select(d => d.Line)); // errcheck's directive is not ours
    }
}
