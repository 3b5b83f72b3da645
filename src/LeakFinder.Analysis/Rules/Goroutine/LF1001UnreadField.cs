using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a channel field nothing receives from: `r.errc &lt;- err` on an unexported field that every make in
/// the package makes unbuffered and that is never handed out (returned, passed, stored, ranged by an accessor),
/// while no function of the package receives from it. The send can only wait: whatever goroutine makes it is
/// parked on it for ever (a run loop's error report that the constructor's author forgot to read). And for
/// one nothing ever makes: an unexported channel field the package never gives a value (no make, no
/// assignment, no literal), never hands out, and sends on or receives from outside a select: it is nil, and a
/// nil channel blocks for ever.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckUnreadFields(Pass pass, RunLoops model)
    {
        List<(FunctionBody Fn, SendStmt Send, string Class)>? sends = null;
        foreach (var (cls, use) in model.Fields)
        {
            if (use.Receivers.Count > 0 || use.Senders.Count == 0 || !use.Unbuffered || use.NotMade || use.Closed) continue;
            if (pass.ExportedOutside(cls, last: true)) continue; // other packages may receive from an exported field
            sends ??= PlainFieldSends(pass);
            foreach (var (fn, send, _) in sends.Where(s => s.Class == cls))
            {
                var text = FieldPath.Of(pass, send.Chan)?.Text ?? cls;
                pass.Report(send, $"this send on {text} blocks for ever: nothing in the package receives from {cls} ({Private(cls)}, made unbuffered, never handed out), so the goroutine running {pass.FunctionName(fn.Function, fn.Name)} stays parked here with everything it references; receive from it where the result is wanted, or drop the channel");
            }
        }
    }

    private static void CheckUnmadeFields(Pass pass, RunLoops model)
    {
        List<(FunctionBody Fn, SendStmt Send, string Class)>? sends = null;
        HashSet<string>? positional = null, nilChecked = null;
        foreach (var (cls, use) in model.Fields)
        {
            if (use.UnbufferedMake || use.OtherValue || use.NotMade || use.Escapes || use.Closed) continue;
            var dot = cls.IndexOf('.');
            if (dot <= 0 || dot != cls.LastIndexOf('.') || pass.ExportedOutside(cls)) continue;
            // A literal without field names (`server{make(chan int), nil}`) gives it a value we did not see.
            positional ??= PositionalLiterals(pass);
            if (positional.Contains(cls[..dot])) continue;
            // `if s.testHook != nil { s.testHook <- x }`: the package knows it may be nil (a hook tests set).
            nilChecked ??= NilCheckedFields(pass);
            if (nilChecked.Contains(cls)) continue;
            sends ??= PlainFieldSends(pass);
            var blocked = sends.Where(x => x.Class == cls).Select(x => ((Node)x.Send, x.Fn.Function, "a send on"))
                .Concat(use.Waiters.Select(w => (w.At, (Node)w.Function, "a receive from")))
                .Concat(use.ReceiveSites.OfType<RangeStmt>().Select(r => ((Node)r, (Node)FunctionOf(pass, r), "a range over")))
                .OrderBy(b => b.Item1.Pos().Value).ToList();
            foreach (var (at, _, what) in blocked)
            {
                var chan = at switch { SendStmt snd => snd.Chan, UnaryExpr u => u.X, RangeStmt r => r.X, _ => null };
                var text = chan != null && FieldPath.Of(pass, chan) is { } fp ? fp.Text : cls;
                pass.Report(at, $"{what} {text} blocks for ever: nothing in the package ever gives {cls} a value (no make, no assignment, no literal; {Private(cls)} and never handed out), so it is a nil channel, on which every send and receive waits for ever; make it where the value is built");
            }
        }
    }

    private static Node FunctionOf(Pass pass, Node n) =>
        pass.Functions.Where(f => f.Body.Pos().Value <= n.Pos().Value && n.End().Value <= f.Body.End().Value).OrderBy(f => f.Body.End().Value - f.Body.Pos().Value).First().Function;

    /// <summary>The classes of the fields the package compares with nil.</summary>
    private static HashSet<string> NilCheckedFields(Pass pass)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq } b)
                    foreach (var (side, other) in new[] { (b.X, b.Y), (b.Y, b.X) })
                        if (Expr.Unparen(other) is Ident { Name: "nil" } && Expr.Unparen(side) is SelectorExpr sel && LockPaths.Of(pass.Info, sel)?.Class is { } cls) result.Add(cls);
                return true;
            });
        return result;
    }

    /// <summary>The named struct types the package builds with a literal that does not name its fields.</summary>
    private static HashSet<string> PositionalLiterals(Pass pass)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is CompositeLit { Elts.Count: > 0 } lit && lit.Elts[0] is not KeyValueExpr && pass.Info.TypeOf(lit) is NamedType named)
                    result.Add((named.Origin ?? named).Obj.Name);
                return true;
            });
        return result;
    }

    /// <summary>Sends on channel fields outside any select, with the function they are in and the field's class.</summary>
    private static List<(FunctionBody Fn, SendStmt Send, string Class)> PlainFieldSends(Pass pass)
    {
        var found = new List<(FunctionBody, SendStmt, string)>();
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit or SelectStmt) return false; // literals are functions of their own; a select has other ways out
                if (n is SendStmt send && Expr.Unparen(send.Chan) is SelectorExpr sel && LockPaths.Of(pass.Info, sel)?.Class is { } cls) found.Add((fn, send, cls));
                return true;
            });
        return found;
    }

    /// <summary>Why no other package can touch the field: its name, or where its type is declared (a test file, a command).</summary>
    private static string Private(string cls) => char.IsUpper(cls[cls.LastIndexOf('.') + 1]) ? "declared where no other package can name it" : "unexported";
}
