using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// The one list of calls that never return, which cut a CFG: panic(...), os.Exit, syscall.Exit,
/// runtime.Goexit, log.Fatal*/Panic* (functions and Logger methods), and testing's Fatal*, FailNow and Skip*.
/// <see cref="MayReturn"/> judges a call by its resolved callee (t.Fatal, a renamed import);
/// <see cref="MayReturnSyntactic"/> by the usual package names alone, as tools/cfgdump does, so the
/// differential test compares like with like.
/// </summary>
public static class NoReturnCalls
{
    public static bool MayReturnSyntactic(CallExpr call) => call.Fun switch
    {
        Ident { Name: "panic" } => false,
        SelectorExpr { X: Ident pkg, Sel.Name: var name } => !IsNoReturn(pkg.Name, name),
        _ => true,
    };

    /// <summary>Whether the call may return, by its callee as the checker resolved it; a call of an unresolved
    /// callee is judged by <see cref="MayReturnSyntactic"/>.</summary>
    public static bool MayReturn(TypeInfo info, CallExpr call)
    {
        if (Calls.BuiltinName(info, call) == "panic") return false;
        if (Calls.Callee(info, call) is not { } f) return MayReturnSyntactic(call);
        if (f.Pkg == null) return true;
        return f.IsMethod ? !IsNoReturnMethod(f.Pkg.Path, f.Name) : !IsNoReturn(f.Pkg.Path, f.Name);
    }

    /// <summary>True for a method of std that never returns: testing's T/B/F/TB Fatal*, FailNow, Skip*, and
    /// log.Logger's Fatal* and Panic*.</summary>
    public static bool IsNoReturnMethod(string packagePath, string method) => (packagePath, method) switch
    {
        ("testing", "Fatal" or "Fatalf" or "FailNow" or "Skip" or "Skipf" or "SkipNow") => true,
        ("log", "Fatal" or "Fatalf" or "Fatalln" or "Panic" or "Panicf" or "Panicln") => true,
        _ => false,
    };

    /// <summary>True for a package-level function of std that never returns.</summary>
    public static bool IsNoReturn(string package, string function) => (package, function) switch
    {
        ("os", "Exit") => true,
        ("syscall", "Exit") => true,
        ("runtime", "Goexit") => true,
        ("log", "Fatal" or "Fatalf" or "Fatalln" or "Panic" or "Panicf" or "Panicln") => true,
        _ => false,
    };
}
