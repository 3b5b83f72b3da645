using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1011: a function sends on an unbuffered channel before it creates the only code that receives from it
/// (`c.ch &lt;- struct{}{}` as the first statement of Start, whose worker literal, started after it, is the
/// channel's one reader). A function literal cannot run before it exists, so nothing can receive yet and the
/// send blocks for ever, on every call. Docs: docs/rules/LF1011.md.
/// </summary>
public sealed class LF1011SendBeforeReceiver : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1011", "send-before-receiver", RuleCategory.GoroutineLeak, Severity.Error,
        "A send on an unbuffered channel comes before the only code that receives from it is created")
    {
        Since = "0.5",
        Summary = "a function sends on an unbuffered channel before creating the function literal (a goroutine, a worker) that is its only receiver",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RunLoops.Analysis];

    public override void Run(Pass pass)
    {
        var model = pass.ResultOf(RunLoops.Analysis);
        foreach (var fn in pass.Functions)
        {
            // Only a send every call makes: a statement of the body itself, not under a condition or in a loop, so
            // no earlier call can have created a receiver and left without sending.
            foreach (var stmt in fn.Body.List)
            {
                if (stmt is not SendStmt send || !LaterLiteralReceives(pass, fn.Body, send)) continue;
                List<Node> receives;
                string name;
                if (LockPaths.Of(pass.Info, send.Chan) is { Class: { } cls } path && path.Fields.Length > 0)
                {
                    if (pass.ExportedOutside(cls, last: true) || !model.Fields.TryGetValue(cls, out var use) || !use.Unbuffered) continue;
                    receives = use.ReceiveSites;
                    name = path.Text;
                }
                else if (Expr.Unparen(send.Chan) is Ident id && pass.Info.ObjectOf(id) is Var local && Channels.UnbufferedMake(pass, fn.Body, local) != null
                         && LocalReceives(pass, fn.Body, local) is { } localReceives)
                {
                    receives = localReceives;
                    name = local.Name;
                }
                else continue;
                if (receives.Count == 0 || !receives.All(r => InLiteralAfter(fn.Body, send, r, out _))) continue;
                InLiteralAfter(fn.Body, send, receives[0], out var receiver);
                pass.Report(send, $"this send on the unbuffered {name} comes before the only code that receives from it exists: the function literal at line {pass.Line(receiver!)} is created after it, so nothing can receive yet and the send blocks for ever, on every call; start the receiver first, or make the channel buffered",
                    new RelatedLocation(pass.Span(receiver!), "the receiver, created only after the send"),
                    new RelatedLocation(pass.Span(receives[0]), "receives here"));
            }
        }
    }

    /// <summary>A cheap test before any survey of the package: some function literal in a later statement of the
    /// body receives from a channel of the send's type named the same way (most sends have none).</summary>
    private static bool LaterLiteralReceives(Pass pass, BlockStmt body, SendStmt send)
    {
        var name = Expr.Unparen(send.Chan) switch { Ident id => id.Name, SelectorExpr sel => sel.Sel.Name, _ => null };
        if (name == null) return false;
        var after = false;
        foreach (var stmt in body.List)
        {
            if (ReferenceEquals(stmt, send)) { after = true; continue; }
            if (after && Walker.Any(stmt, n => n is FuncLit lit && Walker.Any(lit.Body, r =>
                    r is UnaryExpr { Op: Token.Arrow, X: var x } && Named(x, name) || r is RangeStmt rs && Named(rs.X, name)))) return true;
        }
        return false;
    }

    private static bool Named(Expr e, string name) => Expr.Unparen(e) switch
    {
        Ident id => id.Name == name,
        SelectorExpr sel => sel.Sel.Name == name,
        _ => false,
    };

    /// <summary>Whether the receive is inside a function literal that is part of a later statement of the body
    /// (a `go func() {...}()`, a worker handed to a runner): such a literal cannot run before the send.</summary>
    private static bool InLiteralAfter(BlockStmt body, SendStmt send, Node receive, out FuncLit? literal)
    {
        literal = null;
        var at = receive.Pos().Value;
        foreach (var stmt in body.List)
        {
            if (stmt.Pos().Value <= send.Pos().Value || at < stmt.Pos().Value || at >= stmt.End().Value) continue;
            FuncLit? found = null;
            Walker.Inspect(stmt, n =>
            {
                if (found != null) return false;
                if (n is FuncLit lit && at >= lit.Pos().Value && at < lit.End().Value) found = lit;
                return found == null;
            });
            literal = found;
            return found != null;
        }
        return false;
    }

    /// <summary>The receives of a local channel in its function; null when the channel escapes (passed, stored,
    /// returned): then others may receive.</summary>
    private static List<Node>? LocalReceives(Pass pass, BlockStmt body, Var ch) =>
        LocalChannelUses.Of(pass.Info, body, ch) is { Escapes: false } uses ? uses.Receives : null;
}
