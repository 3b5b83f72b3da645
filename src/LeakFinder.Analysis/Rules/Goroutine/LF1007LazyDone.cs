using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1007 for a done channel made lazily: a getter makes the field on first use and hands it out (`if s.done == nil
/// { s.done = make(chan struct{}) }; return s.done`, under a lock or not), and the only close of the field is guarded
/// by its own nil-ness (`if s.done != nil { close(s.done) }`) in a method that never gives it a value. A getter
/// called after that close makes a fresh channel that nothing will ever close, and whoever waits on it waits for ever
/// (a component attached after Shutdown). Only when the getter is exactly that shape (nothing that could see the
/// shut-down state and return a closed channel), the closer makes no channel for it, and nothing else in the package
/// assigns or closes the field; context.cancelCtx's `if d == nil { store(closedchan) } else { close(d) }` is the fix.
/// </summary>
public sealed partial class LF1007DoneNotClosed
{
    private static void CheckLazyDone(Pass pass)
    {
        if (!pass.UsesBuiltin("close")) return;
        // Per channel field class: its lazy getters, its guarded closes, and whether anything else touches it.
        var getters = new Dictionary<string, FuncDecl>(StringComparer.Ordinal);
        var closes = new Dictionary<string, List<(FuncDecl In, IfStmt Guard)>>(StringComparer.Ordinal);
        var spoiled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Body: { } body } decl) continue;
            var recv = RunLoops.ReceiverOf(pass.Info, decl);
            var getter = recv != null ? LazyGetter(pass, body, recv) : null;
            if (getter != null) getters[getter.Value.Class] = decl;
            Walker.InspectWithAncestors(body, (n, ancestors) =>
            {
                if (n is CompositeLit lit && pass.Info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType } named)
                {
                    // A literal giving the field a value (or any literal of its struct without keys): made eagerly somewhere.
                    var prefix = (named.Origin ?? named).Obj.Name + ".";
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && pass.Info.TypeOf(kv.Value)?.Underlying is ChanType) spoiled.Add(prefix + key.Name);
                        else if (e is not KeyValueExpr) spoiled.Add(prefix + "*");
                    return true;
                }
                if (n is not SelectorExpr sel || pass.Info.TypeOf(sel)?.Underlying is not ChanType || !pass.Info.Selections.TryGetValue(sel, out var s)
                    || s.Kind != SelectionKind.FieldVal || LockPaths.Of(pass.Info, sel) is not { Class: { } cls }) return true;
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                if (getter is { } g && (ReferenceEquals(sel, g.Made) || ReferenceEquals(sel, g.Checked) || ReferenceEquals(sel, g.Returned))) return false;
                if (parent is CallExpr c && Calls.BuiltinName(pass.Info, c) == "close")
                {
                    if (recv != null && RunLoops.FieldOf(pass.Info, sel, recv) == cls && NilGuard(pass, ancestors, recv, cls) is { } guard)
                    {
                        if (!closes.TryGetValue(cls, out var list)) closes[cls] = list = [];
                        list.Add((decl, guard));
                    }
                    else spoiled.Add(cls);
                }
                else if (parent is AssignStmt a && a.Lhs.IndexOf(sel) >= 0 || parent is UnaryExpr { Op: Token.And }) spoiled.Add(cls);
                return false;
            });
        }
        foreach (var (cls, getter) in getters)
        {
            if (spoiled.Contains(cls) || spoiled.Contains(cls[..(cls.IndexOf('.') + 1)] + "*") || pass.ExportedOutside(cls)) continue;
            if (!closes.TryGetValue(cls, out var list) || list.Exists(c => ReferenceEquals(c.In, getter))) continue;
            var (closer, guard) = list[0];
            var field = cls[(cls.IndexOf('.') + 1)..];
            pass.Report(pass.Span(guard),
                $"{closer.Name.Name} closes {field} only when {getter.Name.Name} has already made it, and {getter.Name.Name} makes it lazily without looking at whether {closer.Name.Name} ran: a {getter.Name.Name} called after {closer.Name.Name} returns a new channel that nothing will ever close, and whoever waits on it waits for ever; make the channel in {closer.Name.Name} too when it is nil (and close it), or have {getter.Name.Name} close the channel it makes once {closer.Name.Name} has run",
                [
                    new RelatedLocation(pass.Span(getter.Name), $"{getter.Name.Name} makes {field} on first use"),
                ]);
        }
    }

    /// <summary>A getter that makes a channel field of its receiver on first use and returns it: apart from locking, its
    /// whole body is `if r.f == nil { r.f = make(..) }` and `return r.f`. The class and the three mentions.</summary>
    private static (string Class, SelectorExpr Checked, SelectorExpr Made, SelectorExpr Returned)? LazyGetter(Pass pass, BlockStmt body, Var recv)
    {
        string? cls = null;
        SelectorExpr? check = null, made = null, returned = null;
        foreach (var stmt in body.List)
        {
            switch (stmt)
            {
                case ExprStmt { X: CallExpr call } when LockPaths.OpOf(pass.Info, call) != null:
                case DeferStmt { Call: var dc } when LockPaths.OpOf(pass.Info, dc) != null:
                    continue;
                case IfStmt { Init: null, Else: null, Cond: BinaryExpr { Op: Token.Eql } cond, Body.List: [AssignStmt { Tok: Token.Assign, Lhs: [var lhs], Rhs: [var rhs] }] }
                    when check == null && pass.Info.IsNil(cond.Y) && RunLoops.FieldOf(pass.Info, cond.X, recv) is { } c1 && RunLoops.FieldOf(pass.Info, lhs, recv) == c1
                         && ChannelMakes.IsMake(pass.Info, rhs):
                    (cls, check, made) = (c1, (SelectorExpr)Expr.Unparen(cond.X), (SelectorExpr)Expr.Unparen(lhs));
                    continue;
                case ReturnStmt { Results: [var result] } when check != null && RunLoops.FieldOf(pass.Info, result, recv) == cls:
                    returned = (SelectorExpr)Expr.Unparen(result);
                    continue;
                default:
                    return null;
            }
        }
        return cls != null && returned != null ? (cls, check!, made!, returned) : null;
    }

    /// <summary>The `if r.f != nil` (no else, no init) whose body holds the close, nearest around it; null when the close
    /// is not so guarded.</summary>
    private static IfStmt? NilGuard(Pass pass, IReadOnlyList<Node> ancestors, Var recv, string cls)
    {
        for (var i = ancestors.Count - 1; i >= 0; i--)
        {
            if (ancestors[i] is FuncLit) return null;
            if (ancestors[i] is IfStmt { Init: null, Else: null, Cond: BinaryExpr { Op: Token.Neq } cond } guard
                && pass.Info.IsNil(cond.Y) && RunLoops.FieldOf(pass.Info, cond.X, recv) == cls && i + 1 < ancestors.Count && ReferenceEquals(ancestors[i + 1], guard.Body))
                return guard;
        }
        return null;
    }
}
