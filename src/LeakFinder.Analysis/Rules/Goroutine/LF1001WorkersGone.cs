using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 with the roles reversed: the creator feeds its workers on an unbuffered channel (`jobs &lt;- j`, outside any
/// select), and every worker is a goroutine literal ranging over that channel that can leave its range early (a
/// return on an error, a `case &lt;-ctx.Done(): return`). Nothing else receives: once the workers have left, the
/// creator's next send blocks for ever.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>A worker: the go statement's call or the helper's call that starts it, its range, an early exit.</summary>
    private sealed record Worker(Node Start, RangeStmt Range, Stmt Exit, bool InLoop);

    private static void CheckWorkersGone(Pass pass, FunctionBody fn, Func<GoroutineStarters> starters)
    {
        // No goroutine here, nor a call statement handing a literal to a helper that could start it: skip the walk.
        if (!pass.AnyNode(fn, n => n is GoStmt || n is ExprStmt { X: CallExpr c } && c.Args.Any(a => Expr.Unparen(a) is FuncLit))) return;
        HashSet<Var>? done = null;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            // The feeder is the function itself, or a goroutine literal it starts (`go func() { for .. { ch <- j } }()`,
            // `g.Go(func() error {..})`): its send blocks it as well, and the function waiting for it.
            if (n is FuncLit lit)
                return !ancestors.Any(a => a is FuncLit) && ancestors.Count >= 2 && starters().StartedAt(ancestors[^1], ancestors[^2], lit);
            if (n is not SendStmt send || ancestors.Any(a => a is CommClause)) return true;
            var feeder = ancestors.OfType<FuncLit>().FirstOrDefault();
            if (Channels.LocalOf(pass, fn.Body, feeder, send.Chan) is not { } ch) return true;
            if (!(done ??= new(ReferenceEqualityComparer.Instance)).Add(ch) || Channels.UnbufferedMake(pass, fn.Body, ch) == null) return true;
            // A result the feeder receives while it feeds (`case kp := <-found: return kp`) tells it a worker left.
            var feedLoop = ancestors.LastOrDefault(a => a is ForStmt or RangeStmt);
            bool HeardBack(Var v) => feedLoop != null && Walker.Any(feedLoop, x => x is UnaryExpr { Op: Token.Arrow, X: Ident r } && ReferenceEquals(pass.Info.ObjectOf(r), v));
            if (Workers(pass, fn.Body, ch, feeder, starters(), HeardBack) is not { Count: > 0 } workers) return true;
            var w = workers[0];
            // One go statement feeding and one receiving, neither in a loop: the producer and consumer pair the
            // left-receive-loop check judges (CheckLeftReceiveLoop), not reported twice.
            if (feeder != null && workers is [{ Start: GoStmt, InLoop: false }] && PlainGoroutine(ancestors, feeder)) return true;
            var started = workers.Count == 1 ? $"the workers started at line {pass.Line(w.Start)}" : $"the workers of {workers.Count} {(workers.All(x => x.Start is GoStmt) ? "go statements" : "goroutine starts")} (the first at line {pass.Line(w.Start)})";
            var stuck = feeder == null ? $"{fn.Name} waits here for ever" : $"the feeding goroutine waits here for ever, with whoever waits for it";
            pass.Report(send,
                $"this send on {ch.Name} blocks for ever once the workers have left: {started} range over {ch.Name} and can leave the range early ({(w.Exit is ReturnStmt ? "return" : "break")} at line {pass.Line(w.Exit)}), and nothing else receives from {ch.Name}, which is unbuffered; when they all have (the same error, a cancelled context), {stuck}; select on a done channel or context as well, or keep the workers draining {ch.Name}",
                new RelatedLocation(pass.Span(w.Exit), "a worker leaves its range here"),
                new RelatedLocation(pass.Span(w.Start), "a worker is started here"));
            return true;
        });
    }

    /// <summary>
    /// The goroutine literals that receive from ch, when they are its only receivers: each ranges over ch (its only use
    /// of ch) and can leave that range early on a path its received value does not decide (`if j == nil { return }`
    /// is a stop value the creator sends on purpose). The creator itself, and the feeding goroutine literal when the
    /// feeder is one, may only send on ch and close it. Null when anything else uses ch, or some receiver never leaves
    /// early (it keeps draining).
    /// </summary>
    private static List<Worker>? Workers(Pass pass, BlockStmt body, Var ch, FuncLit? feeder, GoroutineStarters starters, Func<Var, bool> heardBack)
    {
        var workers = new List<Worker>();
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !pass.Info.Uses.TryGetValue(id, out var o) || !ReferenceEquals(o, ch)) return true;
            var parent = ancestors[^1];
            var lit = -1;
            for (var i = ancestors.Count - 1; i >= 0 && lit < 0; i--)
                if (ancestors[i] is FuncLit) lit = i;
            if (lit < 0 || ReferenceEquals(ancestors[lit], feeder))
            {
                ok = parent is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id)
                     || parent is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close";
                return false;
            }
            // In a literal run as a goroutine (`go func() { for j := range ch { ... } }()`, `g.Go(func() error {..})`),
            // the range at the literal's top level.
            var literal = (FuncLit)ancestors[lit];
            if (lit < 2 || !starters.StartedAt(ancestors[lit - 1], ancestors[lit - 2], literal)
                || parent is not RangeStmt range || !ReferenceEquals(Expr.Unparen(range.X), id) || ancestors.Skip(lit + 1).Take(ancestors.Count - lit - 2).Any(a => a is FuncLit or ForStmt or RangeStmt)
                || UsesIn(literal, pass, ch) != 1 || EarlyExitNotByValue(pass, range, heardBack) is not { } exit)
            {
                ok = false;
                return false;
            }
            var call = (CallExpr)ancestors[lit - 1];
            workers.Add(new Worker(ReferenceEquals(call.Fun, literal) && ancestors[lit - 2] is GoStmt go ? go : call, range, exit,
                ancestors.Take(lit).Any(a => a is ForStmt or RangeStmt)));
            return false;
        });
        return ok ? workers : null;
    }

    /// <summary>Whether the literal among the ancestors is started by a go statement outside any loop.</summary>
    private static bool PlainGoroutine(IReadOnlyList<Node> ancestors, FuncLit lit)
    {
        var i = 0;
        while (i < ancestors.Count && !ReferenceEquals(ancestors[i], lit)) i++;
        return i >= 2 && ancestors[i - 1] is CallExpr call && ReferenceEquals(call.Fun, lit) && ancestors[i - 2] is GoStmt
               && !ancestors.Take(i).Any(a => a is ForStmt or RangeStmt);
    }

    private static int UsesIn(FuncLit lit, Pass pass, Var ch)
    {
        var uses = 0;
        Walker.Inspect(lit.Body, n =>
        {
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var o) && ReferenceEquals(o, ch)) uses++;
            return true;
        });
        return uses;
    }

    /// <summary>A return or break leaving the range whose guarding conditions do not test the received value, and
    /// which no test failure precedes, nor a send of a result the feeder receives while it feeds; null when every
    /// early exit is decided by the value (a stop value) or announced.</summary>
    private static Stmt? EarlyExitNotByValue(Pass pass, RangeStmt range, Func<Var, bool> heardBack)
    {
        var received = new List<GoObject>();
        foreach (var e in new[] { range.Key, range.Value })
            if (e is Ident v && pass.Info.ObjectOf(v) is { } obj) received.Add(obj);
        bool ByValue(Node? cond) => cond != null && Walker.Any(cond, x => x is Ident i && pass.Info.ObjectOf(i) is { } obj && received.Exists(r => ReferenceEquals(r, obj)));
        Stmt? found = null;
        Walker.InspectWithAncestors(range.Body, (n, ancestors) =>
        {
            if (found != null || n is FuncLit) return false;
            var leaves = n is ReturnStmt || n is BranchStmt { Tok: Token.Break, Label: null } && !ancestors.Any(a => a is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt);
            if (!leaves) return true;
            foreach (var a in ancestors)
            {
                if (a is IfStmt ifs && ByValue(ifs.Cond) || a is SwitchStmt sw && ByValue(sw.Tag) || a is CaseClause cc && cc.List.Any(ByValue)) return false;
                if (a is BlockStmt b && b.List.Any(s => s.Pos().Value < n.Pos().Value && Walker.Any(s, x => x is CallExpr && TestFailureCalls.Contains(pass.Info, x)
                        || x is SendStmt { Chan: Ident sent } && pass.Info.ObjectOf(sent) is Var v && heardBack(v)))) return false;
            }
            found = (Stmt)n;
            return false;
        });
        return found;
    }
}
