using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7005 for a background goroutine (a literal, or a method started with `go s.run()`, or a method either calls
/// directly, such as a watch loop's `s.Reload(text)`) that sets a field of a
/// value of the package's own type (`s.err = err`, `s.done = true`, `s.count++`), locking nothing and doing
/// nothing after the write that could publish it (no send, close, Unlock, Done, or call that might do one),
/// while its starter does not wait for it: an exported method of that type reads or writes the field and
/// orders nothing (no lock, channel operation or Wait). No caller of that method is ever ordered after the write.
/// </summary>
public sealed partial class LF7005SharedWriteAcrossGoroutines
{
    /// <summary>Standard packages whose calls may order goroutines (a Mutex, a WaitGroup, a context's cancel).</summary>
    private static readonly HashSet<string> OrderingStd = ["sync", "sync/atomic", "context"];

    private static void CheckBackground(Pass pass, HashSet<Node> reported)
    {
        var decls = SharedAccess.Declarations(pass);
        IReadOnlySet<Func>? waits = null;
        foreach (var bg in pass.ResultOf(SharedAccess.BackgroundStartsAnalysis))
        {
            if (SharedAccess.LocksAnywhere(pass, bg.Body)) continue;
            waits ??= pass.ResultOf(Handoffs.WaitingFunctionsAnalysis);
            var onGoroutine = SharedAccess.CalledFrom(pass, bg.Body, decls);
            foreach (var (w, writer, call) in BackgroundWrites(pass, bg, decls))
            {
                if (w.Element || reported.Contains(w.At) || SharedAccess.FieldOf(w.Path, writer.Receiver) is not { } field) continue;
                if (OwnType(pass, w.Path.Root) is not { } owner || MayPublishAfter(pass, writer.Body, w.At, decls, waits)) continue;
                if (call != null && MayPublishAfter(pass, bg.Body, call, decls, waits)) continue;
                if (SharedAccess.UnlockedMethodUse(pass, owner, d => ReferenceEquals(d, bg.Function) || onGoroutine.Contains(d) || Orders(pass, d, waits), field, _ => true) is not (var reader, var readerRecv, var use)) continue;
                var starter = bg.Function is FuncDecl sd ? sd.Name.Name : "a function literal";
                var via = call == null ? "" : $" through {((FuncDecl)writer.Function).Name.Name} (called at line {pass.Line(call)})";
                pass.Report(use, $"{reader.Name.Name} uses {readerRecv.Name}.{field} with no lock, while the goroutine {starter} starts (line {pass.Line(bg.Go)}) writes it{via} (line {pass.Line(w.At)}) with no lock and nothing after the write that could publish it (a send, a close, an Unlock, a Done): no call of {reader.Name.Name} is ordered after that write, so every call races with it; guard {field} with a mutex in both places, use a sync/atomic type, or hand the value over on a channel",
                    new RelatedLocation(pass.Span(w.At), "the goroutine writes the field here"),
                    new RelatedLocation(pass.Span(bg.Go), "the goroutine is started here, and not waited for"));
                reported.Add(w.At);
                break;
            }
        }
    }

    /// <summary>The writes a background goroutine makes: in its own body, then in each method of the package
    /// its body calls directly that locks nothing (`s.Reload(text)` from a watch loop), through that method's
    /// receiver, with the call that runs it.</summary>
    private static IEnumerable<(Write Write, SharedAccess.Background Writer, CallExpr? Call)> BackgroundWrites(Pass pass, SharedAccess.Background bg, Dictionary<Func, FuncDecl> decls)
    {
        foreach (var w in Writes(pass, bg.Body)) yield return (w, bg, null);
        var calls = new List<CallExpr>();
        Walker.Inspect(bg.Body, n =>
        {
            if (n is FuncLit && !ReferenceEquals(n, bg.Lit)) return false;
            if (n is CallExpr c) calls.Add(c);
            return true;
        });
        foreach (var call in calls)
        {
            if (Calls.Callee(pass.Info, call) is not { IsMethod: true } m || !decls.TryGetValue(m, out var d) || ReferenceEquals(d.Body, bg.Body)) continue;
            if (RunLoops.ReceiverOf(pass.Info, d) is not { } recv || SharedAccess.LocksAnywhere(pass, d.Body!)) continue;
            var callee = bg with { Function = d, Body = d.Body!, Lit = null, Receiver = recv };
            foreach (var w in Writes(pass, d.Body!)) yield return (w, callee, call);
        }
    }

    /// <summary>The package's own struct type a variable holds (T or *T), by name; null for anything else.</summary>
    private static string? OwnType(Pass pass, Var v) =>
        (v.Type is PointerType p ? p.Elem : v.Type) is NamedType { Underlying: StructType } n && ReferenceEquals(n.Obj.Pkg, pass.Package)
            ? RunLoops.OwnerOf(v) : null;

    /// <summary>Whether the method orders itself with other goroutines: a channel operation (a close too: the
    /// goroutine may write only after receiving it, as a queue's flusher clearing the closed queue), a Wait, a
    /// call of a package function that does one.</summary>
    private static bool Orders(Pass pass, FuncDecl d, IReadOnlySet<Func> waits) =>
        Handoffs.Synchronises(pass, d.Body!) || pass.Info.ObjectOf(d.Name) is Func f && waits.Contains(f)
        || Walker.Any(d.Body!, n => n is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close");

    /// <summary>Whether anything the goroutine does after the write (later in its body, or in a defer) might
    /// publish it: a send, a close, or a call that might order goroutines (a package function that does, a
    /// function value, an interface method, a function of sync or context, any function outside std). What a
    /// loop does before the write publishes only the previous iteration's: the next write races all the same.</summary>
    private static bool MayPublishAfter(Pass pass, Node body, Node write, Dictionary<Func, FuncDecl> decls, IReadOnlySet<Func> waits)
    {
        return Walker.Any(body, n => n is DeferStmt d ? Walker.Any(d, Publishes) : n.Pos().Value >= write.End().Value && Publishes(n));

        bool Publishes(Node n) => n switch
        {
            SendStmt => true,
            CallExpr c when Calls.BuiltinName(pass.Info, c) is { } builtin => builtin == "close",
            CallExpr c when Calls.IsConversion(pass.Info, c) => false,
            CallExpr c => Calls.Callee(pass.Info, c) is not { } callee || callee.Signature?.Recv?.Type.Underlying is InterfaceType
                || (decls.ContainsKey(callee) ? waits.Contains(callee) : !Calls.IsStd(callee.Pkg) || OrderingStd.Contains(callee.Pkg!.Path)),
            _ => false,
        };
    }
}
