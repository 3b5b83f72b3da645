namespace LeakFinder.Runtime.Goroutines;

/// <summary>Facts about Go symbol names as the runtime prints them (import path, std or not).</summary>
public static class GoNames
{
    // First element of every standard-library import path (Go 1.0 to 1.25), plus "vendor" (std's vendored
    // x/ packages) and "cmd". A package whose path starts with one of these and has no dot in its first
    // element is the standard library; "main" and module paths like github.com/... are user code.
    private static readonly HashSet<string> StdRoots =
    [
        "archive", "bufio", "builtin", "bytes", "cmp", "cmd", "compress", "container", "context", "crypto",
        "database", "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html",
        "image", "index", "internal", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path",
        "plugin", "reflect", "regexp", "runtime", "slices", "sort", "strconv", "strings", "structs", "sync",
        "syscall", "testing", "text", "time", "unicode", "unique", "unsafe", "vendor", "weak",
    ];

    /// <summary>Import path of a function name: "net/http.(*conn).serve" gives "net/http".</summary>
    public static string PackageOf(string function)
    {
        var slash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', slash + 1);
        return dot < 0 ? function : function[..dot];
    }

    public static bool IsRuntime(string function) =>
        function.StartsWith("runtime.", StringComparison.Ordinal) || function.StartsWith("runtime/internal/", StringComparison.Ordinal)
        || function.StartsWith("internal/runtime/", StringComparison.Ordinal);

    /// <summary>True for the standard library (including runtime): the code a user cannot fix.</summary>
    public static bool IsStandardLibrary(string function)
    {
        var package = PackageOf(function);
        var slash = package.IndexOf('/');
        var root = slash < 0 ? package : package[..slash];
        return StdRoots.Contains(root);
    }
}
