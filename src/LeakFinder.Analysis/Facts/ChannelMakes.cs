using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>Channels made with `make`, as the channel rules and lock facts read them.</summary>
public static class ChannelMakes
{
    /// <summary>Whether e is `make(chan T, ...)`.</summary>
    public static bool IsMake(TypeInfo info, Expr e) =>
        Expr.Unparen(e) is CallExpr call && Calls.BuiltinName(info, call) == "make" && info.TypeOf(call)?.Underlying is Semantics.Types.ChanType;

    /// <summary>The capacity of `make(chan T)` (0) or `make(chan T, k)` with k a constant (below a bound that keeps it
    /// an int); null for anything else, a computed capacity included.</summary>
    public static int? Capacity(TypeInfo info, Expr e)
    {
        if (!IsMake(info, e)) return null;
        var call = (CallExpr)Expr.Unparen(e);
        if (call.Args.Count < 2) return 0;
        return info.Types.TryGetValue(call.Args[1], out var tv) && tv.Value?.AsInt is { } k && k >= 0 && k < 1 << 20 ? (int)k : null;
    }
}
