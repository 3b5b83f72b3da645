using System.Text;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Checking;

/// <summary>
/// The checker with std from the embedded API model only: what rules need to know about std calls, with
/// no Go installed (the test never looks at GOROOT or PATH).
/// </summary>
public class CheckerNoGoTests
{
    private static (CheckedPackage Pkg, Syntax.Ast.File File) Check(string src, int minor = 21)
    {
        var parsed = Parser.ParseFile(new FileSet(), "main.go", Encoding.UTF8.GetBytes(src), ParserMode.ParseComments);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        var importer = new StdModelImporter(StdApiModel.Default.For(new GoVersion(1, minor)));
        return (Checker.Check("example.com/app", [parsed.File], importer), parsed.File);
    }

    /// <summary>The type of the variable defined by the identifier with this name (first definition).</summary>
    private static string VarType(CheckedPackage pkg, string name)
    {
        var def = pkg.Info.Defs.First(kv => kv.Key.Name == name && kv.Value is Var);
        return def.Value!.Type.ToString();
    }

    [Fact]
    public void StdCallsGetTheirResultTypesFromTheModel()
    {
        var (pkg, _) = Check("""
            package main

            import (
                "context"
                "database/sql"
                "net/http"
                "os"
                "slices"
                "sync"
                "time"
            )

            func main() {
                resp, err := http.Get("http://localhost")
                f, ferr := os.Open("x")
                ctx, cancel := context.WithTimeout(context.Background(), time.Second)
                t := time.NewTicker(time.Second)
                var db *sql.DB
                rows, qerr := db.Query("select 1")
                var wg sync.WaitGroup
                wg.Add(1)
                i := slices.Index([]string{"a"}, "a")
                body := resp.Body
                c := t.C
                _, _, _, _, _, _, _, _, _, _ = err, f, ferr, ctx, cancel, rows, qerr, i, body, c
            }
            """);
        Assert.Equal("*net/http.Response", VarType(pkg, "resp"));
        Assert.Equal("error", VarType(pkg, "err"));
        Assert.Equal("*os.File", VarType(pkg, "f"));
        Assert.Equal("context.Context", VarType(pkg, "ctx"));
        Assert.Equal("context.CancelFunc", VarType(pkg, "cancel"));
        Assert.Equal("*time.Ticker", VarType(pkg, "t"));
        Assert.Equal("*database/sql.Rows", VarType(pkg, "rows"));
        Assert.Equal("sync.WaitGroup", VarType(pkg, "wg"));
        Assert.Equal("int", VarType(pkg, "i"));
        Assert.Equal("io.ReadCloser", VarType(pkg, "body"));
        Assert.Equal("<-chan time.Time", VarType(pkg, "c"));
        var add = pkg.Info.Uses.First(kv => kv.Key.Name == "Add").Value;
        Assert.Equal("(*sync.WaitGroup).Add", ((Func)add).FullName);
    }

    [Fact]
    public void GenericFunctionsOfStdInferTheirResults()
    {
        var (pkg, _) = Check("""
            package main

            import "slices"

            func main() {
                s := slices.Clone([]int{1, 2})
                m := slices.Max(s)
                _, _ = s, m
            }
            """);
        Assert.Equal("[]int", VarType(pkg, "s"));
        Assert.Equal("int", VarType(pkg, "m"));
    }

    [Fact]
    public void AnUnknownImportYieldsInvalidTypesNotErrors()
    {
        var (pkg, _) = Check("""
            package main

            import "github.com/acme/missing"

            func main() {
                c := missing.NewClient()
                _ = c
            }
            """);
        Assert.Equal("invalid type", VarType(pkg, "c"));
        var pkgName = pkg.Info.Uses.First(kv => kv.Key.Name == "missing").Value;
        Assert.True(((PkgName)pkgName).Imported.IsUnknown);
    }

    [Fact]
    public void OlderGoVersionsDoNotSeeNewerStd()
    {
        var (pkg, _) = Check("""
            package main

            import "slices"

            func main() {
                i := slices.Index([]string{"a"}, "a")
                _ = i
            }
            """, minor: 19);
        Assert.Equal("invalid type", VarType(pkg, "i"));
    }
}
