using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>Who a call calls, as far as the checker knows: a declared function or method, a builtin, or nobody known.</summary>
public static class Calls
{
    public static Expr Unparen(Expr e)
    {
        while (e is ParenExpr p) e = p.X;
        return e;
    }

    /// <summary>The function or method a call statically calls (generic instantiations included); null for
    /// calls of function values, builtins, conversions and callees the checker could not resolve.</summary>
    public static Func? Callee(TypeInfo info, CallExpr call)
    {
        var fun = Unparen(call.Fun);
        if (fun is IndexExpr ix) fun = Unparen(ix.X);
        else if (fun is IndexListExpr il) fun = Unparen(il.X);
        var obj = fun switch
        {
            Ident id => info.ObjectOf(id),
            SelectorExpr sel => info.Uses.GetValueOrDefault(sel.Sel),
            _ => null,
        };
        return obj is Func { Signature: not null } f ? f : null;
    }

    /// <summary>The builtin's name when the call calls a predeclared function (len, close, append, ...).</summary>
    public static string? BuiltinName(TypeInfo info, CallExpr call) =>
        Unparen(call.Fun) is Ident id && info.ObjectOf(id) is Builtin b ? b.Name : null;

    /// <summary>A conversion T(x): the callee expression denotes a type.</summary>
    public static bool IsConversion(TypeInfo info, CallExpr call) =>
        info.Types.TryGetValue(call.Fun, out var tv) ? tv.IsType : Unparen(call.Fun) is Syntax.Ast.ArrayType or Syntax.Ast.ChanType or Syntax.Ast.FuncType or Syntax.Ast.MapType or Syntax.Ast.InterfaceType or Syntax.Ast.StructType;

    /// <summary>Std's import paths have no dot in their first element, as the go command decides.</summary>
    public static bool IsStd(Package? pkg)
    {
        if (pkg == null) return false;
        var path = pkg.Path;
        var slash = path.IndexOf('/');
        var first = slash < 0 ? path : path[..slash];
        return !first.Contains('.') && !pkg.IsUnknown;
    }

    /// <summary>
    /// Std functions that keep a reader or writer they are given beyond the call (a profile or trace written
    /// in the background, a logger's output), although their parameter type could only read or write it.
    /// </summary>
    public static readonly IReadOnlySet<string> KeepsArguments = new HashSet<string>(StringComparer.Ordinal)
    {
        "runtime/pprof.StartCPUProfile", "runtime/trace.Start", "log.SetOutput", "(*log.Logger).SetOutput", "log.New",
        "log/slog.NewTextHandler", "log/slog.NewJSONHandler", "os/signal.Notify", "(*net/http.Server).Serve",
    };

    /// <summary>The declared type of the callee's parameter an argument binds to (variadic tail: the element type).</summary>
    public static GoType? ParamType(SignatureType sig, int argIndex, bool spread)
    {
        var n = sig.Params.Count;
        if (n == 0) return null;
        if (argIndex < n - 1 || !sig.Variadic) return argIndex < n ? sig.Params[argIndex].Type : null;
        var last = sig.Params[n - 1].Type;
        return spread ? last : last is SliceType s ? s.Elem : last;
    }

    /// <summary>
    /// Whether a std function whose body we do not read could close, stop or keep a value passed as a
    /// parameter of this type: a function value (it may call it), an interface or type with a Close or Stop
    /// method (it may close it, as http.Serve closes its listener), or `any` outside the formatting packages
    /// (sync.Map.Store and context.WithValue keep it). An io.Reader or io.Writer parameter can only read or write.
    /// </summary>
    public static bool StdParamMayOwn(GoType paramType, Func callee)
    {
        var u = paramType.Underlying;
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
}
