using System.Numerics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// A loop of the form `for i := a; i OP b; i++` (or `i--`, `i += 1`, `i -= 1`) with constant bounds: its index
/// variable, its init statement, and how many times the condition holds when the body leaves the index alone.
/// </summary>
/// <param name="Index">The loop variable.</param>
/// <param name="Init">The init statement; after it the first test of the condition is decided.</param>
/// <param name="Trips">How many iterations the header allows (0 when the first test fails).</param>
/// <param name="BodyAssignsIndex">Whether the body (or a function literal in it) assigns the index, so
/// <paramref name="Trips"/> holds for the first test only.</param>
public sealed record CountedLoop(Var Index, AssignStmt Init, BigInteger Trips, bool BodyAssignsIndex)
{
    /// <summary>Whether the first test of the condition passes: the body runs at least once.</summary>
    public bool Entered => Trips > 0;

    /// <summary>The number of iterations when nothing but the post statement changes the index; null otherwise.</summary>
    public BigInteger? ExactTrips => BodyAssignsIndex ? null : Trips;
}

/// <summary>Recognises counted loops (Go knowledge: constant bounds decide the trip count).</summary>
public static class CountedLoops
{
    /// <summary>The counted loop <paramref name="loop"/> is, or null when its header is anything else.</summary>
    public static CountedLoop? Of(ForStmt loop, TypeInfo info)
    {
        if (loop.Init is not AssignStmt { Tok: Token.Define or Token.Assign, Lhs.Count: 1, Rhs.Count: 1 } init) return null;
        if (Expr.Unparen(init.Lhs[0]) is not Ident id || info.ObjectOf(id) is not Var index || index.IsField) return null;
        if (IntValue(info, init.Rhs[0]) is not { } start) return null;
        if (loop.Cond == null || Expr.Unparen(loop.Cond) is not BinaryExpr cond || !IsIndex(info, cond.X, index) || IntValue(info, cond.Y) is not { } bound) return null;
        if (Step(loop.Post, info, index) is not { } step) return null;
        BigInteger? trips = (cond.Op, step) switch
        {
            (Token.Lss, 1) => bound - start,
            (Token.Leq, 1) => bound - start + 1,
            (Token.Neq, 1) when start <= bound => bound - start,
            (Token.Gtr, -1) => start - bound,
            (Token.Geq, -1) => start - bound + 1,
            (Token.Neq, -1) when start >= bound => start - bound,
            _ => null,
        };
        if (trips is not { } n) return null;
        return new CountedLoop(index, init, BigInteger.Max(n, 0), Assigns(loop.Body, info, index));
    }

    private static bool IsIndex(TypeInfo info, Expr e, Var index) => Expr.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), index);

    private static BigInteger? IntValue(TypeInfo info, Expr e) =>
        info.Types.TryGetValue(e, out var tv) && tv.Value is { Kind: ConstantKind.Int } c ? c.Int : null;

    /// <summary>+1 or -1 for `i++`, `i--`, `i += 1`, `i -= 1`; null for any other post statement.</summary>
    private static int? Step(Stmt? post, TypeInfo info, Var index) => post switch
    {
        IncDecStmt inc when IsIndex(info, inc.X, index) => inc.Tok == Token.Inc ? 1 : -1,
        AssignStmt { Tok: Token.AddAssign or Token.SubAssign, Lhs.Count: 1, Rhs.Count: 1 } a
            when IsIndex(info, a.Lhs[0], index) && IntValue(info, a.Rhs[0]) == 1 => a.Tok == Token.AddAssign ? 1 : -1,
        _ => null,
    };

    /// <summary>Whether anything in the body assigns the index or takes its address.</summary>
    private static bool Assigns(BlockStmt body, TypeInfo info, Var index)
    {
        var assigns = false;
        Walker.Inspect(body, n =>
        {
            if (n == null || assigns) return false;
            assigns = n switch
            {
                AssignStmt a => a.Lhs.Any(l => IsIndex(info, l, index)),
                IncDecStmt inc => IsIndex(info, inc.X, index),
                UnaryExpr { Op: Token.And } u => IsIndex(info, u.X, index),
                _ => false,
            };
            return !assigns;
        });
        return assigns;
    }
}
