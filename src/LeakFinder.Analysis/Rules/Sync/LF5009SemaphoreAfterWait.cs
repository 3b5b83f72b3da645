using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5009 for a channel semaphore: goroutines started in a loop each take a slot (`sem &lt;- struct{}{}`, or an
/// acquire helper whose whole body is that send, `l.acquire()` on a named channel type) before their `wg.Done()`,
/// and the starter gives the slots back (`&lt;-sem`, `l.release()`) only after `wg.Wait()`. With more goroutines
/// than slots, the extra ones wait in the take for a release that comes after the Wait, which waits for them.
/// Only when nothing else can give a slot back: no goroutine releases it, no other function of the package
/// receives from it (a field is judged by class), it is handed nowhere, and its capacity is not sized to the work
/// (`make(chan struct{}, len(items))`, or the loop's own bound).
/// </summary>
public sealed partial class LF5009WaitBeforeReceive
{
    /// <summary>How a mention of the semaphore uses it.</summary>
    private enum SlotUse { Take, Release, SetUp, Ignored, Other }

    private static void SemaphoresReleasedAfterWait(Pass pass, FunctionBody fn,
        List<(FieldPath Group, CallExpr Call, bool InLoop)> waits, List<(GoStmt Go, FuncLit Lit, Stmt? Loop)> goroutines)
    {
        var lookup = pass.ResultOf(FunctionLookup.Analysis);
        foreach (var (group, wait, inLoop) in waits)
        {
            if (inLoop) continue;
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (go, lit, loop) in goroutines)
            {
                if (loop == null || go.Pos().Value >= wait.Pos().Value || BoundedLoop(pass, loop)) continue;
                Expr? sem = null;
                var take = FirstBeforeDone(pass, lit.Body, g => g.Key == group.Key, s =>
                {
                    if (SlotTaken(pass, lookup, s) is not { } ch || FieldPath.Of(pass, ch) is not { } path || Inside(path.Root.Pos, lit)) return false;
                    sem = ch;
                    return true;
                });
                if (take == null || sem == null || FieldPath.Of(pass, sem) is not { } semPath || !reported.Add(semPath.Key)) continue;
                if (ReleasesAfter(pass, lookup, fn, semPath, sem, lit, take, wait, loop) is not { } release) continue;
                pass.Report(pass.Span(wait),
                    $"{fn.Name} gives back the slots of the semaphore {semPath.Text} only after it waits for its goroutines ({group.Text}.Wait), but each takes a slot before {group.Text}.Done and keeps it: once the slots are taken, the next goroutine waits for one for ever, and so does the Wait; give the slot back in the goroutine (a deferred release right after taking it)",
                    [
                        new RelatedLocation(pass.Span(take), $"a goroutine takes a slot of {semPath.Text} here, before its Done"),
                        new RelatedLocation(pass.Span(go), "the goroutines are started here, one per iteration"),
                        new RelatedLocation(pass.Span(release), $"the slots are given back here, after the Wait"),
                    ]);
            }
        }
    }

    /// <summary>A loop whose number of rounds is a constant (`for i := 0; i &lt; 3; i++`): how it compares with the
    /// semaphore's capacity is not followed.</summary>
    private static bool BoundedLoop(Pass pass, Stmt loop) => loop switch
    {
        ForStmt { Cond: BinaryExpr { X: var x, Y: var y } } => IsConstant(pass, x) || IsConstant(pass, y),
        RangeStmt { X: var x } => IsConstant(pass, x) || pass.Info.TypeOf(x)?.Underlying is Semantics.Types.ArrayType,
        _ => false,
    };

    private static bool IsConstant(Pass pass, Expr e) => pass.Info.Types.TryGetValue(e, out var tv) && tv.Value != null;

    private static bool Inside(int pos, Node n) => pos >= n.Pos().Value && pos < n.End().Value;

    /// <summary>The channel a statement takes a slot of: a plain send of a token (`sem &lt;- struct{}{}`), or a call of
    /// an acquire helper of the package (a function whose whole body sends a token on its receiver or a parameter).</summary>
    private static Expr? SlotTaken(Pass pass, FunctionLookup lookup, Node s) => s switch
    {
        SendStmt send when IsTokenChannel(pass.Info.TypeOf(send.Chan)) => send.Chan,
        ExprStmt { X: var x } when Expr.Unparen(x) is CallExpr call => HelperOperand(pass, lookup, call, true),
        _ => null,
    };

    private static bool IsTokenChannel(GoType? t) =>
        t?.Underlying is ChanType { Elem: var elem } && (elem.Underlying is Semantics.Types.StructType { Fields.Count: 0 } || elem.Underlying is BasicType { Kind: BasicKind.Bool });

    /// <summary>The channel a call hands to a helper of the package whose whole body takes a slot of it (take) or gives
    /// one back (a receive whose value is dropped): the receiver expression or the argument; null otherwise.</summary>
    private static Expr? HelperOperand(Pass pass, FunctionLookup lookup, CallExpr call, bool take)
    {
        if (Calls.Callee(pass.Info, call) is not { } callee || lookup.DeclarationOf(callee)?.Function is not FuncDecl { Body.List: [var only] } decl) return null;
        var ch = (take, only) switch
        {
            (true, SendStmt s) => s.Chan,
            (false, ExprStmt { X: var x }) when Expr.Unparen(x) is UnaryExpr { Op: Token.Arrow } r => r.X,
            _ => null,
        };
        if (ch == null || Expr.Unparen(ch) is not Ident id || pass.Info.ObjectOf(id) is not Var v || !IsTokenChannel(v.Type)) return null;
        if (decl.Recv is { List: [{ Names: [var rn] }] } && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(rn), v))
            return Expr.Unparen(call.Fun) is SelectorExpr sel ? sel.X : null;
        var i = 0;
        foreach (var field in decl.Type.Params.List)
            foreach (var name in field.Names)
            {
                if (ReferenceEquals(pass.Info.Defs.GetValueOrDefault(name), v)) return i < call.Args.Count && !call.Ellipsis.IsValid ? call.Args[i] : null;
                i++;
            }
        return null;
    }

    /// <summary>The first release of the semaphore after the Wait, when every release of it in the package is one
    /// (for a field, every function's uses of its class; for a local, the function's) and no use but takes, releases
    /// and its set-up is made; null otherwise.</summary>
    private static Node? ReleasesAfter(Pass pass, FunctionLookup lookup, FunctionBody fn, FieldPath sem, Expr semExpr, FuncLit lit, Node take, CallExpr wait, Stmt loop)
    {
        var cls = sem.IsVariable ? null : LockPaths.Of(pass.Info, semExpr)?.Class;
        if (!sem.IsVariable && (cls == null || pass.ExportedOutside(cls))) return null;
        if (sem.IsVariable && (sem.Root.IsField || sem.Root.Pos < fn.Body.Pos().Value || sem.Root.Pos >= fn.Body.End().Value)) return null; // a parameter or package variable: others may release it
        Node? first = null;
        var ok = true;
        bool IsSem(Node n) => cls != null
            ? n is SelectorExpr s && pass.Info.TypeOf(s)?.Underlying is ChanType && LockPaths.Of(pass.Info, s)?.Class == cls
            : n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), sem.Root);
        void Survey(BlockStmt body, bool own)
        {
            Walker.InspectWithAncestors(body, (n, ancestors) =>
            {
                if (!ok) return false;
                if (!IsSem(n)) return true;
                var use = Classify(pass, lookup, (Expr)n, ancestors, out var stmt, out var value);
                var inLiteral = ancestors.Any(a => a is FuncLit);
                switch (use)
                {
                    case SlotUse.Take:
                    case SlotUse.Ignored:
                        break;
                    case SlotUse.SetUp when !inLiteral && IsFresh(pass, lookup, value!) && !SizedToWork(pass, value!, loop):
                        break;
                    case SlotUse.Release when own && !inLiteral && stmt!.Pos().Value > wait.End().Value && (cls == null || FieldPath.Of(pass, (Expr)n)?.Key == sem.Key):
                        if (first == null || stmt.Pos().Value < first.Pos().Value) first = stmt;
                        break;
                    default:
                        ok = false;
                        break;
                }
                return false;
            });
        }
        if (cls == null) Survey(fn.Body, true);
        else
            foreach (var other in pass.Functions)
                if (other.Function is FuncDecl)
                {
                    Survey(other.Body, ReferenceEquals(other.Body, fn.Body));
                    if (ok) ok = LiteralsGiveFresh(pass, lookup, other.Body, cls, loop);
                }
        // The release must come after the Wait on every path: the Wait a statement of a block holding the release.
        return ok && first != null && WaitBlock(fn.Body, wait) is { } block && Inside(first.Pos().Value, block) ? first : null;
    }

    /// <summary>The block of which the Wait is a statement (`wg.Wait()` on its own), outside any literal; null otherwise.</summary>
    private static BlockStmt? WaitBlock(BlockStmt body, CallExpr wait)
    {
        BlockStmt? found = null;
        Walker.Inspect(body, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is BlockStmt b && b.List.Exists(s => s is ExprStmt { X: var x } && ReferenceEquals(Expr.Unparen(x), wait))) found = b;
            return found == null;
        });
        return found;
    }

    /// <summary>A value that is a new channel nobody else holds: a make, or a call of a function of the package whose
    /// whole body returns one (`newLimiter(n)`).</summary>
    private static bool IsFresh(Pass pass, FunctionLookup lookup, Expr value)
    {
        if (ChannelMakes.IsMake(pass.Info, value)) return true;
        return Expr.Unparen(value) is CallExpr call && Calls.Callee(pass.Info, call) is { } f
            && lookup.DeclarationOf(f)?.Function is FuncDecl { Body.List: [ReturnStmt { Results: [var made] }] } && ChannelMakes.IsMake(pass.Info, made);
    }

    /// <summary>Whether every keyed composite literal of the package that gives the field class a value gives it a fresh
    /// channel not sized to the loop (`&amp;Prober{limit: newLimiter(n)}`), and no literal of its struct leaves keys out.</summary>
    private static bool LiteralsGiveFresh(Pass pass, FunctionLookup lookup, BlockStmt body, string cls, Stmt loop)
    {
        var ok = true;
        Walker.Inspect(body, n =>
        {
            if (!ok) return false;
            if (n is not CompositeLit lit || pass.Info.TypeOf(lit) is not NamedType { Underlying: Semantics.Types.StructType } named) return true;
            var prefix = (named.Origin ?? named).Obj.Name + ".";
            if (!cls.StartsWith(prefix, StringComparison.Ordinal)) return true;
            foreach (var e in lit.Elts)
            {
                if (e is not KeyValueExpr kv) { ok = false; break; }
                if (kv.Key is Ident key && prefix + key.Name == cls && (!IsFresh(pass, lookup, kv.Value) || SizedToWork(pass, kv.Value, loop))) ok = false;
            }
            return ok;
        });
        return ok;
    }

    /// <summary>What a mention of the semaphore does: the statement that takes or releases it, or the value it is given.</summary>
    private static SlotUse Classify(Pass pass, FunctionLookup lookup, Expr n, IReadOnlyList<Node> ancestors, out Stmt? stmt, out Expr? value)
    {
        stmt = null;
        value = null;
        var parent = ancestors.Count > 0 ? ancestors[^1] : null;
        bool InCase(int at) => ancestors.Count > at && ancestors[^at] is CommClause;
        switch (parent)
        {
            case SendStmt s when ReferenceEquals(s.Chan, n):
                stmt = s;
                return InCase(2) ? SlotUse.Other : SlotUse.Take;
            case UnaryExpr { Op: Token.Arrow } when ancestors.Count >= 2 && ancestors[^2] is ExprStmt e:
                stmt = e;
                return InCase(3) ? SlotUse.Other : SlotUse.Release;
            case SelectorExpr sel when ReferenceEquals(sel.X, n) && ancestors.Count >= 3 && ancestors[^2] is CallExpr c && ReferenceEquals(c.Fun, sel) && ancestors[^3] is ExprStmt es:
                stmt = es;
                return ReferenceEquals(HelperOperand(pass, lookup, c, true), n) ? SlotUse.Take
                    : ReferenceEquals(HelperOperand(pass, lookup, c, false), n) ? SlotUse.Release : SlotUse.Other;
            case CallExpr c when c.Args.IndexOf(n) >= 0 && Calls.BuiltinName(pass.Info, c) == "len":
                return SlotUse.Ignored;
            case CallExpr c when c.Args.IndexOf(n) >= 0 && ancestors.Count >= 2 && ancestors[^2] is ExprStmt es:
                stmt = es;
                return ReferenceEquals(HelperOperand(pass, lookup, c, true), n) ? SlotUse.Take
                    : ReferenceEquals(HelperOperand(pass, lookup, c, false), n) ? SlotUse.Release : SlotUse.Other;
            case AssignStmt a when a.Lhs.IndexOf(n) is var i and >= 0:
                value = a.Lhs.Count == a.Rhs.Count ? a.Rhs[i] : null;
                return value == null ? SlotUse.Other : SlotUse.SetUp;
            case ValueSpec vs when n is Ident nid && vs.Names.IndexOf(nid) is var j and >= 0:
                value = vs.Names.Count == vs.Values.Count ? vs.Values[j] : null;
                return value == null ? SlotUse.Other : SlotUse.SetUp;
            default:
                return SlotUse.Other;
        }
    }

    /// <summary>Whether the value a semaphore is given may be sized to the loop's work: unbuffered (a rendezvous, the
    /// plain LF5009 shape), a capacity naming len or cap, or naming a variable the loop's header names too.</summary>
    private static bool SizedToWork(Pass pass, Expr value, Stmt loop)
    {
        if (Expr.Unparen(value) is CallExpr make && Calls.BuiltinName(pass.Info, make) == "make" && make.Args.Count < 2) return true;
        if (ChannelMakes.Capacity(pass.Info, value) is 0) return true;
        var header = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        Node? headerNode = loop switch { ForStmt f => f.Cond, RangeStmt r => r.X, _ => null };
        if (headerNode != null)
            Walker.Inspect(headerNode, h =>
            {
                if (h is Ident id && pass.Info.ObjectOf(id) is Var v) header.Add(v);
                return true;
            });
        var sized = false;
        Walker.Inspect(value, v =>
        {
            if (v is FuncLit) return false;
            if (v is CallExpr c && Calls.BuiltinName(pass.Info, c) is "len" or "cap") sized = true;
            if (v is Ident id && pass.Info.ObjectOf(id) is Var var && header.Contains(var)) sized = true;
            return !sized;
        });
        return sized;
    }
}
