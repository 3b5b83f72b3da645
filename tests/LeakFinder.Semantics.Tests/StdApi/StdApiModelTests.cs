using LeakFinder.Semantics;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Tests.StdApi;

/// <summary>The std API model answers what rules ask of std with no Go installed: signatures, fields, methods, versions.</summary>
public class StdApiModelTests
{
    private static readonly StdApiView Go121 = StdApiModel.Default.For(new GoVersion(1, 21));
    private static readonly StdApiView Go119 = StdApiModel.Default.For(new GoVersion(1, 19));

    private static Func Function(StdApiView view, string path, string name)
    {
        var pkg = view.Import(path) ?? throw new Xunit.Sdk.XunitException($"no package {path}");
        return Assert.IsType<Func>(pkg.Scope.LookupLocal(name));
    }

    private static Func Method(StdApiView view, string path, string type, string name)
    {
        var pkg = view.Import(path)!;
        var named = Assert.IsType<NamedType>(Assert.IsType<TypeName>(pkg.Scope.LookupLocal(type)).Type);
        return named.LookupMethod(name) ?? throw new Xunit.Sdk.XunitException($"no method {type}.{name}");
    }

    [Theory]
    [InlineData("net/http", "Get", "(string) (*net/http.Response, error)")]
    [InlineData("os", "Open", "(string) (*os.File, error)")]
    [InlineData("context", "WithTimeout", "(context.Context, time.Duration) (context.Context, context.CancelFunc)")]
    [InlineData("time", "NewTicker", "(time.Duration) *time.Ticker")]
    [InlineData("time", "After", "(time.Duration) <-chan time.Time")]
    [InlineData("net", "Dial", "(string, string) (net.Conn, error)")]
    [InlineData("os/exec", "Command", "(string, ...string) *os/exec.Cmd")]
    public void FunctionSignaturesComeFromTheRecords(string path, string name, string signature)
    {
        var f = Function(Go121, path, name);
        Assert.Equal(signature, TypeFormatter.FormatSignature(f.Signature!));
        Assert.Equal(path + "." + name, f.FullName);
    }

    [Theory]
    [InlineData("net/http", "Client", "Do", "(*net/http.Request) (*net/http.Response, error)", "(*net/http.Client).Do")]
    [InlineData("database/sql", "DB", "Query", "(string, ...interface{}) (*database/sql.Rows, error)", "(*database/sql.DB).Query")]
    [InlineData("sync", "WaitGroup", "Add", "(int)", "(*sync.WaitGroup).Add")]
    [InlineData("time", "Ticker", "Stop", "()", "(*time.Ticker).Stop")]
    [InlineData("io", "Reader", "Read", "([]uint8) (int, error)", "io.Reader.Read")]
    public void MethodsHangOnTheirNamedTypes(string path, string type, string name, string signature, string fullName)
    {
        var m = Method(Go121, path, type, name);
        Assert.Equal(signature, TypeFormatter.FormatSignature(m.Signature!));
        Assert.Equal(fullName, m.FullName);
    }

    [Fact]
    public void StructFieldsAndTheirTypesAreKnown()
    {
        var response = (NamedType)((TypeName)Go121.Import("net/http")!.Scope.LookupLocal("Response")!).Type;
        var body = Assert.Single(((StructType)response.Underlying).Fields, f => f.Name == "Body");
        Assert.Equal("io.ReadCloser", body.Type.ToString());
        var closer = Assert.IsType<InterfaceType>(body.Type.Underlying);
        Assert.Contains(closer.MethodSet, m => m.Name == "Close");

        var ticker = (NamedType)((TypeName)Go121.Import("time")!.Scope.LookupLocal("Ticker")!).Type;
        var c = Assert.Single(((StructType)ticker.Underlying).Fields, f => f.Name == "C");
        Assert.Equal("<-chan time.Time", c.Type.ToString());
    }

    [Fact]
    public void NamedFuncTypesHaveSignatureUnderlyingTypes()
    {
        var cancel = ((TypeName)Go121.Import("context")!.Scope.LookupLocal("CancelFunc")!).Type;
        Assert.Equal("context.CancelFunc", cancel.ToString());
        Assert.Equal("func()", cancel.Underlying.ToString());
    }

