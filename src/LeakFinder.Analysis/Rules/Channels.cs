using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules;

/// <summary>Channel facts from syntax and types, shared by the goroutine-leak rules.</summary>
public static class Channels
{
    /// <summary>
    /// The one definition of ch in body when it is `ch := make(chan T)` or `make(chan T, 0)` (an unbuffered
    /// channel) and ch is never assigned again; null otherwise.
    /// </summary>
    public static Node? UnbufferedMake(Pass pass, BlockStmt body, Var ch) => ConstantBufferMake(pass, body, ch) is (0, var at) ? at : null;

    /// <summary>
    /// A local channel made unbuffered in body whose every other use (in body and its closures) sends on it:
    /// no receiver exists, so a send on it never completes and a select never takes that case.
    /// </summary>
    public static bool NeverReceived(Pass pass, BlockStmt body, Var ch)
    {
        if (ch.IsField || UnbufferedMake(pass, body, ch) == null) return false;
        var uses = 0;
        var sends = 0;
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case SendStmt s when Expr.Unparen(s.Chan) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch):
                    sends++;
                    break;
                case Ident use when pass.Info.Uses.TryGetValue(use, out var o) && ReferenceEquals(o, ch):
                    uses++;
                    break;
            }
            return true;
        });
        // Every use is a send's channel (the definition is not a use; a plain `ch = ...` would have failed UnbufferedMake).
        return sends > 0 && sends == uses;
    }

    /// <summary>
    /// The one definition of ch in body when it is `ch := make(chan T)` or `make(chan T, K)` with K a constant,
    /// and ch is never assigned again: its capacity and the definition; null otherwise.
    /// </summary>
    public static (int Capacity, Node At)? ConstantBufferMake(Pass pass, BlockStmt body, Var ch) =>
        LocalValues.Of(pass.Info, body, ch) is { Paired: { } value } sole && ChannelMakes.Capacity(pass.Info, value) is { } capacity
            ? (capacity, sole.At) : null;

    /// <summary>The channel variable e names when it is declared in body and, given a literal of body, outside it
    /// (a creator's channel seen from its goroutine); null otherwise.</summary>
    public static Var? LocalOf(Pass pass, BlockStmt body, FuncLit? outside, Expr e) =>
        Expr.Unparen(e) is Ident id && pass.Info.ObjectOf(id) is Var { IsField: false, Type.Underlying: ChanType } v
        && v.Pos >= body.Lbrace.Value && v.Pos < body.End().Value && !(outside != null && v.Pos >= outside.Pos().Value && v.Pos < outside.End().Value) ? v : null;

    public static bool IsUnbufferedMake(Pass pass, Expr e) => IsUnbufferedMakeOf(pass.Info, e);

    /// <summary>`make(chan T)` or `make(chan T, 0)` (a constant zero).</summary>
    public static bool IsUnbufferedMakeOf(TypeInfo info, Expr e) =>
        Expr.Unparen(e) is CallExpr call && Calls.BuiltinName(info, call) == "make"
        && (call.Args.Count == 1 || (call.Args.Count == 2 && info.Types.TryGetValue(call.Args[1], out var tv) && tv.Value?.AsInt == 0));

    /// <summary>context.Context itself (a value whose Done a goroutine can leave on).</summary>
    public static bool IsContext(GoType? t) => t is NamedType { Obj: { Name: "Context", Pkg.Path: "context" } };
}
