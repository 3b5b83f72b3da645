using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008's wake-up that changes nothing the waiters test: a function sets fields (`r.closed = true`) and then
/// broadcasts the Cond, but no wait loop on that Cond reads any of those fields in its condition (`for
/// len(r.queue) == 0 { r.wait.Wait() }`): every waiter wakes, finds its condition unchanged and waits again, though
/// the waiting function shows it cares, reading the field after its loop (`if r.closed ...`). moby's ring logger
/// hangs its Close this way.
/// </summary>
public sealed partial class LF5008CondSignalMissed
{
    private static void CheckChangeUnseen(Pass pass, List<WaitLoop> loops, List<Write> writes, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, HashSet<Node> reported)
    {
        foreach (var f in decls)
            Walker.Inspect(f.Body!, n =>
            {
                if (n is FuncLit) return false;
                if (n is not CallExpr call || LockEvents.CondSignalled(pass.Info, call) is not { } cond) return true;
                var waits = loops.Where(l => l.Cond == cond && !ReferenceEquals(l.In, f)).Select(l => (l.In, l.Loop)).Distinct().ToList();
                var changed = writes.Where(w => ReferenceEquals(w.In, f) && w.At.Pos().Value < call.Pos().Value).ToList();
                if (waits.Count == 0 || changed.Count == 0 || CallsPackage(pass, f, byFunc)) return true;
                var fields = changed.Select(w => w.Field).ToHashSet(StringComparer.Ordinal);
                foreach (var (_, loop) in waits)
                    if (ReadFields(pass, loop.Cond!) is not { } read || read.Overlaps(fields)) return true;
                // The waiting side reads the change somewhere else: it was meant to see it.
                if (waits.FirstOrDefault(w => ReadsOutside(pass, w.In, w.Loop, fields)) is not { In: { } waiter, Loop: { } shown }
                    || !reported.Add(call)) return true;
                var what = changed.First();
                pass.Report(call,
                    $"{f.Name.Name} {what.Change.Describe(what.Text)} and wakes the waiters, but their loop (line {pass.Line(shown)}, in {waiter.Name.Name}) never tests {FieldText(what.Field)} in its condition: each wakes, finds the condition unchanged and waits again, so this ends no wait; test it in the loop's condition",
                    new RelatedLocation(pass.Span(shown.Cond!), "the condition the waiters test"));
                return true;
            });
    }

    private static string FieldText(string cls) => cls[(cls.LastIndexOf('.') + 1)..];

    /// <summary>The field classes a condition reads, or null when it calls anything but len or cap (a call may read more).</summary>
    private static HashSet<string>? ReadFields(Pass pass, Expr cond)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        var opaque = false;
        Walker.Inspect(cond, n =>
        {
            if (opaque) return false;
            if (n is CallExpr c && Calls.BuiltinName(pass.Info, c) is not ("len" or "cap")) opaque = true;
            if (n is SelectorExpr sel && FieldClass(pass, sel) is { } cls) read.Add(cls);
            return !opaque;
        });
        return opaque ? null : read;
    }

    /// <summary>Whether the waiting function reads one of the fields outside the loop's condition.</summary>
    private static bool ReadsOutside(Pass pass, FuncDecl waiter, ForStmt loop, HashSet<string> fields) =>
        Walker.Any(waiter.Body!, n => n is SelectorExpr sel && !(sel.Pos().Value >= loop.Cond!.Pos().Value && sel.End().Value <= loop.Cond.End().Value)
                                      && FieldClass(pass, sel) is { } cls && fields.Contains(cls));

    /// <summary>Whether the function calls one of the package's own functions, which may change more than it shows.</summary>
    private static bool CallsPackage(Pass pass, FuncDecl f, Dictionary<Func, FuncDecl> byFunc) =>
        Walker.Any(f.Body!, n => n is CallExpr c && Calls.Callee(pass.Info, c) is { } callee && byFunc.ContainsKey(callee));
}
