using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007 for an io.Pipe's writer (<see cref="Pipes"/>): a function makes `pr, pw := io.Pipe()`, one goroutine literal
/// writes into pw and closes it on some path (`pw.CloseWithError(err)` when the task failed), and pr is read to its
/// end (io.ReadAll, io.Copy from it, a loop of reads or of a bufio.Scanner, by the function, a goroutine literal or a
/// function of the package it is handed to). A read returns io.EOF only once the writer is closed, so on a path where
/// the goroutine returns without closing pw, the reader waits for ever (and whoever waits for the reader: a channel
/// it closes when done). Only when pw goes nowhere but that goroutine (written, or handed as an interface with no
/// Close method: an io.Writer cannot close it), and pr is never closed (a reader that closes it stops by itself).
/// </summary>
public sealed partial class LF1007DoneNotClosed
{
    private static void CheckPipeWriters(Pass pass)
    {
        if (!pass.UsesFunction("io.Pipe")) return;
        var functions = pass.ResultOf(FunctionLookup.Analysis);
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
            foreach (var (at, reader, writer) in made)
                if (Loops.Around(fn.Body, at) == null) CheckPipeWriter(pass, functions, fn, at, reader, writer);
        }
    }

    private static void CheckPipeWriter(Pass pass, FunctionLookup functions, FunctionBody fn, AssignStmt made, Var reader, Var writer)
    {
        var info = pass.Info;
        // The writer: every use in one goroutine literal, a write or a close.
        GoStmt? go = null;
        var closes = new List<Node>();
        var writes = 0;
        var ok = true;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || !ReferenceEquals(info.ObjectOf(id), writer) || info.Defs.ContainsKey(id)) return true;
            // The outermost literal around the use must be the goroutine's; an inner one only a deferred close.
            var outer = -1;
            var inner = -1;
            for (var i = 0; i < ancestors.Count; i++)
                if (ancestors[i] is FuncLit)
                {
                    if (outer < 0) outer = i;
                    else if (inner < 0) inner = i;
                    else { ok = false; return false; }
                }
            var owner = outer >= 2 && ancestors[outer - 1] is CallExpr c && ReferenceEquals(c.Fun, ancestors[outer]) && ancestors[outer - 2] is GoStmt g ? g : null;
            if (owner == null || go != null && !ReferenceEquals(go, owner)) { ok = false; return false; }
            go = owner;
            var k = ancestors.Count - 1;
            Expr x = id;
            while (k >= 0 && ancestors[k] is ParenExpr p) { x = p; k--; }
            if (Pipes.IsClose(ancestors, k, x))
            {
                if (inner < 0) closes.Add(ancestors[k - 1]);
                else if (ancestors[inner - 1] is CallExpr dc && ReferenceEquals(dc.Fun, ancestors[inner]) && ancestors[inner - 2] is DeferStmt d) closes.Add(d);
                else ok = false;
            }
            else if (inner < 0 && WritesWithoutClosing(info, ancestors, k, x)) writes++;
            else ok = false;
            return false;
        });
        if (!ok || go == null || closes.Count == 0 || writes == 0 || Loops.Around(fn.Body, go) != null) return;
        if (Expr.Unparen(go.Call.Fun) is not FuncLit writerLit || functions.BodyOf(writerLit) is not { } goroutine) return;
        // The reader: read to its end somewhere, closed nowhere, handed to nothing unknown.
        if (ReadToEnd(pass, fn, go, reader) is not { } readAt) return;
        var cfg = pass.Cfg(goroutine);
        var sinks = new HashSet<Node>(closes, ReferenceEqualityComparer.Instance);
        var search = new PathSearch(cfg, info, (b, n) => n >= 0 && Contains(b.Nodes[n], sinks) ? NodeEffect.Sink : NodeEffect.None);
        if (search.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt exit) return;
        var failing = new PathSearch(cfg, info, (b, n) =>
            n >= 0 && (Contains(b.Nodes[n], sinks) || TestFailureCalls.Contains(info, b.Nodes[n])) ? NodeEffect.Sink : NodeEffect.None);
        var leaves = exit.Results.IsEmpty && exit.Return == goroutine.Body.End() - 1 ? "it reaches its end" : "this return leaves";
        var w = writer.Name;
        pass.Report(pass.Span(exit),
            $"the goroutine writing into the io.Pipe {w} closes it on some paths (line {pass.Line(closes[0])}), but {leaves} without closing it: {reader.Name} is read to its end (line {pass.Line(readAt)}), and a read returns io.EOF only once the writer is closed, so the reader waits for ever, and so does whatever waits for it; close {w} on every path ({w}.CloseWithError(err) with the final error: a nil error closes it with io.EOF)",
            [
                new RelatedLocation(pass.Span(closes[0]), $"the goroutine closes {w} here"),
                new RelatedLocation(pass.Span(readAt), $"{reader.Name} is read to its end here"),
                new RelatedLocation(pass.Span(made), "the pipe is made here"),
            ], onlyWhenTestFails: failing.FindLeak(cfg.Entry, -1, null, null) is not ReturnStmt);
    }

    /// <summary>A use of the writer that writes into it and cannot close it: its Write method, or an argument whose
    /// parameter is a non-empty interface without a Close method (io.Writer: fmt.Fprintf, io.Copy, an encoder, a task's
    /// Run(w io.Writer)); a callee given a *io.PipeWriter, an io.WriteCloser or an `any` may close it.</summary>
    private static bool WritesWithoutClosing(TypeInfo info, IReadOnlyList<Node> ancestors, int k, Expr x)
    {
        if (k < 0) return false;
        if (ancestors[k] is SelectorExpr { Sel.Name: "Write" } sel && ReferenceEquals(sel.X, x))
            return k >= 1 && ancestors[k - 1] is CallExpr own && ReferenceEquals(own.Fun, sel);
        if (ancestors[k] is not CallExpr call || call.Args.IndexOf(x) is not (var arg and >= 0) || call.Ellipsis.IsValid) return false;
        if (Calls.BuiltinName(info, call) != null || info.TypeOf(call.Fun)?.Underlying is not SignatureType sig) return false;
        var last = sig.Params.Count - 1;
        if (last < 0 || arg > last && !sig.Variadic) return false;
        var param = sig.Variadic && arg >= last ? (sig.Params[last].Type.Underlying as Semantics.Types.SliceType)?.Elem : sig.Params[arg].Type;
        return param?.Underlying is Semantics.Types.InterfaceType { IsEmpty: false } iface && !iface.MethodSet.Any(m => m.Name is "Close" or "CloseWithError");
    }

    /// <summary>Where the reader is read to its end (by the function, a goroutine literal it starts, or a function of the
    /// package it is handed to), when nothing closes it and no use hands it to anything not known; null otherwise.</summary>
    private static Node? ReadToEnd(Pass pass, FunctionBody fn, GoStmt writerGo, Var reader)
    {
        var info = pass.Info;
        var tracked = new HashSet<Var>(ReferenceEqualityComparer.Instance) { reader };
        var wrappers = Pipes.WrappersOf(info, fn.Body, tracked);
        var literals = new List<FuncLit>();
        Walker.Inspect(fn.Body, n =>
        {
            if (n is GoStmt { Call.Fun: FuncLit lit } && !ReferenceEquals(n, writerGo)) literals.Add(lit);
            return true;
        });
        foreach (var lit in literals) wrappers.UnionWith(Pipes.WrappersOf(info, lit.Body, tracked));
        Node? readAt = null;
        var ok = true;
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (!ok) return false;
            if (n is not Ident id || info.ObjectOf(id) is not Var v || !tracked.Contains(v) || info.Defs.ContainsKey(id)) return true;
            // Inside a goroutine literal the function starts, judged in the literal's own terms.
            var start = 0;
            for (var i = ancestors.Count - 1; i >= 0; i--)
                if (ancestors[i] is FuncLit lit)
                {
                    if (!literals.Exists(l => ReferenceEquals(l, lit)) || ancestors.Skip(i + 1).Any(a => a is FuncLit)) { ok = false; return false; }
                    start = i + 1;
                    break;
                }
            var own = ancestors.Skip(start).ToList();
            var k = own.Count - 1;
            Expr x = id;
            while (k >= 0 && own[k] is ParenExpr p) { x = p; k--; }
            if (Pipes.IsClose(own, k, x)) { ok = false; return false; }
            var use = Pipes.ReaderUse(info, id, own, Loops.Innermost(own) != null, wrappers.Contains, (call, arg) =>
            {
                if (Pipes.ArgumentUse(info, call, arg, pass.Facts.BodyOf, 2) is not { } judged) return null;
                return judged == Pipes.Use.Releases && ClosesParameter(pass, call, arg) ? Pipes.Use.Escapes : judged;
            });
            if (use == Pipes.Use.Escapes) ok = false;
            else if (use == Pipes.Use.Releases) readAt ??= own.Count > 0 && own[^1] is GoStmt or CallExpr ? own[^1] : id;
            return false;
        });
        return ok ? readAt : null;
    }

    /// <summary>Whether the function of the package a call hands the reader to closes that parameter (then it stops
    /// reading by itself, and a missing close of the writer holds nobody).</summary>
    private static bool ClosesParameter(Pass pass, CallExpr call, int arg)
    {
        if (Calls.Callee(pass.Info, call) is not { } f || pass.Facts.BodyOf(f) is not var (decl, calleeInfo) || decl.Body == null) return true;
        var parameters = SummaryBuilder.ParamVars(decl, calleeInfo);
        if (arg >= parameters.Count || parameters[arg] is not { } param) return true;
        return Walker.Any(decl.Body, n => n is SelectorExpr { Sel.Name: "Close" or "CloseWithError", X: Ident x } && ReferenceEquals(calleeInfo.ObjectOf(x), param), intoLiterals: true);
    }
}
