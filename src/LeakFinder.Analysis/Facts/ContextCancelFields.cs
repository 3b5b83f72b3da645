using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Contexts kept in a field whose cancel is kept in another field (`&amp;Server{drained: ctx, signal: cancel}` after
/// `ctx, cancel := context.WithCancel(context.Background())`, or `s.ctx, s.cancel = context.WithCancel(..)`), as
/// blocking objects for the lock facts: a receive from `s.drained.Done()` is a receive whose only senders are the calls
/// of `s.signal()` (<see cref="Cancelled"/>), as a close of a channel field ends a receive from it. A pair is followed
/// only when nothing else can end the context: its parent is never done (<see cref="NeverDoneContexts"/>), every store
/// of either field in the package is such a pair, the cancel local has no use but its store, both fields are unexported
/// (or their type cannot be named outside), no address of either is taken, and the cancel field is read only to call
/// it (or to compare it with nil). Anything else makes the context unknown, and a wait on it is judged as before: not
/// at all.
/// </summary>
internal sealed class ContextCancelFields
{
    public static readonly ContextCancelFields None = new(null!);

    private readonly TypeInfo _info;
    /// <summary>Each context field and the cancel field paired with it, and back.</summary>
    private readonly Dictionary<Var, Var> _cancelOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Var, Var> _contextOf = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Var> _unknown = new(ReferenceEqualityComparer.Instance);
    /// <summary>The values (a derivation's locals, or the derivation's own targets) stored as a pair.</summary>
    private readonly HashSet<Expr> _pairedStores = new(ReferenceEqualityComparer.Instance);

    private ContextCancelFields(TypeInfo info) => _info = info;

    public bool IsEmpty => _cancelOf.Count == 0;

    public static ContextCancelFields Of(TypeInfo info, IReadOnlyList<FunctionBody> functions, Visibility visibility, NeverDoneContexts? neverDone)
    {
        if (neverDone == null || !UsesWithCancel(info)) return None;
        var fields = new ContextCancelFields(info);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl) fields.FindPairs(fn.Body, neverDone);
        if (fields._cancelOf.Count == 0) return None;
        foreach (var fn in functions)
            if (fn.Function is FuncDecl) fields.CheckUses(fn.Body);
        foreach (var (ctx, cancel) in fields._cancelOf.ToList())
            if (fields._unknown.Contains(ctx) || fields._unknown.Contains(cancel) || visibility.Outside(ctx) || visibility.Outside(cancel))
            {
                fields._cancelOf.Remove(ctx);
                fields._contextOf.Remove(cancel);
            }
        return fields._cancelOf.Count == 0 ? None : fields;
    }

    private static bool UsesWithCancel(TypeInfo info)
    {
        foreach (var used in info.Uses.Values)
            if (used is Func { Name: "WithCancel" or "WithCancelCause", Pkg.Path: "context" }) return true;
        return false;
    }

    /// <summary>A derivation from a never-done parent whose context and cancel go into one field each.</summary>
    private void FindPairs(BlockStmt body, NeverDoneContexts neverDone) =>
        Walker.Inspect(body, n =>
        {
            if (n is not AssignStmt { Lhs: [var ctxTarget, var cancelTarget], Rhs: [var rhs] } a || a.Tok is not (Token.Assign or Token.Define)
                || Expr.Unparen(rhs) is not CallExpr { Args: [var parent] } call
                || Calls.Callee(_info, call)?.FullName is not ("context.WithCancel" or "context.WithCancelCause")) return true;
            var ctxFields = StoredIn(body, ctxTarget, onlyStores: false);
            var cancelFields = StoredIn(body, cancelTarget, onlyStores: true);
            if (ctxFields == null || cancelFields is not { Count: 1 }) return true;
            var cancel = cancelFields[0].Field;
            var neverEnds = neverDone.Of(parent) != null;
            foreach (var (ctx, value) in ctxFields)
            {
                if (!neverEnds || _cancelOf.TryGetValue(ctx, out var other) && !ReferenceEquals(other, cancel)
                    || _contextOf.TryGetValue(cancel, out var otherCtx) && !ReferenceEquals(otherCtx, ctx)) _unknown.Add(ctx);
                _cancelOf[ctx] = cancel;
                _contextOf[cancel] = ctx;
                _pairedStores.Add(value);
            }
            _pairedStores.Add(cancelFields[0].Value);
            return true;
        });

    /// <summary>The fields a derivation's target ends up in, each with the value stored: the target itself when it is a
    /// field, else the stores of the local (`s.f = v`, `T{f: v}`) in the body. With onlyStores, null when the local has any
    /// other use (a cancel called or handed on here); the context may be used freely.</summary>
    private List<(Var Field, Expr Value)>? StoredIn(BlockStmt body, Expr target, bool onlyStores)
    {
        target = Expr.Unparen(target);
        if (target is SelectorExpr sel) return FieldOf(sel) is { } f ? [(f, sel)] : null;
        if (target is not Ident { Name: not "_" } id || _info.ObjectOf(id) is not Var local || local.IsField) return null;
        var stores = new List<(Var, Expr)>();
        var other = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (other || n is not Ident use || ReferenceEquals(use, id) || !ReferenceEquals(_info.Uses.GetValueOrDefault(use), local)) return !other;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            if (parent is AssignStmt { Lhs: [var to], Rhs: [var from] } && ReferenceEquals(Expr.Unparen(from), use) && Expr.Unparen(to) is SelectorExpr toSel && FieldOf(toSel) is { } f)
                stores.Add((f, use));
            else if (parent is KeyValueExpr { Key: Ident key } kv && ReferenceEquals(kv.Value, use) && _info.ObjectOf(key) is Var { IsField: true } keyed)
                stores.Add((keyed, use));
            else if (onlyStores) other = true;
            return false;
        });
        return other ? null : stores;
    }

    private Var? FieldOf(SelectorExpr sel) =>
        _info.Selections.TryGetValue(sel, out var s) && s is { Kind: SelectionKind.FieldVal, Obj: Var field } ? field : null;

    /// <summary>Every other store of a paired field, and every use of a cancel field but a call or a nil check, makes
    /// the pair unknown; so does taking either's address.</summary>
    private void CheckUses(BlockStmt body) =>
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            switch (n)
            {
                case KeyValueExpr { Key: Ident key } kv when _info.ObjectOf(key) is Var { IsField: true } keyed && Paired(keyed) && !_pairedStores.Contains(kv.Value):
                    _unknown.Add(keyed);
                    break;
                case SelectorExpr sel when FieldOf(sel) is { } field && Paired(field):
                    var stored = parent is AssignStmt a && a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel));
                    if (stored && !_pairedStores.Contains(sel) && !StoresPairedLocal((AssignStmt)parent!, sel)) _unknown.Add(field);
                    else if (parent is UnaryExpr { Op: Token.And }) _unknown.Add(field);
                    else if (!stored && _contextOf.ContainsKey(field) && !CalledOrNilChecked(sel, parent)) _unknown.Add(field);
                    break;
            }
            return true;
        });

    private bool Paired(Var field) => _cancelOf.ContainsKey(field) || _contextOf.ContainsKey(field);

    /// <summary>`s.f = local` where local's use is a recorded paired store.</summary>
    private bool StoresPairedLocal(AssignStmt a, SelectorExpr target)
    {
        var i = a.Lhs.ToList().FindIndex(l => ReferenceEquals(Expr.Unparen(l), target));
        return i >= 0 && a.Lhs.Count == a.Rhs.Count && _pairedStores.Contains(Expr.Unparen(a.Rhs[i]));
    }

    private static bool CalledOrNilChecked(SelectorExpr sel, Node? parent) => parent switch
    {
        CallExpr call => ReferenceEquals(call.Fun, sel),
        BinaryExpr { Op: Token.Eql or Token.Neq } b => Expr.Unparen(b.X) is Ident { Name: "nil" } || Expr.Unparen(b.Y) is Ident { Name: "nil" },
        _ => false,
    };

    /// <summary>`x.f.Done()` on a paired context field: x.f's path with the pair's own class, so that a receive from it
    /// is ended only by the calls of its cancel; null for anything else.</summary>
    public LockPath? DonePath(Expr e)
    {
        if (IsEmpty || Expr.Unparen(e) is not CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } done, Args.Count: 0 }
            || Expr.Unparen(done.X) is not SelectorExpr ctxSel || FieldOf(ctxSel) is not { } ctx || !_cancelOf.ContainsKey(ctx)
            || LockPaths.Of(_info, ctxSel) is not { } path) return null;
        return path.Append(".Done()", ClassOf(ctx), true);
    }

    /// <summary>The class of the Done channel of the context a call of a cancel field (`s.signal()`) cancels; null for
    /// any other call.</summary>
    public string? Cancelled(CallExpr call) =>
        !IsEmpty && call.Args.Count == 0 && Expr.Unparen(call.Fun) is SelectorExpr sel && FieldOf(sel) is { } cancel && _contextOf.TryGetValue(cancel, out var ctx)
            ? ClassOf(ctx) : null;

    /// <summary>The cancel field paired with the context a Done class (<see cref="DonePath"/>) belongs to, by name.</summary>
    public string? CancelNameOf(string doneClass) =>
        _cancelOf.FirstOrDefault(p => ClassOf(p.Key) == doneClass).Value?.Name;

    private static string ClassOf(Var ctx) => $"context {ctx.Name}@{ctx.Pos}.Done()";
}
