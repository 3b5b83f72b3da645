using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// What a std function, whose body LeakFinder does not read, may do with a value passed to it: keep it beyond
/// the call, or close or stop it. Leak knowledge about std's API, used to decide whether a resource handed to
/// std has been handed on. (Which function a call calls is Go knowledge: <see cref="Semantics.Checking.Calls"/>.)
/// </summary>
public static class StdOwnership
{
    /// <summary>
    /// Std functions that keep a reader or writer they are given beyond the call (a profile or trace written
    /// in the background, a logger's output), although their parameter type could only read or write it.
    /// </summary>
    public static readonly IReadOnlySet<string> KeepsArguments = new HashSet<string>(StringComparer.Ordinal)
    {
        "runtime/pprof.StartCPUProfile", "runtime/trace.Start", "log.SetOutput", "(*log.Logger).SetOutput", "log.New",
        "log/slog.NewTextHandler", "log/slog.NewJSONHandler", "os/signal.Notify", "(*net/http.Server).Serve",
        // The *os.File it returns owns the raw descriptor (and closes it), although the parameter is a uintptr.
        "os.NewFile",
    };

    /// <summary>Whether a C function called through cgo (`C.puts(p)`) may free or keep what it is given: no. cgo's
    /// pointer-passing rules forbid C to keep a Go pointer past the call, and C APIs given C memory borrow it far
    /// more often than they take it over (one that frees its argument leaves a false report).</summary>
    public const bool CgoMayOwn = false;

    /// <summary>
    /// Whether a std function whose body we do not read could close, stop or keep a value passed as a
    /// parameter of this type: a function value (it may call it), an interface or type with a Close or Stop
    /// method (it may close it, as http.Serve closes its listener), or `any` outside the formatting packages
    /// (sync.Map.Store and context.WithValue keep it). An io.Reader or io.Writer parameter can only read or write,
    /// except a request constructor's body.
    /// </summary>
    public static bool StdParamMayOwn(GoType paramType, Func callee)
    {
        var u = paramType.Underlying;
        // The request constructors keep their body as the request's Body, which the Transport closes.
        if (u is InterfaceType && callee.FullName is "net/http.NewRequest" or "net/http.NewRequestWithContext" or "net/http/httptest.NewRequest") return true;
        if (u is SignatureType) return true;
        if (u is InterfaceType iface)
        {
            if (iface.MethodSet.Count == 0)
                return callee.Pkg?.Path is not ("fmt" or "log" or "errors" or "log/slog" or "strings" or "bytes" or "strconv");
            foreach (var m in iface.MethodSet)
                if (m.Name is "Close" or "Stop") return true;
            return false;
        }
        var t = paramType is PointerType p ? p.Elem : paramType;
        if (t is NamedType named)
            foreach (var m in named.Methods)
                if (m.Name is "Close" or "Stop") return true;
        return false;
    }

    /// <summary>
    /// The argument a std call reads to EOF (or to an error), or -1: net/http hands a response's connection back
    /// to the pool as soon as its body reaches EOF, so `io.ReadAll(resp.Body)` releases it even without Close.
    /// </summary>
    public static int ReadsToEofArg(string fullName) => fullName switch
    {
        "io.ReadAll" or "io/ioutil.ReadAll" => 0,
        "io.Copy" or "io.CopyBuffer" => 1,
        _ => -1,
    };
}
