using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for an io.Pipe (<see cref="Pipes"/>: an unbuffered channel in disguise): a function makes `pr, pw :=
/// io.Pipe()`, starts one goroutine that writes into pw (`go func() { pw.CloseWithError(src.WriteTo(pw)) }()`),
/// and can return without reading pr to its end or closing it (an early return on a bad header, after reading
/// only that header). The writer waits in PipeWriter.Write for a reader that is gone. Only when the function
/// keeps pr to itself (read, wrapped in a bufio reader, given to a function of the module that only reads it,
/// closed), some path of it does release the writer (reads to the end or closes), and pw goes nowhere but that
/// goroutine: a reader returned, stored, handed to a goroutine or an unknown function may be served there.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckPipes(Pass pass)
    {
        if (!pass.UsesFunction("io.Pipe")) return;
        foreach (var fn in pass.Functions)
        {
            var made = new List<(AssignStmt At, Var Reader, Var Writer)>();
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is AssignStmt { Tok: Syntax.Token.Define, Lhs: [Ident r, Ident w], Rhs: [var rhs] } a && Pipes.IsPipeCall(pass.Info, rhs)
                    && pass.Info.Defs.GetValueOrDefault(r) is Var reader && pass.Info.Defs.GetValueOrDefault(w) is Var writer)
                    made.Add((a, reader, writer));
                return true;
            });
            if (made.Count == 0) continue;
            var cfg = pass.Cfg(fn);
            foreach (var (at, reader, writer) in made)
                // A pipe made in a loop is one per iteration: counting them is beyond this search (and so are writers
                // started in a loop, below).
                if (Loops.Around(fn.Body, at) == null) CheckPipe(pass, fn, cfg, at, reader, writer);
        }
    }

    private static void CheckPipe(Pass pass, FunctionBody fn, ControlFlowGraph cfg, AssignStmt made, Var reader, Var writer)
    {
        var info = pass.Info;
        // The writer: one goroutine writes into it (any use but a close: a Write, or handing it to a function that
        // writes, src.WriteTo(pw)); the function itself may only close it (which releases the goroutine too).
        GoStmt? go = null;
        Node? write = null;
        var ok = true;
        var released = new List<Node>(); // the uses that release the writer: closes, reads to the end
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || info.ObjectOf(id) is not Var v || !ReferenceEquals(v, writer) || info.Defs.ContainsKey(id)) return true;
            var k = ancestors.Count - 1;
            Expr x = id;
            while (k >= 0 && ancestors[k] is ParenExpr p) { x = p; k--; }
            var closes = Pipes.IsClose(ancestors, k, x);
            var inGo = GoroutineOf(ancestors);
            if (inGo != null)
            {
                if (go != null && !ReferenceEquals(go, inGo)) ok = false;
                go = inGo;
                if (!closes) write ??= inGo.Call.Fun is FuncLit ? WriteSite(ancestors, k, x) : inGo;
            }
            else if (closes && !Enclosed(ancestors)) released.Add(id);
            else ok = false;
            return false;
        });
        if (!ok || go == null || write == null || Loops.Around(fn.Body, go) != null) return;
        // The reader: every use the function makes of it (and of its bufio wrappers), none in a goroutine or handed on.
        var tracked = new HashSet<Var>(ReferenceEqualityComparer.Instance) { reader };
        var wrappers = Pipes.WrappersOf(info, fn.Body, tracked);
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || info.ObjectOf(id) is not Var v || !tracked.Contains(v) || info.Defs.ContainsKey(id)) return true;
            // Handed to a goroutine: it reads (or not) on its own time.
            if (ancestors.Any(a => a is GoStmt))
            {
                ok = false;
                return false;
            }
            var use = Pipes.ReaderUse(info, id, ancestors, Loops.Innermost(ancestors) != null, wrappers.Contains,
                (call, arg) => Pipes.ArgumentUse(info, call, arg, pass.Facts.BodyOf, 2));
            if (use == Pipes.Use.Escapes) ok = false;
            // Reads in a loop release the writer once the loop is reached, even on a path that runs it no time at all
            // (`for n := 1; n <= 256; n *= 2 { r.Read(...) }`): the whole loop counts.
            else if (use == Pipes.Use.Releases) released.Add(Loops.Innermost(ancestors)?.Loop ?? (Node)id);
            return false;
        });
        // A function that never reads the pipe to its end nor closes it on any path reads what it expects and stops:
        // a writer that wrote just that much is done. Only one that does so on some path abandons it on another.
        if (!ok || released.Count == 0 || cfg.Find(go) is not var (goBlock, goIndex)) return;
        // A close deferred before the go statement runs at every return after it (etcd's Snapshot: `defer pr.Close()`,
        // then the goroutine): the path search starts at the go statement and would not pass it.
        if (released.Any(r => r.Pos().Value < go.Pos().Value && DeferredUse(fn.Body, r))) return;
        var sinks = new HashSet<(int, int)>();
        var live = cfg.LiveNodes().ToList();
        foreach (var use in released)
        {
            if (use is ForStmt or RangeStmt)
            {
                foreach (var (block, i, node) in live)
                    if (node.Pos().Value >= use.Pos().Value && node.End().Value <= use.End().Value) sinks.Add((block.Index, i));
            }
            else if (Innermost(live, use) is var (b, i)) sinks.Add((b, i));
        }
        if (sinks.Count == 0 || AbandoningReturn(pass, cfg, goBlock, goIndex, sinks) is not { } exit) return;
        var subject = go.Call.Fun is FuncLit ? "this goroutine" : $"the goroutine running {(Calls.Callee(info, go.Call) is { } f ? MustReleaseReporter.DisplayName(f) : "this call")}";
        pass.Report(pass.Span(write),
            $"{subject} blocks for ever writing into the io.Pipe {writer.Name}: {fn.Name} can return at line {pass.Line(exit)} without reading {reader.Name} to its end or closing it, and a pipe's Write waits until its reader has taken every byte or either end is closed, so the goroutine and everything it references leak; close {reader.Name} on every path (defer {reader.Name}.Close(), or {reader.Name}.CloseWithError(err) before the early return)",
            [
                new RelatedLocation(pass.Span(exit), $"returns without reading {reader.Name} to its end or closing it"),
                new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                new RelatedLocation(pass.Span(made), "the pipe is made here"),
            ], onlyWhenTestFails: OnlyWhenTestFails(pass, cfg, goBlock, goIndex, sinks));
    }

    /// <summary>The go statement a use sits in (in its call's arguments, or in the body of the literal it runs), when no
    /// other function literal lies between; null outside go statements.</summary>
    private static GoStmt? GoroutineOf(IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
        {
            if (ancestors[i] is GoStmt g) return g;
            if (ancestors[i] is FuncLit lit && !(i >= 2 && ancestors[i - 1] is CallExpr c && ReferenceEquals(c.Fun, lit) && ancestors[i - 2] is GoStmt)) return null;
        }
        return null;
    }

    /// <summary>Whether a function literal lies around the use (a closure: it runs when someone calls it).</summary>
    private static bool Enclosed(IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is FuncLit lit)
                // `defer func() { pw.Close() }()` runs at every return after the defer.
                return !(i >= 2 && ancestors[i - 1] is CallExpr c && ReferenceEquals(c.Fun, lit) && ancestors[i - 2] is DeferStmt);
        return false;
    }

    /// <summary>Whether a use sits in a defer statement of the body.</summary>
    private static bool DeferredUse(BlockStmt body, Node use) =>
        Walker.Any(body, n => n is DeferStmt d && d.Pos().Value <= use.Pos().Value && use.End().Value <= d.End().Value, intoLiterals: false);

    /// <summary>Where a goroutine literal writes into the pipe: the call it is an argument or receiver of.</summary>
    private static Node WriteSite(IReadOnlyList<Node> ancestors, int k, Expr x)
    {
        if (k >= 1 && ancestors[k] is SelectorExpr sel && ReferenceEquals(sel.X, x) && ancestors[k - 1] is CallExpr own) return own;
        if (k >= 0 && ancestors[k] is CallExpr call) return call;
        return x;
    }

    /// <summary>The live CFG node (its block and index) of smallest extent that holds the node.</summary>
    private static (int Block, int Index)? Innermost(List<(Block Block, int Index, Node Node)> live, Node inner)
    {
        var (pos, end) = (inner.Pos().Value, inner.End().Value);
        (int, int)? best = null;
        var size = int.MaxValue;
        foreach (var (block, i, node) in live)
        {
            var (p, e) = (node.Pos().Value, node.End().Value);
            if (p <= pos && end <= e && e - p < size)
            {
                best = (block.Index, i);
                size = e - p;
            }
        }
        return best;
    }
}
