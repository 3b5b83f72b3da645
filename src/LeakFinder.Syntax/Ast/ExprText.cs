namespace LeakFinder.Syntax.Ast;

/// <summary>The short source text of the expressions messages name (a channel, a Once, a cancel): `s.stop`,
/// `w.conns[id]`, `ctx.Done()`, `&amp;s.once`. The part of go/types.ExprString messages need; anything longer
/// (a literal, a call with arguments, an operation) gives null, for the caller's own word ("the channel").</summary>
public static class ExprText
{
    public static string? Path(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        BasicLit lit => lit.Value,
        SelectorExpr sel => Path(sel.X) is { } x ? x + "." + sel.Sel.Name : null,
        IndexExpr ix => Path(ix.X) is { } x && Path(ix.Index) is { } i ? x + "[" + i + "]" : null,
        CallExpr { Args.Count: 0 } call => Path(call.Fun) is { } f ? f + "()" : null,
        UnaryExpr { Op: Token.And } u => Path(u.X) is { } x ? "&" + x : null,
        StarExpr star => Path(star.X) is { } x ? "*" + x : null,
        _ => null,
    };
}
