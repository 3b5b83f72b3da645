using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a generator: a function of the package that makes an unbuffered channel, starts a goroutine that
/// sends on it again and again (every send in a loop, outside any select, none its last value) and returns it
/// (`func (t *Tree) Values() &lt;-chan int`). The goroutine has no way to stop but a receiver taking every value, so
/// a caller that leaves its range over the channel early (`for v := range t.Values() { if v == x { return true } }`)
/// or takes one value (`&lt;-t.Values()`) leaves it blocked on its next send for ever, once per call.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    /// <summary>A generator: its declaration, the channel it returns, the goroutine feeding it and one of its sends; for a
    /// producer that sends twice on some path (<see cref="TwiceSenderOf"/>), First and Second are the two sends.</summary>
    private sealed record Generator(FuncDecl Decl, Var Ch, GoStmt Go, FuncLit Producer, SendStmt Send, Node? First = null, Node? Second = null);

    private static void CheckGenerators(Pass pass)
    {
        Dictionary<Func, Generator>? generators = null;
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Body: not null } fd && pass.Info.Defs.GetValueOrDefault(fd.Name) is Func f && (GeneratorOf(pass, fd) ?? TwiceSenderOf(pass, fd)) is { } g)
                (generators ??= new(ReferenceEqualityComparer.Instance))[f] = g;
        if (generators == null) return;
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit && ancestors.Count > 0) return false; // its own function body, visited on its own
                if (n is not CallExpr call || Calls.Callee(pass.Info, call) is not { } callee || !generators.TryGetValue(callee, out var g)) return true;
                if (ReferenceEquals(fn.Function, g.Decl)) return true;
                if (g.First != null) CheckTwiceConsumer(pass, fn, call, g, ancestors);
                else CheckConsumer(pass, fn, call, g, ancestors);
                return true;
            });
    }

    /// <summary>How a caller uses the generator's channel: a range over the call, a receive of one value from it, or a
    /// local it ranges over (judged as a creator's channel, <see cref="CheckLeftReceiveLoop"/>).</summary>
    private static void CheckConsumer(Pass pass, FunctionBody fn, CallExpr call, Generator g, IReadOnlyList<Node> ancestors)
    {
        var name = g.Decl.Name.Name;
        var who = $"the goroutine {name} starts (line {pass.Line(g.Go)})";
        var parent = ancestors.Count > 0 ? ancestors[^1] : null;
        bool SendsOn(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), g.Ch);
        switch (parent)
        {
            case RangeStmt r when ReferenceEquals(Expr.Unparen(r.X), call):
            {
                var label = ancestors.Count > 1 && ancestors[^2] is LabeledStmt ls ? ls.Label.Name : null;
                if (Loops.EarlyExit(r, label) is not { } exit) return;
                var how = Loops.ExitWord(exit);
                pass.Report(pass.Span(call),
                    $"{who} sends on the channel {name} returns value after value, but {fn.Name} can leave its range over it early ({how} at line {pass.Line(exit)}): the channel is unbuffered and nobody else receives, so the goroutine blocks for ever on its next send and leaks with everything it references, once per call; keep receiving until the channel is closed, or give {name} a done channel (or context) that its send selects on",
                    [
                        new RelatedLocation(pass.Span(exit), "leaves the range early"),
                        new RelatedLocation(pass.Span(g.Send), "the goroutine sends again here"),
                    ], onlyWhenTestFails: AfterTestFailure(pass, fn.Body, exit));
                return;
            }
            case UnaryExpr { Op: Token.Arrow } recv when ReferenceEquals(Expr.Unparen(recv.X), call):
                pass.Report(call,
                    $"{fn.Name} takes one value from the channel {name} returns and drops it, but {who} sends on it value after value: the channel is unbuffered and nobody else receives, so once the goroutine has a second value it blocks for ever on that send and leaks with everything it references, once per call; drain the channel, or give {name} a done channel (or context) that its send selects on",
                    new RelatedLocation(pass.Span(g.Send), "the goroutine sends again here"));
                return;
            case AssignStmt { Tok: Token.Define, Lhs: [Ident local], Rhs: [var rhs] } a when ReferenceEquals(Expr.Unparen(rhs), call) && pass.Info.ObjectOf(local) is Var v:
                if (CheckLeftReceiveLoop(pass, fn, v, g.Producer.Body, pass.Info, SendsOn, a, call, who)) return;
                if (SingleReceives(pass, fn.Body, v) is { Count: > 0 } taken)
                    pass.Report(call,
                        $"{fn.Name} takes {(taken.Count == 1 ? "one value" : $"{taken.Count} values")} from {v.Name}, the channel {name} returns, and drops it, but {who} sends on it value after value: the channel is unbuffered and nobody else receives, so once the goroutine has more values than that it blocks for ever on its next send and leaks with everything it references, once per call; drain the channel, or give {name} a done channel (or context) that its send selects on",
                        new RelatedLocation(pass.Span(taken[^1]), "the last receive"),
                        new RelatedLocation(pass.Span(g.Send), "the goroutine sends again here"));
                return;
        }
    }

    /// <summary>The receives from v when v is used for nothing else and none of them is in a loop or a literal: a fixed
    /// number of values taken; null otherwise.</summary>
    private static List<UnaryExpr>? SingleReceives(Pass pass, BlockStmt body, Var v)
    {
        var receives = new List<UnaryExpr>();
        var ok = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var o) && ReferenceEquals(o, v))
            {
                if (ancestors[^1] is UnaryExpr { Op: Token.Arrow } recv && !ancestors.Any(a => a is ForStmt or RangeStmt or FuncLit or SelectStmt)) receives.Add(recv);
                else ok = false;
            }
            return true;
        });
        return ok ? receives : null;
    }

    /// <summary>Every return gives the same local channel, made unbuffered here, used nowhere else but by one goroutine
    /// literal (started once, not in a loop): the channel, the go statement and the literal; null otherwise.</summary>
    private static (Var Ch, GoStmt Go, FuncLit Lit)? SingleProducer(Pass pass, FuncDecl fd)
    {
        if (DroppedResults.ReturnedChannel(pass, fd) is not { Local: var ch }
            || Channels.UnbufferedMake(pass, fd.Body!, ch) == null) return null;
        GoStmt? go = null;
        var ok = true;
        Walker.InspectWithAncestors(fd.Body!, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is GoStmt g && Expr.Unparen(g.Call.Fun) is FuncLit && Walker.Any(g, x => x is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch)))
            {
                if (go != null || ancestors.Any(x => x is ForStmt or RangeStmt)) ok = false;
                go = g;
                return false;
            }
            if (n is Ident use && pass.Info.Uses.TryGetValue(use, out var o) && ReferenceEquals(o, ch) && ancestors[^1] is not ReturnStmt) ok = false;
            return true;
        });
        return ok && go != null ? (ch, go, (FuncLit)Expr.Unparen(go.Call.Fun)) : null;
    }

    /// <summary>A <see cref="SingleProducer"/> whose literal only sends on the channel in loops and maybe closes it.</summary>
    private static Generator? GeneratorOf(Pass pass, FuncDecl fd)
    {
        if (SingleProducer(pass, fd) is not var (ch, go, lit)) return null;
        var sends = RepeatedSends(pass.Info, lit.Body, e => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch));
        if (sends == null && RecursiveSender(pass, lit.Body, ch) is { } walkSend) return new Generator(fd, ch, go, lit, walkSend);
        // A producer counted to a constant (`for i := 0; i < 3; i++`) sends a known number of values a caller may take.
        if (sends is not { Count: > 0 } || sends.Exists(s => InCountedLoop(pass, lit.Body, s))) return null;
        return new Generator(fd, ch, go, lit, sends[0]);
    }

    /// <summary>
    /// A producer that hands the channel to a recursive walk of the package (`t.walk(ch); close(ch)`, where walk
    /// sends each node's value and calls itself on the children): the literal uses ch only in calls of that one
    /// function and in a close, and the function uses its parameter only to send (outside any select) and to pass
    /// it to itself at the same place. Its first send, or null.
    /// </summary>
    private static SendStmt? RecursiveSender(Pass pass, BlockStmt producer, Var ch)
    {
        bool IsCh(Expr e) => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch);
        Func? walk = null;
        var index = -1;
        var ok = true;
        Walker.InspectWithAncestors(producer, (n, ancestors) =>
        {
            if (!ok || n is FuncLit) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), ch)) return true;
            if (ancestors[^1] is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close") return true;
            if (ancestors[^1] is CallExpr call && Calls.Callee(pass.Info, call) is { } f && call.Args.ToList().FindIndex(IsCh) is var i and >= 0
                && (walk == null || ReferenceEquals(walk, f) && index == i))
                (walk, index) = (f, i);
            else ok = false;
            return true;
        });
        if (!ok || walk == null) return null;
        if (pass.Functions.Select(fn => fn.Function).OfType<FuncDecl>().FirstOrDefault(d => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), walk)) is not { Body: { } body } decl
            || SummaryBuilder.ParamVars(decl, pass.Info).ElementAtOrDefault(index) is not { } param) return null;
        SendStmt? first = null;
        var recursive = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!ok || n is FuncLit) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), param)) return true;
            var parent = ancestors[^1];
            if (parent is SendStmt send && ReferenceEquals(Expr.Unparen(send.Chan), id) && !ancestors.Any(a => a is SelectStmt)) first ??= send;
            else if (parent is CallExpr call && ReferenceEquals(Calls.Callee(pass.Info, call), walk) && call.Args.Count > index && ReferenceEquals(Expr.Unparen(call.Args[index]), id))
                recursive = true;
            else ok = false;
            return true;
        });
        return ok && recursive ? first : null;
    }

    /// <summary>Whether a loop around the send runs a constant number of times.</summary>
    private static bool InCountedLoop(Pass pass, BlockStmt body, SendStmt send)
    {
        var counted = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (ReferenceEquals(n, send))
                counted = ancestors.OfType<ForStmt>().Any(f => f.Cond is BinaryExpr { Y: var bound } && pass.Info.Types.TryGetValue(bound, out var tv) && tv.Value != null);
            return !counted;
        });
        return counted;
    }
}
