using System.Text;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Checking;

/// <summary>import "C" without a C compiler: cgo's own helpers are known functions, every other C name stays unknown.</summary>
public class CgoTests
{
    private const string Source = """
        package p

        /*
        #include <stdlib.h>
        int lookup(const char *name);
        */
        import "C"

        import "unsafe"

        func f(s string) int {
            cs := C.CString(s)
            defer C.free(unsafe.Pointer(cs))
            var n C.int = C.lookup(cs)
            return int(n) + len(C.GoString(cs))
        }
        """;

    [Fact]
    public void CgoHelpersAreKnownAndOtherCNamesUnknown()
    {
        var parsed = Parser.ParseFile(new FileSet(), "p.go", Encoding.UTF8.GetBytes(Source), ParserMode.ParseComments);
        var pkg = Checker.Check("example.com/p", [parsed.File], new StdModelImporter(StdApiModel.Default.For(GoVersion.Latest)));
        var calls = new Dictionary<string, CallExpr>();
        Walker.Inspect(parsed.File, n =>
        {
            if (n is CallExpr { Fun: SelectorExpr { X: Ident { Name: "C" }, Sel.Name: var name } } c) calls[name] = c;
            return true;
        });
        Assert.Equal("C.CString", Calls.Callee(pkg.Info, calls["CString"])!.FullName);
        Assert.Equal("C.free", Calls.Callee(pkg.Info, calls["free"])!.FullName);
        Assert.Equal("*C.char", pkg.Info.TypeOf(calls["CString"])!.ToString());
        Assert.Null(Calls.Callee(pkg.Info, calls["lookup"]));
        Assert.True(Calls.IsCgoCall(pkg.Info, calls["lookup"]));
        Assert.False(Calls.IsStd(Cgo.Package));
    }
}
