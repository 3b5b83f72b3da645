using System.Text;
using System.Text.RegularExpressions;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Dump;
using LeakFinder.Syntax.Parsing;
using LeakFinder.Tests.Shared;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Parsing;

/// <summary>Bad input never crashes the parser: deep nesting, mutated real files, parallel parses.</summary>
public sealed partial class RobustnessTests
{
    [GeneratedRegex(@"^[^:]+:\d+(:\d+)?: \S.*$", RegexOptions.Singleline)]
    private static partial Regex ErrorFormat();

    // Expected errors are go/parser 1.19's on the same inputs (it counts nesting the same way).
    [Fact]
    public void DeepNestingReportsGoParsersNestingErrorInsteadOfOverflowingTheStack()
    {
        const int n = 100_000;
        var parens = Parse("package p\nvar x = " + new string('(', n) + "1" + new string(')', n) + "\n");
        Assert.Equal("x.go:2:100009: exceeded max nesting depth", parens.Errors[0].ToString());

        var chain = Parse("package p\nvar x = a" + string.Concat(Enumerable.Repeat("+a", 1_000_000)) + "\n");
        Assert.Equal("x.go:2:200008: exceeded max nesting depth", chain.Errors[0].ToString());

        var types = Parse("package p\nvar x " + string.Concat(Enumerable.Repeat("[]", n)) + "int\n");
        Assert.Equal("x.go:2:200007: exceeded max nesting depth", types.Errors[0].ToString());
    }

    [Fact]
    public void DeepButLegalNestingParsesOnALargerStack()
    {
        // 20,000 parentheses exceed the default stack of a thread-pool thread but not go/parser's limit
        const int n = 20_000;
        var r = Parse("package p\nvar x = " + new string('(', n) + "1" + new string(')', n) + "\n");
        Assert.Empty(r.Errors);
        var lits = Parse("package p\nvar x = T" + new string('{', 50_000) + new string('}', 50_000) + "\n");
        Assert.Empty(lits.Errors);
    }

    [Fact]
    public void LongOperatorChainInALargeFileParsesOnTheLargerStack()
    {
        // As std's time/tzdata/zipdata.go: one constant of thousands of "+" terms in a file too large for the
        // parse to pause the GC. The chain counts as nesting (past the caller's stack budget), not as stack.
        const int terms = 4000;
        var term = "\"" + new string('x', 90) + "\"";
        var r = Parse("package p\nconst zip = " + term + string.Concat(Enumerable.Repeat(" +\n\t" + term, terms - 1)) + "\n");
        Assert.Empty(r.Errors);
        var spec = (ValueSpec)((GenDecl)r.File!.Decls[0]).Specs[0];
        var depth = 0;
        for (var e = spec.Values[0]; e is BinaryExpr b; e = b.X) depth++;
        Assert.Equal(terms - 1, depth);
    }

    [Fact]
    public void MutatedGoFilesNeverThrowAndReportWellFormedErrors()
    {
        var root = GoToolchain.RequireGoRoot();
        var files = Directory.GetFiles(Path.Combine(root, "src", "go", "parser"), "*.go")
            .Concat(Directory.GetFiles(Path.Combine(root, "src", "sync"), "*.go"))
            .Order(StringComparer.Ordinal).Take(40).ToArray();
        var rng = new Random(4);
        var inputs = 0;
        foreach (var path in files)
        {
            var src = System.IO.File.ReadAllBytes(path);
            for (var k = 0; k < 40; k++)
            {
                var mutated = Mutate(src, rng, k % 4);
                var fset = new FileSet();
                var r = Parser.ParseFile(fset, "m.go", mutated, ParserMode.ParseComments);
                foreach (var e in r.Errors) Assert.Matches(ErrorFormat(), e.ToString());
                AstDumper.Sha256(r.TokenFile, r.File); // a partial tree is still a well-formed tree
                inputs++;
            }
        }
        Assert.Equal(files.Length * 40, inputs);
    }

    // Deterministic damage: truncation, byte flips, random insertions, deletions.
    private static byte[] Mutate(byte[] src, Random rng, int kind)
    {
        var b = src.ToList();
        switch (kind)
        {
            case 0:
                return src[..rng.Next(src.Length + 1)];
            case 1:
                for (var i = 0; i < 1 + rng.Next(8); i++) b[rng.Next(b.Count)] = (byte)rng.Next(256);
                break;
            case 2:
                var tokens = new[] { "(", ")", "{", "}", "[", "]", ",", ";", "\n", "\"", "`", "'", "/*", "//", "func", "type", "\u00e9", "\xff" };
                for (var i = 0; i < 1 + rng.Next(8); i++)
                    b.InsertRange(rng.Next(b.Count + 1), Encoding.Latin1.GetBytes(tokens[rng.Next(tokens.Length)]));
                break;
            default:
                for (var i = 0; i < 1 + rng.Next(8) && b.Count > 0; i++)
                {
                    var at = rng.Next(b.Count);
                    b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(20)));
                }
                break;
        }
        return b.ToArray();
    }

    [Fact]
    public void ParallelParsesGiveTheSameTreesAsSequentialOnes()
    {
        var root = GoToolchain.RequireGoRoot();
        var files = Directory.GetFiles(Path.Combine(root, "src", "go"), "*.go", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(150).ToArray();
        var sequential = files.Select(Hash).ToArray();
        var parallel = new string[files.Length];
        Parallel.For(0, files.Length, i => parallel[i] = Hash(files[i]));
        Assert.Equal(sequential, parallel);

        static string Hash(string path)
        {
            var fset = new FileSet();
            var r = Parser.ParseFile(fset, path, System.IO.File.ReadAllBytes(path), ParserMode.ParseComments);
            return AstDumper.Sha256(r.TokenFile, r.File) + string.Concat(r.Errors);
        }
    }
}
