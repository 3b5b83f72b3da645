using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1008: a function returns an unbuffered channel that a goroutine it starts sends its result on
/// (`ch := make(chan Status); go func() { ch &lt;- run() }(); return ch`), and a caller of the package drops
/// that channel (`d.Start(id)` as a statement, `_ = d.Start(id)`). Nobody can receive any more, so the
/// goroutine blocks on its send for ever, once per call. Docs: docs/rules/LF1008.md.
/// </summary>
public sealed class LF1008ResultChannelDropped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1008", "result-channel-dropped", RuleCategory.GoroutineLeak, Severity.Error,
        "A caller drops the channel on which a goroutine of the callee sends its result")
    {
        Since = "0.5",
        Summary = "a call drops the unbuffered channel its callee returns, on which a goroutine the callee started sends",
    };

    /// <summary>A function whose result Index is a channel only a goroutine it starts sends on (at Send).</summary>
    private sealed record Producer(FuncDecl Decl, int Index, int Results, SendStmt Send);

    public override void Run(Pass pass)
    {
        var producers = new Dictionary<Func, Producer>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Body: not null } fd && pass.Info.Defs.GetValueOrDefault(fd.Name) is Func f && ProducerOf(pass, fd) is { } p)
                producers[f] = p;
        if (producers.Count == 0) return;
        foreach (var (call, p) in DroppedResults.Calls(pass, producers, p => (p.Index, p.Results)))
        {
            var name = p.Decl.Name.Name;
            pass.Report(call, $"the channel {name} returns is dropped here, and the goroutine {name} started to send its result on it (line {pass.Line(p.Send)}) blocks for ever: the channel is unbuffered and nobody else can receive from it; receive from it, or make it buffered (capacity 1) in {name} so the send completes",
                new RelatedLocation(pass.Span(p.Send), "the send that never completes"));
        }
    }

    /// <summary>Every return gives the same local channel, made unbuffered in the function, which is used nowhere
    /// but in the returns and in one goroutine literal that sends on it outside any select.</summary>
    private static Producer? ProducerOf(Pass pass, FuncDecl fd)
    {
        if (DroppedResults.ReturnedChannel(pass, fd) is not { } returned
            || Channels.UnbufferedMake(pass, fd.Body!, returned.Local) == null) return null;
        var (index, results, ch) = returned;
        var ok = true;

        // The channel's uses: the returns, and inside one goroutine literal, only sends outside a select.
        GoStmt? sender = null;
        SendStmt? send = null;
        var ancestors = new List<Node>();
        Walker.Inspect(fd.Body!, n =>
        {
            if (n == null)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (!ok) return false;
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var o) && ReferenceEquals(o, ch))
            {
                var parent = ancestors[^1];
                var go = ancestors.OfType<GoStmt>().FirstOrDefault();
                if (parent is ReturnStmt && go == null) { }
                else if (go != null && Expr.Unparen(go.Call.Fun) is FuncLit && (sender == null || ReferenceEquals(sender, go))
                         && parent is SendStmt s && ReferenceEquals(Expr.Unparen(s.Chan), id) && ancestors[^2] is not CommClause)
                    (sender, send) = (go, s);
                else ok = false;
            }
            ancestors.Add(n);
            return true;
        });
        return ok && send != null ? new Producer(fd, index, results, send) : null;
    }
}
