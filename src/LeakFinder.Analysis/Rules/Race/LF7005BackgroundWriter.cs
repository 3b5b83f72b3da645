using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7005 for a background goroutine (a literal, or a method started with `go s.run()`) that sets a field of a
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
        var decls = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl { Body: not null } d && pass.Info.ObjectOf(d.Name) is Func f) decls[f] = d;
        HashSet<Func>? waits = null;
        foreach (var fn in pass.Functions)
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                if (n is not GoStmt go || ancestors[^1] is not BlockStmt block) return true;
                // The goroutine's body, and the receiver it must write through when it is a started method.
                Node? body = go.Call.Fun as FuncLit;
                Var? recv = null;
                if (body == null && Calls.Callee(pass.Info, go.Call) is { IsMethod: true } m && decls.TryGetValue(m, out var md)) (body, recv) = (md.Body, RunLoops.ReceiverOf(pass.Info, md));
                if (body == null || body is BlockStmt && recv == null) return true;
                if (block.List.SkipWhile(s => !ReferenceEquals(s, go)).Skip(1).Any(s => Handoffs.Synchronises(pass, s))) return true; // the starter waits for it
                if (SharedAccess.LocksAnywhere(pass, body)) return true;
                waits ??= Handoffs.WaitingFunctions(pass, decls);
                foreach (var w in Writes(pass, body))
                {
                    if (w.Element || reported.Contains(w.At) || w.Path.Text.Count(c => c == '.') != 1 || recv != null && !ReferenceEquals(w.Path.Root, recv)) continue;
                    if (OwnType(pass, w.Path.Root) is not { } owner || MayPublishAfter(pass, body, w.At, decls, waits)) continue;
                    var field = w.Path.Text[(w.Path.Text.IndexOf('.') + 1)..];
                    var onGoroutine = SharedAccess.CalledFrom(pass, body, decls);
                    if (SharedAccess.UnlockedMethodUse(pass, owner, d => ReferenceEquals(d, fn.Function) || onGoroutine.Contains(d) || Orders(pass, d, waits), field, _ => true) is not (var reader, var readerRecv, var use)) continue;
                    var starter = fn.Function is FuncDecl sd ? sd.Name.Name : "a function literal";
                    pass.Report(use, $"{reader.Name.Name} uses {readerRecv.Name}.{field} with no lock, while the goroutine {starter} starts (line {pass.Line(go)}) writes it (line {pass.Line(w.At)}) with no lock and nothing after the write that could publish it (a send, a close, an Unlock, a Done): no call of {reader.Name.Name} is ordered after that write, so every call races with it; guard {field} with a mutex in both places, use a sync/atomic type, or hand the value over on a channel",
                        new RelatedLocation(pass.Span(w.At), "the goroutine writes the field here"),
                        new RelatedLocation(pass.Span(go), "the goroutine is started here, and not waited for"));
                    reported.Add(w.At);
                    break;
                }
                return true;
            });
    }

    /// <summary>The package's own struct type a variable holds (T or *T), by name; null for anything else.</summary>
    private static string? OwnType(Pass pass, Var v) =>
        (v.Type is PointerType p ? p.Elem : v.Type) is NamedType { Underlying: StructType } n && ReferenceEquals(n.Obj.Pkg, pass.Package)
            ? RunLoops.OwnerOf(v) : null;

    /// <summary>Whether the method orders itself with other goroutines: a channel operation (a close too: the
    /// goroutine may write only after receiving it, as a queue's flusher clearing the closed queue), a Wait, a
    /// call of a package function that does one.</summary>
    private static bool Orders(Pass pass, FuncDecl d, HashSet<Func> waits) =>
        Handoffs.Synchronises(pass, d.Body!) || pass.Info.ObjectOf(d.Name) is Func f && waits.Contains(f)
        || Walker.Any(d.Body!, n => n is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close");

    /// <summary>Whether anything the goroutine does after the write (later in its body, or in a defer) might
    /// publish it: a send, a close, or a call that might order goroutines (a package function that does, a
    /// function value, an interface method, a function of sync or context, any function outside std). What a
    /// loop does before the write publishes only the previous iteration's: the next write races all the same.</summary>
    private static bool MayPublishAfter(Pass pass, Node body, Node write, Dictionary<Func, FuncDecl> decls, HashSet<Func> waits)
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
