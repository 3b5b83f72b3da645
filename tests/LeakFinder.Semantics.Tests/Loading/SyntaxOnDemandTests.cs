using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>LoadOptions.SyntaxOnDemand and LoadedFile.ReleaseSyntax: `check` keeps a file's tree only while its
/// package is in flight; a tree asked for again is the same file at the same positions, with the same errors.</summary>
public class SyntaxOnDemandTests
{
    private const string Source = "package o\n\nimport \"os\"\n\nfunc Open(p string) (*os.File, error) {\n\treturn os.Open(p)\n}\n\nfunc Broken() {\n\tx :=\n}\n";

    /// <summary>One package of the given files loaded twice, eagerly and with SyntaxOnDemand: its files each way.</summary>
    private static (IReadOnlyList<LoadedFile> Eager, IReadOnlyList<LoadedFile> Lazy) LoadBothWays(params (string Name, string Text)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("lf-ondemand-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/o\n\ngo 1.21\n");
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
            IReadOnlyList<LoadedFile> Load(bool onDemand) => Assert.Single(PackageLoader.Load(
                new LoadOptions { Dir = dir, Patterns = ["."], Env = ModuleLoadingTests.NoGo(), SyntaxOnDemand = onDemand }).Roots).Files;
            return (Load(false), Load(true)); // (the files keep their bytes: a tree parsed later needs no disk)
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AReleasedTreeIsParsedAgainAtTheSamePositionsWithTheSameErrors()
    {
        var (eagerFiles, lazyFiles) = LoadBothWays(("a.go", Source));
        var (eager, lazy) = (Assert.Single(eagerFiles), Assert.Single(lazyFiles));

        // The body's syntax error is found without keeping the tree (the load read the header, the first
        // question parses the file whole), the import from the header.
        Assert.Equal(eager.SyntaxErrors.Select(e => e.ToString()), lazy.SyntaxErrors.Select(e => e.ToString()));
        Assert.NotEmpty(lazy.SyntaxErrors);
        var first = lazy.Parse;
        Assert.Same(first, lazy.Parse); // built once, then shared by every reader
        Assert.Equal(Declarations(eager), Declarations(lazy));

        lazy.ReleaseSyntax();
        var again = lazy.Parse;
        Assert.NotSame(first.File, again.File);
        Assert.Equal(Declarations(eager), Declarations(lazy));
        Assert.Equal(first.Errors.Select(e => e.ToString()), again.Errors.Select(e => e.ToString()));
        Assert.Same(first.TokenFile, again.TokenFile);
    }

    [Fact]
    public void AHeaderOnlyLoadResolvesEveryPositionAsAFullParseDoes()
    {
        // A //line directive in the body moves the positions after it: such a file is read whole at load.
        var (eager, lazy) = LoadBothWays(("a.go", Source), ("b.go", "package o\n\nfunc A() {}\n\n//line gen.y:100\nfunc B() {}\n"));
        for (var i = 0; i < eager.Count; i++)
        {
            var (e, l) = (eager[i].TokenFile, lazy[i].TokenFile);
            Assert.Equal(e.LineCount, l.LineCount);
            for (var offset = 0; offset < e.Size; offset++)
                Assert.Equal(e.PositionFor(e.Pos(offset), adjusted: true), l.PositionFor(l.Pos(offset), adjusted: true));
        }
        Assert.Equal("gen.y", Path.GetFileName(lazy[1].TokenFile.PositionFor(lazy[1].TokenFile.Pos(lazy[1].Source.Length - 2), adjusted: true).Filename));
    }

    [Fact]
    public void CheckingEachPackageGivesImportersTheSameTypesAsCheckingTheWholeProgram()
    {
        var dir = Directory.CreateTempSubdirectory("lf-checkeach-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
            Directory.CreateDirectory(Path.Combine(dir, "lib"));
            File.WriteAllText(Path.Combine(dir, "lib", "lib.go"), "package lib\n\ntype T struct{ N int }\n\nfunc New() *T { return &T{} }\n");
            File.WriteAllText(Path.Combine(dir, "main.go"), "package main\n\nimport \"example.com/m/lib\"\n\nfunc main() { _ = lib.New().N }\n");
            var load = PackageLoader.Load(new LoadOptions { Dir = dir, Patterns = ["./..."], Env = ModuleLoadingTests.NoGo(), SyntaxOnDemand = true });
            var std = StdApiModel.Default.For(new GoVersion(1, 21));
            var errors = new List<string>();
            var followedUp = new List<string>();
            ProgramChecker.CheckEach(load, std, (p, c) => errors.AddRange(c.Errors.Select(e => e.Message)), (p, c) =>
            {
                followedUp.Add(p.ImportPath);
                foreach (var f in p.Files) f.ReleaseSyntax(); // as check does: importers must not need the tree
            });
            Assert.Empty(errors);
            Assert.Equal(["example.com/m", "example.com/m/lib"], followedUp.Order().ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<(string, int, int)> Declarations(LoadedFile f) =>
        f.Parse.File.Decls.Select(d => (d.GetType().Name, d.Pos().Value, d.End().Value)).ToList();
}
