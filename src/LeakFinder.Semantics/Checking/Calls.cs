using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Semantics.Checking;

/// <summary>
/// What a call calls, as far as the checker knows: a declared function or method, a builtin, a conversion, or
/// nobody known; and which parameter an argument binds to. Go knowledge every analysis shares, so it lives
/// beside the checker's <see cref="TypeInfo"/> rather than in each analysis.
/// </summary>
public static class Calls
{
    /// <summary>The function or method a call statically calls, as declared: a generic function or a method of a
    /// generic type whatever its type arguments (`c.remember(k, v)` on a `*Cache[K, V]` is Cache's remember, the
    /// declaration analyses keep summaries for); null for calls of function values, builtins, conversions and
    /// callees the checker could not resolve.</summary>
    public static Func? Callee(TypeInfo info, CallExpr call)
    {
        var fun = Expr.Unparen(call.Fun);
        if (fun is IndexExpr ix) fun = Expr.Unparen(ix.X);
        else if (fun is IndexListExpr il) fun = Expr.Unparen(il.X);
        var obj = fun switch
        {
            // A callee expression uses its name, never defines it: Uses alone (ObjectOf would first miss in Defs).
            Ident id => info.Uses.GetValueOrDefault(id),
            SelectorExpr sel => info.Uses.GetValueOrDefault(sel.Sel),
            _ => null,
        };
        return obj is Func { Signature: not null } f ? f.Declared : null;
    }

    /// <summary>The builtin's name when the call calls a predeclared function (len, close, append, ...).</summary>
    public static string? BuiltinName(TypeInfo info, CallExpr call) =>
        Expr.Unparen(call.Fun) is Ident id && info.ObjectOf(id) is Builtin b ? b.Name : null;

    /// <summary>A conversion T(x): the callee expression denotes a type.</summary>
    public static bool IsConversion(TypeInfo info, CallExpr call) =>
        info.Types.TryGetValue(call.Fun, out var tv) ? tv.IsType : Expr.Unparen(call.Fun) is Syntax.Ast.ArrayType or Syntax.Ast.ChanType or Syntax.Ast.FuncType or Syntax.Ast.MapType or Syntax.Ast.InterfaceType or Syntax.Ast.StructType;

    /// <summary>Whether a call calls a name of cgo's pseudo-package (`C.puts(p)`, `C.free(p)`), declared or not:
    /// a C function, whose body is C.</summary>
    public static bool IsCgoCall(TypeInfo info, CallExpr call) =>
        Expr.Unparen(call.Fun) is SelectorExpr { X: Ident pkg } && info.ObjectOf(pkg) is PkgName pn && Cgo.Is(pn.Imported);

    /// <summary>A package of the standard library, as the loader found it (a module named without a dot is not).</summary>
    public static bool IsStd(Package? pkg) => pkg is { IsStandard: true, IsUnknown: false };

    /// <summary>The declared type of the callee's parameter an argument binds to (variadic tail: the element type).</summary>
    public static GoType? ParamType(SignatureType sig, int argIndex, bool spread)
    {
        var n = sig.Params.Count;
        if (n == 0) return null;
        if (argIndex < n - 1 || !sig.Variadic) return argIndex < n ? sig.Params[argIndex].Type : null;
        var last = sig.Params[n - 1].Type;
        return spread ? last : last is SliceType s ? s.Elem : last;
    }
}
