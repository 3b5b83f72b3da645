namespace LeakFinder.Runtime.Pprof;

/// <summary>What a Go function symbol says about where its code lives.</summary>
public static class GoSymbols
{
    /// <summary>
    /// The package path of a Go symbol: `github.com/a/b.(*T).M` → `github.com/a/b`, `main.f.func1` → `main`.
    /// The package is what precedes the first dot after the last slash.
    /// </summary>
    public static string PackageOf(string symbol)
    {
        var slash = symbol.LastIndexOf('/');
        var dot = symbol.IndexOf('.', slash + 1);
        return dot < 0 ? symbol : symbol[..dot];
    }

    /// <summary>
    /// True for the standard library and runtime: package paths whose first element has no dot (`fmt`,
    /// `net/http`, `runtime`, `internal/poll`, `vendor/golang.org/...`), except `main`. Module paths
    /// always have a dot in their first element, so this needs no list of packages.
    /// </summary>
    public static bool IsStandardLibrary(string symbol)
    {
        var package = PackageOf(symbol);
        if (package == "main" || package.Length == 0) return false;
        var firstSlash = package.IndexOf('/');
        var first = firstSlash < 0 ? package : package[..firstSlash];
        return !first.Contains('.') && !first.Contains('(');
    }

    /// <summary>Runtime internals whose presence as the leaf says what kind of memory grew.</summary>
    public static bool IsGoroutineStackAllocation(string symbol) => symbol is "runtime.malg";
}
