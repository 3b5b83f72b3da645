using System.Text;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Checking;

/// <summary>
/// Language and std features up to Go 1.27 (the spec and API records in third_party/goapi): generic methods,
/// reported under older language versions as go/types reports them; new(expr) of Go 1.26; the std model's
/// generic method (math/rand/v2 Rand.N) and the APIs each release from 1.24 to 1.27 added.
/// </summary>
public class NewestGoTests
{
    private static CheckedPackage Check(string src, GoVersion? lang, int stdMinor = 27)
    {
        var parsed = Parser.ParseFile(new FileSet(), "main.go", Encoding.UTF8.GetBytes(src), ParserMode.ParseComments);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        var importer = new StdModelImporter(StdApiModel.Default.For(new GoVersion(1, stdMinor)));
        return Checker.Check("example.com/app", [parsed.File], importer, lang);
    }

    private static string VarType(CheckedPackage pkg, string name) =>
        pkg.Info.Defs.First(kv => kv.Key.Name == name && kv.Value is Var).Value!.Type.ToString();

    private const string GenericMethods = """
        package app

        type List[T any] struct{ items []T }

        func (l *List[T]) Map[U any](f func(T) U) *List[U] {
            out := &List[U]{}
            for _, it := range l.items {
                out.items = append(out.items, f(it))
            }
            return out
        }

        type Box struct{ v int }

        func (b Box) Conv[P ~int | ~int64](x P) P { return x + P(b.v) }

        func use() {
            l := &List[int]{items: []int{1, 2}}
            inferred := l.Map(func(i int) string { return "x" })
            explicit := l.Map[float64](func(i int) float64 { return 1 })
            var b Box
            conv := b.Conv(int64(3))
            expr := Box.Conv[int]
            _, _, _, _ = inferred, explicit, conv, expr
        }
        """;

    [Fact]
    public void GenericMethodsAreInstantiatedByInferenceOrExplicitly()
    {
        var pkg = Check(GenericMethods, new GoVersion(1, 27));
        Assert.Empty(pkg.Errors);
        Assert.Equal("*example.com/app.List[string]", VarType(pkg, "inferred"));
        Assert.Equal("*example.com/app.List[float64]", VarType(pkg, "explicit"));
        Assert.Equal("int64", VarType(pkg, "conv"));
        Assert.EndsWith("x int) int", VarType(pkg, "expr")); // the method expression Box.Conv[int], P replaced
    }

    [Theory]
    [InlineData(21, 2)]
    [InlineData(26, 2)]
    [InlineData(27, 0)]
    public void GenericMethodsAreReportedBeforeGo127AndStillChecked(int minor, int errors)
    {
        var pkg = Check(GenericMethods, new GoVersion(1, minor));
        Assert.Equal(errors, pkg.Errors.Count(e => e.Message == "methods cannot have type parameters"));
        Assert.Equal(errors, pkg.Errors.Count); // nothing else
        Assert.Equal("*example.com/app.List[string]", VarType(pkg, "inferred")); // as go/types, the types are still computed
    }

    [Fact]
    public void WithoutALanguageVersionTheNewestIsAssumed()
    {
        Assert.Empty(Check(GenericMethods, null).Errors);
    }

    [Fact]
    public void NewOfAValueAllocatesACopyOfItsDefaultType()
    {
        var pkg = Check("""
            package app

            type Config struct{ Port int }

            func f() (int, string) { return 1, "" }

            func use() {
                ofType := new(Config)
                ofPointerType := new(*Config)
                ofSlice := new([]string)
                ofInt := new(42)
                ofFloat := new(1.5)
                ofString := new("s")
                c := Config{}
                ofVar := new(c)
                ofField := new(c.Port)
                ofCall := new(len("abc"))
                _, _, _, _, _, _, _, _, _ = ofType, ofPointerType, ofSlice, ofInt, ofFloat, ofString, ofVar, ofField, ofCall
            }
            """, new GoVersion(1, 26));
        Assert.Equal("*example.com/app.Config", VarType(pkg, "ofType"));
        Assert.Equal("**example.com/app.Config", VarType(pkg, "ofPointerType"));
        Assert.Equal("*[]string", VarType(pkg, "ofSlice"));
        Assert.Equal("*int", VarType(pkg, "ofInt"));
        Assert.Equal("*float64", VarType(pkg, "ofFloat"));
        Assert.Equal("*string", VarType(pkg, "ofString"));
        Assert.Equal("*example.com/app.Config", VarType(pkg, "ofVar"));
        Assert.Equal("*int", VarType(pkg, "ofField"));
        Assert.Equal("*int", VarType(pkg, "ofCall"));
    }

    [Fact]
    public void StructLiteralKeysMayBeFieldSelectors()
    {
        var pkg = Check("""
            package app

            type Deep struct{ Y int }
            type Inner struct {
                X    string
                Deep Deep
            }
            type Embedded struct{ Z float64 }
            type S struct {
                Inner Inner
                Embedded
                W bool
            }

            var s = S{Inner.X: "x", Inner.Deep.Y: 1, Z: 2, W: true}
            """, new GoVersion(1, 27));
        string KeyField(string name) => pkg.Info.Uses.Single(kv => kv.Key.Name == name && kv.Value is Var { IsField: true }).Value!.Type.ToString();
        Assert.Equal("string", KeyField("X"));
        Assert.Equal("example.com/app.Deep", KeyField("Deep"));
        Assert.Equal("int", KeyField("Y"));
        Assert.Equal("float64", KeyField("Z")); // promoted through Embedded
        Assert.Equal("bool", KeyField("W"));
    }

    [Fact]
    public void TheStdModelHasGo127sGenericMethod()
    {
        var pkg = Check("""
            package app

            import "math/rand/v2"

            func use(r *rand.Rand) {
                n := r.N(int64(5))
                d := r.N(uint8(3))
                _, _ = n, d
            }
            """, new GoVersion(1, 27));
        Assert.Equal("int64", VarType(pkg, "n"));
        Assert.Equal("uint8", VarType(pkg, "d"));
        var rand = StdApiModel.Default.For(new GoVersion(1, 27)).Import("math/rand/v2")!;
        var n = ((NamedType)((TypeName)rand.Scope.LookupLocal("Rand")!).Type).LookupMethod("N")!;
        Assert.Single(n.Signature!.TypeParams);
        Assert.Null(((NamedType)((TypeName)StdApiModel.Default.For(new GoVersion(1, 26)).Import("math/rand/v2")!.Scope.LookupLocal("Rand")!).Type).LookupMethod("N"));
    }

    [Theory]
    [InlineData("bytes", "CutLast", 27)]
    [InlineData("crypto/mldsa", "GenerateKey", 27)]
    [InlineData("math/rand/v2", "Rand.N", 27)]
    [InlineData("crypto/mlkem", "GenerateKey768", 24)]
    [InlineData("weak", "Make", 24)]
    [InlineData("sync", "WaitGroup.Go", 25)]
    [InlineData("testing/synctest", "Test", 25)]
    [InlineData("errors", "AsType", 26)]
    public void ApisAddedFromGo124ToGo127AreKnownWithTheirVersion(string path, string key, int minor)
    {
        Assert.Equal(new GoVersion(1, minor), StdApiModel.Default.Since(path, key));
        Assert.NotNull(StdApiModel.Default.For(new GoVersion(1, minor)).Import(path));
    }
}
