using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A result that owns a lock its function took on its receiver or a parameter and left held: `func (db *DB)
/// Begin(writable bool) (*Tx, error) { if writable { db.rwlock.Lock() }; return &amp;Tx{db: db}, nil }`, with Tx's
/// Commit and Rollback unlocking `tx.db.rwlock`. From the call on the caller owns the lock through the value, and
/// must call one of <see cref="Releasers"/> on it on every path (a write transaction, a snapshot holding a read lock).
/// </summary>
/// <param name="Result">The result's index.</param>
/// <param name="Owner">The receiver or parameter whose mutex is locked; <see cref="OwnerParam"/> its index (-1 the receiver).</param>
/// <param name="Fields">The mutex from the owner (".rwlock").</param>
/// <param name="Field">The result's field holding the owner ("db").</param>
/// <param name="When">The bool parameter's value the lock is taken under (`if writable`), or null when always taken.</param>
public sealed record OwningResult(int Result, Var Owner, int OwnerParam, string Fields, string Field, LockMode Mode, AcquireGuard? When, Node LockedAt,
    IReadOnlyList<Func> Releasers);

public static class LockOwningResults
{
    /// <summary>The package's functions whose result owns a lock (<see cref="OwningResult"/>), found from their lock
    /// summaries: the function locks the mutex itself, never unlocks it nor calls anything that may, every success
    /// return hands out a value of a struct type of the package built with a field set to the owner, and some method
    /// of that type unlocks the mutex through that field.</summary>
    public static Dictionary<Func, List<OwningResult>> Of(TypeInfo info, IReadOnlyList<FunctionBody> functions, LockEffects effects)
    {
        var result = new Dictionary<Func, List<OwningResult>>(ReferenceEqualityComparer.Instance);
        List<(Func Method, NamedType Recv)>? methods = null;
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl decl || info.Defs.GetValueOrDefault(decl.Name) is not Func f || effects.SummaryOf(f) is not { Acquires.Count: > 0 } summary
                || f.Signature is not { Results.Count: 1 or 2 } sig) continue;
            if (sig.Results.Count == 2 && !IsStatus(sig.Results[1].Type)) continue;
            if (sig.Results[0].Type.Underlying is not PointerType || LockPaths.NamedOf(sig.Results[0].Type) is not { Underlying: StructType } type || !ReferenceEquals(type.Obj.Pkg, f.Pkg)) continue;
            foreach (var acq in summary.Acquires.Values)
            {
                if (acq.Ref is not { Global: null, IndexParams.Count: 0, Fields.Length: > 0 } r || acq.Via.Length != 0 || acq.Entry != null
                    || r.Fields.Contains('^') || r.Fields.Contains('[')) continue;
                var owner = r.Param == -1 ? sig.Recv : r.Param >= 0 && r.Param < sig.Params.Count ? sig.Params[r.Param] : null;
                if (owner == null || owner.Type.Underlying is not PointerType || MayUnlock(info, decl.Body!, owner, r.Fields, effects)) continue;
                if (OwnerField(info, decl, sig, type, owner) is not { } field) continue;
                methods ??= MethodsOf(info, functions);
                var key = new LockRef(-1, null, "." + field + r.Fields, null).Key;
                var releasers = methods.Where(m => ReferenceEquals(m.Recv, type) && effects.SummaryOf(m.Method)?.Releases.ContainsKey(key) == true).Select(m => m.Method).ToList();
                if (releasers.Count == 0) continue;
                if (!result.TryGetValue(f, out var list)) result[f] = list = [];
                list.Add(new OwningResult(0, owner, r.Param, r.Fields, field, acq.Mode, acq.When, acq.Site, releasers));
            }
        }
        return result;
    }

    private static bool IsStatus(GoType t) => t is NamedType { Obj.Name: "error", Obj.Pkg: null } || t.Underlying is BasicType { Kind: BasicKind.Bool };

    /// <summary>Whether the body unlocks the owner's mutex (anywhere, a literal or a defer too), or gives the owner to a
    /// call of the package whose summary unlocks anything: then the lock is not simply left held.</summary>
    private static bool MayUnlock(TypeInfo info, BlockStmt body, Var owner, string fields, LockEffects effects) =>
        Walker.Any(body, n =>
        {
            if (n is not CallExpr c) return false;
            if (LockPaths.OpOf(info, c) is { Acquires: false } op) return ReferenceEquals(op.Mutex.Root, owner) && op.Mutex.Fields == fields;
            if (Calls.Callee(info, c) is not { } callee || effects.SummaryOf(callee) is not { Releases.Count: > 0 }) return false;
            var given = c.Args.Append(Expr.Unparen(c.Fun) is SelectorExpr s ? s.X : c.Fun);
            return given.Any(a => Walker.Any(a, m => m is Ident i && ReferenceEquals(info.ObjectOf(i), owner)));
        });

    /// <summary>The field of the result's type every success return sets to the owner: `return &amp;Tx{db: db}, nil`, or a
    /// local defined from such a literal or given the owner by `t.db = db` before it is returned. Null when a success
    /// return hands out anything else.</summary>
    private static string? OwnerField(TypeInfo info, FuncDecl decl, SignatureType sig, NamedType type, Var owner)
    {
        string? field = null;
        var ok = true;
        Walker.Inspect(decl.Body!, n =>
        {
            if (!ok || n is FuncLit) return false;
            if (n is not ReturnStmt ret) return true;
            if (ret.Results.Count != sig.Results.Count)
            {
                ok = false;
                return false;
            }
            if (sig.Results.Count == 2 && Failure(info, ret.Results[1]) || info.IsNil(ret.Results[0])) return false;
            var here = SetsOwner(info, decl.Body!, ret.Results[0], type, owner);
            if (here == null || field != null && field != here) ok = false;
            field = here;
            return false;
        });
        return ok ? field : null;
    }

    private static bool Failure(TypeInfo info, Expr status) =>
        info.TypeOf(status)?.Underlying is BasicType { Kind: BasicKind.Bool or BasicKind.UntypedBool }
            ? info.Types.TryGetValue(status, out var tv) && tv.Value is { Kind: ConstantKind.Bool } b && !b.Bool
            : !info.IsNil(status);

    private static string? SetsOwner(TypeInfo info, BlockStmt body, Expr value, NamedType type, Var owner)
    {
        value = Expr.Unparen(value);
        if (value is UnaryExpr { Op: Syntax.Token.And } u && Expr.Unparen(u.X) is CompositeLit lit) return LiteralField(info, lit, type, owner);
        if (value is not Ident id || info.ObjectOf(id) is not Var { IsField: false } local || local.Pos < body.Pos().Value || local.Pos >= body.End().Value) return null;
        string? field = null;
        Walker.Inspect(body, n =>
        {
            if (field != null) return false;
            if (n is AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a && Expr.Unparen(a.Lhs[0]) is var lhs)
            {
                if (lhs is Ident l && ReferenceEquals(info.ObjectOf(l), local) && Expr.Unparen(a.Rhs[0]) is UnaryExpr { Op: Syntax.Token.And } ru && Expr.Unparen(ru.X) is CompositeLit rl)
                    field = LiteralField(info, rl, type, owner);
                else if (lhs is SelectorExpr { X: Ident x } sel && ReferenceEquals(info.ObjectOf(x), local) && IsOwner(info, a.Rhs[0], owner))
                    field = sel.Sel.Name;
            }
            return true;
        });
        return field;
    }

    private static string? LiteralField(TypeInfo info, CompositeLit lit, NamedType type, Var owner)
    {
        if (info.TypeOf(lit) is not { } t || !ReferenceEquals(LockPaths.NamedOf(t), type)) return null;
        foreach (var e in lit.Elts)
            if (e is KeyValueExpr { Key: Ident key } kv && IsOwner(info, kv.Value, owner)) return key.Name;
        return null;
    }

    private static bool IsOwner(TypeInfo info, Expr e, Var owner) => Expr.Unparen(e) is Ident i && ReferenceEquals(info.ObjectOf(i), owner);

    private static List<(Func, NamedType)> MethodsOf(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var list = new List<(Func, NamedType)>();
        foreach (var fn in functions)
            if (fn.Function is FuncDecl { Recv: not null } d && info.Defs.GetValueOrDefault(d.Name) is Func m && m.Signature?.Recv is { } recv
                && LockPaths.NamedOf(recv.Type) is { } named)
                list.Add((m, named));
        return list;
    }
}
