using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// Which calls never return, judged from syntax alone: panic(...), os.Exit, log.Fatal*, log.Panic*,
/// runtime.Goexit and syscall.Exit named through their usual package names. The type-aware loader refines
/// this with resolved callees (t.Fatal, a renamed import); this predicate is the one tools/cfgdump uses too,
/// so the differential test compares like with like.
/// </summary>
public static class NoReturnCalls
{
    public static bool MayReturnSyntactic(CallExpr call) => call.Fun switch
    {
        Ident { Name: "panic" } => false,
        SelectorExpr { X: Ident pkg, Sel.Name: var name } => !IsNoReturn(pkg.Name, name),
        _ => true,
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