    [Fact]
    public void GenericFunctionsKeepTheirTypeParameters()
    {
        var index = Function(Go121, "slices", "Index");
        var sig = index.Signature!;
        Assert.Equal(2, sig.TypeParams.Count);
        Assert.Equal("[$0 interface{~[]$1}, $1 comparable]($0, $1) int", TypeFormatter.FormatSignature(sig));
    }

    [Fact]
    public void AliasesPointAtTheirTargetAcrossPackages()
    {
        var fileInfo = Assert.IsType<TypeName>(Go121.Import("os")!.Scope.LookupLocal("FileInfo"));
        Assert.True(fileInfo.IsAlias);
        Assert.Equal("io/fs.FileInfo", fileInfo.Type.ToString());
    }

    [Fact]
    public void ShortPackageNamesResolveToTheRightPackage()
    {
        // html/template's records say "*parse.Tree": the parse package is text/template/parse.
        var template = (NamedType)((TypeName)Go121.Import("html/template")!.Scope.LookupLocal("Template")!).Type;
        var tree = Assert.Single(((StructType)template.Underlying).Fields, f => f.Name == "Tree");
        Assert.Equal("*text/template/parse.Tree", tree.Type.ToString());
    }

    [Fact]
    public void TheViewFollowsTheGoVersion()
    {
        Assert.Null(Go119.Import("slices"));
        Assert.NotNull(Go121.Import("slices"));
        Assert.Null(Go119.Import("context")!.Scope.LookupLocal("WithCancelCause"));
        Assert.NotNull(StdApiModel.Default.For(new GoVersion(1, 20)).Import("context")!.Scope.LookupLocal("WithCancelCause"));
    }

    [Theory]
    [InlineData("net/http", "Get", 0)]
    [InlineData("context", "WithCancelCause", 20)]
    [InlineData("slices", "Index", 21)]
    [InlineData("net/http", "Request.Pattern", 23)]
    [InlineData("net/http", "Client.Do", 0)]
    [InlineData("time", "Ticker.Reset", 15)]
    public void SinceTellsWhichVersionAddedAnElement(string path, string key, int minor)
    {
        Assert.Equal(new GoVersion(1, minor), StdApiModel.Default.Since(path, key));
    }

    [Fact]
    public void EveryPackageOfTheLatestStdBuildsWithAlmostNoUnresolvedType()
    {
        var view = StdApiModel.Default.For(GoVersion.Latest);
        int types = 0, invalid = 0, packages = 0;
        var examples = new List<string>();
        foreach (var path in StdApiModel.Default.PackagePaths)
        {
            var pkg = view.Import(path);
            if (pkg == null) continue;
            packages++;
            foreach (var obj in pkg.Scope.Names.Values)
            {
                foreach (var t in TypesOf(obj))
                {
                    types++;
                    if (ReferenceEquals(t, Invalid.Type) || ReferenceEquals(t.Underlying, Invalid.Type) && t is NamedType { Obj.Pkg.IsUnknown: false, Obj.Exported: true })
                    {
                        invalid++;
                        if (examples.Count < 10) examples.Add($"{path}.{obj.Name}: {t}");
                    }
                }
            }
        }
        Assert.True(packages > 150, $"only {packages} packages");
        Assert.Empty(view.Problems);
        Assert.True(invalid * 1000 < types, $"{invalid} of {types} types unresolved, e.g. {string.Join("; ", examples)}");
    }

    private static IEnumerable<GoType> TypesOf(GoObject obj)
    {
        switch (obj)
        {
            case Func { Signature: { } sig }:
                foreach (var v in sig.Params.Vars) yield return v.Type;
                foreach (var v in sig.Results.Vars) yield return v.Type;
                break;
            case TypeName { Type: NamedType n }:
                yield return n;
                foreach (var m in n.Methods)
                    if (m.Signature is { } ms)
                        foreach (var v in ms.Params.Vars.Concat(ms.Results.Vars)) yield return v.Type;
                if (n.Underlying is StructType st) foreach (var f in st.Fields) yield return f.Type;
                break;
            case TypeName alias:
                yield return alias.Type;
                break;
            case Var or Const:
                yield return obj.Type;
                break;
        }
    }
}
