using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1002: a loop starts one goroutine per item, each sending its result on one unbuffered channel, but the
/// function receives from that channel only a fixed number of times outside any loop (the "first answer
/// wins" fan-out): every goroutine after the first blocks for ever on its send. Docs: docs/rules/LF1002.md.
/// </summary>
public sealed class LF1002AbandonedFanOut : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1002", "fan-out-results-abandoned", RuleCategory.GoroutineLeak, Severity.Error,
        "Goroutines started in a loop send on an unbuffered channel that is received fewer times than they send")
    {
        Since = "0.1",
        Summary = "goroutines started in a loop send on a channel received fewer times than they send",
    };

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (!pass.AnyNode(fn, n => n is GoStmt { Call.Fun: FuncLit })) continue;
            var loopGoroutines = new List<(GoStmt Go, FuncLit Lit, Stmt Loop)>();
            Loops.Walk(fn.Body, (n, loop) =>
            {
                if (n is GoStmt { Call.Fun: FuncLit lit } go && loop != null) loopGoroutines.Add((go, lit, loop));
            });
            foreach (var (go, lit, loop) in loopGoroutines) Check(pass, fn, go, lit, loop);
        }
    }

    private static void Check(Pass pass, FunctionBody fn, GoStmt go, FuncLit lit, Stmt loop)
    {
        foreach (var stmt in lit.Body.List)
        {
            // Only a send every goroutine makes: a statement of the literal's top level, outside any select.
            if (stmt is not SendStmt send || Expr.Unparen(send.Chan) is not Ident chId) continue;
            if (pass.Info.ObjectOf(chId) is not Var { IsField: false, Type.Underlying: ChanType } ch) continue;
            if (!Within(ch.Pos, fn.Body) || Within(ch.Pos, lit) || Within(ch.Pos, loop)) continue; // one channel shared by all
            if (Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
            var receives = CreatorReceives(pass, fn.Body, lit, ch);
            if (receives == null) continue;
            var first = receives.Count > 0 ? $"receives from {ch.Name} only {Times(receives.Count)} (line {pass.Line(receives[0])})" : $"never receives from {ch.Name}";
            var related = new List<RelatedLocation>
            {
                new(pass.Span(go), "a goroutine is started here on every iteration"),
                new(pass.Span(made), $"{ch.Name} is made unbuffered here"),
            };
            related.AddRange(receives.Select(r => new RelatedLocation(pass.Span(r), $"the only receive from {ch.Name}")));
            pass.Report(pass.Span(send),
                $"every iteration starts a goroutine that sends on {ch.Name}, but {fn.Name} {first}: the other goroutines block for ever on this send and leak; make {ch.Name} buffered with room for every sender (make(chan T, n)) or receive once per goroutine",
                related);
        }
    }

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";

    /// <summary>
    /// The creator's receives from ch, when they are a fixed number (none inside a loop, no range over ch) and
    /// ch goes nowhere else (no other closure, call or assignment sees it); null when we cannot tell.
    /// </summary>
    private static List<Node>? CreatorReceives(Pass pass, BlockStmt body, FuncLit lit, Var ch)
    {
        var receives = new List<Node>();
        var unknown = false;
        var ancestors = new List<Node>();
        var loopDepth = 0;
        Walker.Inspect(body, n =>
        {
            if (n == null)
            {
                if (ancestors[^1] is ForStmt or RangeStmt) loopDepth--;
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (ReferenceEquals(n, lit)) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch))
            {
                switch (Use(ancestors, id))
                {
                    case UseKind.Receive when loopDepth == 0 && !ancestors.Any(a => a is FuncLit):
                        receives.Add(ancestors[^1]);
                        break;
                    case UseKind.Definition or UseKind.Length:
                        break;
                    default:
                        unknown = true; // received in a loop, ranged over, closed, handed on: not ours to count
                        break;
                }
            }
            ancestors.Add(n);
            if (n is ForStmt or RangeStmt) loopDepth++;
            return !unknown;
        });
        return unknown ? null : receives;
    }

    private enum UseKind { Receive, Definition, Length, Other }

    private static UseKind Use(List<Node> ancestors, Ident id)
    {
        var parent = ancestors.Count > 0 ? ancestors[^1] : null;
        return parent switch
        {
            UnaryExpr { Op: Token.Arrow } => UseKind.Receive,
            AssignStmt a when a.Lhs.Any(l => ReferenceEquals(l, id)) => UseKind.Definition,
            ValueSpec vs when vs.Names.Any(x => ReferenceEquals(x, id)) => UseKind.Definition,
            CallExpr { Fun: Ident { Name: "len" or "cap" } } => UseKind.Length,
            _ => UseKind.Other,
        };
    }

    private static bool Within(int pos, Node n) => pos >= n.Pos().Value && pos < n.End().Value;
}
