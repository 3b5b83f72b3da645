using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1012 for two sides of one function, each sending first: the function and a goroutine literal it starts (or two
/// goroutine literals) whose first channel operation is a send on an unbuffered channel of the function that only the
/// other side receives from, after its own first send. Each send waits for a receive that comes after the other
/// side's blocked send: both block for ever (a handshake where client and server both speak first).
/// </summary>
public sealed partial class LF1012LoopsSendToEachOther
{
    /// <summary>One side: the function's statements after the go statement, or a goroutine literal's body.</summary>
    private sealed record Side(string Name, IReadOnlyList<Stmt> Stmts, Node Scope);

    private static void CheckSendFirst(Pass pass, FunctionBody fn)
    {
        List<(GoStmt Go, FuncLit Lit, int Index)>? goes = null;
        for (var i = 0; i < fn.Body.List.Count; i++)
            if (fn.Body.List[i] is GoStmt { Call.Fun: FuncLit lit } go) (goes ??= []).Add((go, lit, i));
        if (goes == null) return;
        var sides = new List<Side>();
        foreach (var (go, lit, index) in goes)
            sides.Add(new Side($"the goroutine started at line {pass.Line(go)}", lit.Body.List, lit));
        var last = goes[^1].Index;
        sides.Add(new Side(fn.Name, fn.Body.List.Skip(last + 1).ToList(), fn.Body));
        var firsts = sides.Select(s => FirstSend(pass, fn.Body, s)).ToList();
        for (var a = 0; a < sides.Count; a++)
            for (var b = a + 1; b < sides.Count; b++)
            {
                if (firsts[a] is not { } sa || firsts[b] is not { } sb || ReferenceEquals(sa.Ch, sb.Ch)) continue;
                // Each channel is received by the other side only, and nothing else uses either.
                if (!OnlyBetween(pass, fn.Body, sa.Ch, sides[b].Scope, sides[a].Scope, goes) || !OnlyBetween(pass, fn.Body, sb.Ch, sides[a].Scope, sides[b].Scope, goes)) continue;
                pass.Report(sa.At,
                    $"{Capital(sides[a].Name)} sends on {sa.Ch.Name} first while {sides[b].Name} sends on {sb.Ch.Name} first (line {pass.Line(sb.At)}): both channels are unbuffered and each side receives only after its own send, so each send waits for a receive that never comes and both block for ever; let one side receive first, or make one of the channels buffered",
                    new RelatedLocation(pass.Span(sb.At), "the other side's first send"));
            }
    }

    private static string Capital(string s) => s.Length > 0 && char.IsLower(s[0]) && s.StartsWith("the ", StringComparison.Ordinal) ? "T" + s[1..] : s;

    /// <summary>The side's first statement that touches a channel of the function: a send on an unbuffered local
    /// channel, as a plain statement; null when that first statement is anything else (a receive, a select, a loop
    /// or branch that mentions a channel).</summary>
    private static (Var Ch, SendStmt At)? FirstSend(Pass pass, BlockStmt body, Side side)
    {
        foreach (var stmt in side.Stmts)
        {
            if (stmt is SendStmt s && Expr.Unparen(s.Chan) is Ident id && Channels.LocalOf(pass, body, null, id) is { } ch)
                return Channels.UnbufferedMake(pass, body, ch) != null ? (ch, s) : null;
            if (stmt is GoStmt or DeferStmt) continue;
            if (Walker.Any(stmt, n => n is Ident i && pass.Info.Uses.ContainsKey(i) && Channels.LocalOf(pass, body, null, i) != null || n is ReturnStmt or BranchStmt)) return null;
        }
        return null;
    }

    /// <summary>Whether every use of ch in the function other than its definition is a send in the sender side or a
    /// receive in the receiver side (outside select, and outside any other goroutine literal).</summary>
    private static bool OnlyBetween(Pass pass, BlockStmt body, Var ch, Node receiver, Node sender, List<(GoStmt Go, FuncLit Lit, int Index)> goes)
    {
        var ok = true;
        var received = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !pass.Info.Uses.TryGetValue(id, out var o) || !ReferenceEquals(o, ch)) return true;
            // The side a use belongs to: its innermost goroutine literal of the function, or the function itself.
            Node scope = body;
            foreach (var a in ancestors)
                if (a is FuncLit l && goes.Exists(g => ReferenceEquals(g.Lit, l))) scope = l;
                else if (a is FuncLit) { ok = false; return false; }
            var parent = ancestors[^1];
            if (ancestors.Any(a => a is CommClause)) ok = false;
            else if (parent is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id)) ok = ReferenceEquals(scope, sender);
            else if (parent is UnaryExpr { Op: Token.Arrow }) { ok = ReferenceEquals(scope, receiver); received = true; }
            else ok = false;
            return false;
        });
        return ok && received;
    }
}
