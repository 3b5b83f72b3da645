using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a pipeline joined by a local slice of channels: the function makes `chans := make([]chan T, n)`, fills
/// every element with an unbuffered channel, starts goroutines that send on elements again and again with plain
/// sends (a feeder on `chans[0]`, stages given `chans[i]` and `chans[i+1]`), and ranges over the last element itself
/// in a loop that a return or break leaves early: the last stage blocks on its next send, the stages before it and
/// the feeder on theirs. The elements are one family: we cannot tell the indexes apart, so the slice must go
/// nowhere else and every element must be made unbuffered.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckChannelSlices(Pass pass, FunctionBody fn)
    {
        if (!pass.AnyNode(fn, NodeKinds.GoStmt, n => n is GoStmt)) return;
        foreach (var slice in ChannelSlicesDefined(pass, fn.Body))
        {
            if (SliceUses(pass, fn, slice) is not { } uses || uses.Producer is not var (go, send)) continue;
            foreach (var (loop, label) in uses.Loops)
            {
                if (Loops.EarlyExit(loop, label) is not { } exit) continue;
                if (exit is not ReturnStmt && uses.Loops.Any(l => l.Loop.Pos().Value >= loop.End().Value)) continue; // a drain after the loop
                var how = Loops.ExitWord(exit);
                pass.Report(pass.Span(send),
                    $"this goroutine sends again and again, with plain sends, on an element of {slice.Name}, the unbuffered channels joining {fn.Name}'s pipeline, but {fn.Name} can leave its loop receiving from {slice.Name} early ({how} at line {pass.Line(exit)}): the last stage blocks for ever on its next send, every stage and feeder before it on theirs, and all of them leak; make each send select on a done channel that {fn.Name} closes when it returns",
                    [
                        new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                        new RelatedLocation(pass.Span(exit), $"leaves the loop receiving from {slice.Name}"),
                        new RelatedLocation(pass.Span(loop), $"{slice.Name}'s last stage is received here"),
                    ]);
                break;
            }
        }
    }

    /// <summary>Local slices or arrays of channels defined in the body (`chans := make([]chan T, n)`, `var c [3]chan T`).</summary>
    private static List<Var> ChannelSlicesDefined(Pass pass, BlockStmt body)
    {
        var found = new List<Var>();
        pass.Info.Nodes.Inspect(body, NodeKinds.AssignStmt | NodeKinds.ValueSpec, n =>
        {
            IEnumerable<Ident> names = n switch
            {
                AssignStmt { Tok: Token.Define } a => a.Lhs.OfType<Ident>(),
                ValueSpec vs => vs.Names,
                _ => [],
            };
            foreach (var id in names)
                if (pass.Info.Defs.GetValueOrDefault(id) is Var { Type.Underlying: Semantics.Types.SliceType { Elem.Underlying: ChanType } or Semantics.Types.ArrayType { Elem.Underlying: ChanType } } v)
                    found.Add(v);
            return true;
        });
        return found;
    }

    private sealed record SliceUseSummary((GoStmt Go, Node Send)? Producer, List<(Stmt Loop, string? Label)> Loops);

    /// <summary>
    /// How the function uses the slice, when every use is one we understand: elements made unbuffered, sent on,
    /// received, ranged over, closed, or handed to a started goroutine; the slice itself only defined, measured or
    /// ranged for its indexes. Producer: a goroutine that sends on an element in a loop with plain sends (its literal's
    /// send, or the go statement of a package function that does so on the parameter the element is passed as).
    /// Loops: the function's own loops receiving from an element. Null when the slice goes anywhere else.
    /// </summary>
    private static SliceUseSummary? SliceUses(Pass pass, FunctionBody fn, Var slice)
    {
        var made = 0;
        var bad = false;
        (GoStmt, Node)? producer = null;
        var loops = new List<(Stmt, string?)>();
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (bad) return false;
            if (n is not Ident id || !ReferenceEquals(pass.Info.ObjectOf(id), slice)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            var literal = ancestors.LastOrDefault(a => a is FuncLit);
            switch (parent)
            {
                case AssignStmt { Tok: Token.Define } a when a.Lhs.Any(l => ReferenceEquals(l, id)):
                case ValueSpec:
                case CallExpr { Fun: Ident { Name: "len" or "cap" } }:
                case RangeStmt { Value: null } r when ReferenceEquals(r.X, id):
                    break;
                case IndexExpr ix when ReferenceEquals(ix.X, id):
                    var up = ancestors.Count > 1 ? ancestors[^2] : null;
                    switch (up)
                    {
                        case AssignStmt { Lhs: [var l], Rhs: [var r] } when ReferenceEquals(l, ix):
                            if (Channels.IsUnbufferedMake(pass, r) && literal == null) made++;
                            else bad = true;
                            break;
                        case SendStmt s when ReferenceEquals(s.Chan, ix):
                            if (literal is FuncLit lit && GoOf(ancestors, lit) is { } goLit && producer == null && PlainLoopSend(ancestors, lit)) producer = (goLit, s);
                            break;
                        case UnaryExpr { Op: Token.Arrow }:
                            if (literal == null && Loops.Innermost(ancestors) is var (loop, label)) loops.Add((loop, label));
                            break;
                        case RangeStmt r when ReferenceEquals(r.X, ix):
                            if (literal == null) loops.Add((r, ancestors.Count > 2 && ancestors[^3] is LabeledStmt ls ? ls.Label.Name : null));
                            break;
                        case CallExpr c when Calls.BuiltinName(pass.Info, c) == "close":
                            break;
                        case CallExpr c when ancestors.Count > 2 && ancestors[^3] is GoStmt started && ReferenceEquals(started.Call, c):
                            if (producer == null && SendsOnParameterInLoop(pass, c, c.Args.IndexOf(ix))) producer = (started, started);
                            break;
                        default:
                            bad = true;
                            break;
                    }
                    break;
                default:
                    bad = true;
                    break;
            }
            return false;
        });
        return bad || made == 0 ? null : new SliceUseSummary(producer, loops);
    }

    /// <summary>The go statement running the literal, read off the ancestors of a node inside it (`go func() {..}()`).</summary>
    private static GoStmt? GoOf(IReadOnlyList<Node> ancestors, FuncLit lit)
    {
        var k = ancestors.ToList().FindIndex(a => ReferenceEquals(a, lit));
        return k >= 2 && ancestors[k - 1] is CallExpr { Fun: var fun } && ReferenceEquals(Expr.Unparen(fun), lit) && ancestors[k - 2] is GoStmt go ? go : null;
    }

    /// <summary>Whether a send inside the literal sits in a loop of that literal and in no select.</summary>
    private static bool PlainLoopSend(IReadOnlyList<Node> ancestors, FuncLit lit)
    {
        var inside = ancestors.SkipWhile(a => !ReferenceEquals(a, lit)).ToList();
        return inside.Any(a => a is ForStmt or RangeStmt) && !inside.Any(a => a is SelectStmt or FuncLit && !ReferenceEquals(a, lit));
    }

    /// <summary>`go f(.., chans[i+1], ..)`: whether f, a function of the package, sends on that parameter in a loop with
    /// plain sends and does nothing else with it but close it (<see cref="RepeatedSends"/>).</summary>
    private static bool SendsOnParameterInLoop(Pass pass, CallExpr call, int arg)
    {
        if (arg < 0 || call.Ellipsis.IsValid || Calls.Callee(pass.Info, call) is not { Signature.Variadic: false } callee) return false;
        if (pass.Facts.BodyOf(callee) is not { Decl.Body: { } body } target) return false;
        var parameters = SummaryBuilder.ParamVars(target.Decl, target.Info);
        if (arg >= parameters.Count || parameters[arg] is not { } param) return false;
        return RepeatedSends(target.Info, body, e => Expr.Unparen(e) is Ident id && ReferenceEquals(target.Info.ObjectOf(id), param)) is { Count: > 0 };
    }
}
