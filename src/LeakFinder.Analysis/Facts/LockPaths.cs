using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ArrayType = LeakFinder.Semantics.Types.ArrayType;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Facts;

/// <summary>How a mutex is held: Lock (exclusive) or RLock (shared).</summary>
public enum LockMode { Read, Write }

/// <summary>
/// A mutex named by the variable it is reached from and the fields on the way (`s.conn.mu`), embedded fields
/// spelled out (`s.Lock()` on an embedded sync.Mutex is `s.Mutex`), so that the same mutex reached the same
/// way compares equal by <see cref="Key"/>. Class names the mutex independently of the instance, for lock
/// order: the type that declares the last field and its name (`Conn.mu`), or the package variable itself;
/// null when neither is known (a local mutex, a mutex parameter). Shared: the mutex is reached through a
/// pointer somewhere (a pointer root or field), so a callee given the root locks the caller's mutex, not a copy.
/// </summary>
public sealed record LockPath(Var Root, string Fields, string? Class, bool Shared)
{
    private string? _key;

    /// <summary>Equal for the same mutex reached the same way: the root variable, the fields, and the variables
    /// that index on the way (two variables both named `k` index different elements).</summary>
    public string Key => _key ??= Indexes.Count == 0 ? $"{Root.Pos}:{Root.Name}{Fields}" : $"{Root.Pos}:{Root.Name}{Fields}@{string.Join(",", Indexes.Select(v => v.Pos))}";
    public string Text => Root.Name + Fields;

    /// <summary>The variables that index on the way (`l.m[url]`: url), in order; empty for plain field paths. An
    /// element locked under a variable declared in a loop is another mutex on each iteration.</summary>
    public IReadOnlyList<Var> Indexes { get; init; } = [];

    /// <summary>A callee's mutex the caller could not name, kept by class in the callee's terms (an element's mutex
    /// locked through `b.buf[i].unref()`): which instance it is, is unknown.</summary>
    public bool ByClass { get; init; }

    public LockPath Append(string fields, string? cls, bool shared) =>
        new(Root, Fields + fields, fields.Length == 0 ? Class : cls, Shared || shared) { Indexes = Indexes };
}

/// <summary>A Lock, RLock, Unlock or RUnlock call on a sync.Mutex or sync.RWMutex (At, the call), or the acquire or
/// release of a channel used as a lock (At, the send or the receive: <see cref="ChannelLocks"/>).</summary>
public sealed record LockOp(LockPath Mutex, bool Acquires, LockMode Mode, Node At);

public static class LockPaths
{
    /// <summary>The mutex operation a call is, when its receiver is a path we can name; null otherwise
    /// (TryLock and mutexes reached through calls or indexing are not followed; a sync.Locker only when the aliases
    /// trust it: a field given only sync mutexes, or the L of a Cond made from one).</summary>
    public static LockOp? OpOf(TypeInfo info, CallExpr call, MutexAliases? aliases = null)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr sel) return null;
        var name = sel.Sel.Name;
        if (name is not ("Lock" or "RLock" or "Unlock" or "RUnlock")) return null;
        var full = Calls.Callee(info, call)?.FullName;
        if (full is "sync.Locker.Lock" or "sync.Locker.Unlock" && aliases?.LockerPath(info, sel.X) is { } locker)
            return new LockOp(locker, name == "Lock", LockMode.Write, call);
        if (full == null || !(full.StartsWith("(*sync.Mutex).", StringComparison.Ordinal) || full.StartsWith("(*sync.RWMutex).", StringComparison.Ordinal))) return null;
        if (ReceiverOf(info, sel, aliases) is not { } mutex) return null;
        var acquires = name is "Lock" or "RLock";
        var mode = name is "RLock" or "RUnlock" ? LockMode.Read : LockMode.Write;
        return new LockOp(mutex, acquires, mode, call);
    }

    /// <summary>The path of a method call's receiver, with the embedded fields the method is promoted through
    /// (`s.Lock()` on a struct embedding sync.Mutex: `s.Mutex`).</summary>
    public static LockPath? ReceiverOf(TypeInfo info, SelectorExpr sel, MutexAliases? aliases = null)
    {
        if (Of(info, sel.X, aliases) is not { } recv) return null;
        if (!info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.MethodVal) return recv;
        return Fields(recv, info.TypeOf(sel.X), s.Index, s.Index.Count - 1);
    }

    /// <summary>The path an expression denotes: a variable, fields of one, &amp;x, *x, and a mutex element of a map,
    /// slice or array indexed by a variable or constant (`l.m[url]`); null for anything else. With aliases, a local
    /// variable that only names a mutex path (`mu := &amp;s.mu`) is that path.</summary>
    public static LockPath? Of(TypeInfo info, Expr e, MutexAliases? aliases = null) => Of(info, e, aliases, 0);

    private static LockPath? Of(TypeInfo info, Expr e, MutexAliases? aliases, int depth)
    {
        switch (Expr.Unparen(e))
        {
            case Ident id when info.ObjectOf(id) is Var { IsField: false } v:
                if (depth < 4 && aliases?.TargetOf(v) is { } target && Of(info, target, aliases, depth + 1) is { } aliased) return aliased;
                return new LockPath(v, "", IsGlobal(v) ? v.Pkg!.Name + "." + v.Name : null, IsPointer(v.Type));
            case SelectorExpr s when info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal && Of(info, s.X, aliases, depth) is { } inner:
                var path = Fields(inner, info.TypeOf(s.X), sel.Index, sel.Index.Count);
                return path != null && aliases != null ? aliases.Rebase(info, path) : path;
            case UnaryExpr { Op: Syntax.Token.And } u:
                return Of(info, u.X, aliases, depth);
            case StarExpr st:
                return Of(info, st.X, aliases, depth);
            case IndexExpr ix when MutexElement(info.TypeOf(ix.X)) is { } shared && Of(info, ix.X, aliases, depth) is { } container && IndexName(info, ix.Index) is var (text, byVar):
                return new LockPath(container.Root, container.Fields + "[" + text + "]", container.Class == null ? null : container.Class + "[]", container.Shared || shared)
                    { Indexes = byVar == null ? container.Indexes : [.. container.Indexes, byVar] };
            default:
                return null;
        }
    }

    /// <summary>For a map, slice or array (or pointer to one) of sync mutexes or pointers to them: whether the element
    /// is shared with other holders of the container (a map or slice, or pointer elements); null for anything else.</summary>
    private static bool? MutexElement(GoType? t)
    {
        var container = t?.Underlying is PointerType p ? p.Elem.Underlying : t?.Underlying;
        var (elem, shared) = container switch
        {
            MapType m => (m.Elem, true),
            SliceType s => (s.Elem, true),
            ArrayType a => (a.Elem, t!.Underlying is PointerType),
            _ => (null, false),
        };
        if (elem == null) return null;
        if (elem.Underlying is PointerType { Elem: var pointed } && LockFlow.IsMutex(pointed)) return true;
        return LockFlow.IsMutex(elem) ? shared : null;
    }

    /// <summary>How an index is spelled in a path, and the variable it reads (null for a constant): only a variable
    /// or a constant names one element.</summary>
    private static (string Text, Var? ByVar)? IndexName(TypeInfo info, Expr index) => Expr.Unparen(index) switch
    {
        Ident id when info.ObjectOf(id) is Var { IsField: false } v => (id.Name, v),
        Ident id when info.ObjectOf(id) is Const => (id.Name, null),
        BasicLit lit => (lit.Value, null),
        _ => null,
    };

    /// <summary>
    /// Follows the first <paramref name="count"/> field indices of a selection from a value of type t. The
    /// class restarts at each pointer (a heap object of its own: `s.conn.mu` with conn a *Conn is `Conn.mu`)
    /// and goes on through values (`c.in.Mutex` with in a halfConn value is `Conn.in.Mutex`, not `c.out`'s).
    /// </summary>
    private static LockPath? Fields(LockPath start, GoType? t, IReadOnlyList<int> index, int count)
    {
        var path = start;
        for (var i = 0; i < count; i++)
        {
            if (t == null || Deref(t).Underlying is not StructType st || index[i] >= st.Fields.Count) return null;
            var f = st.Fields[index[i]];
            var pointer = t.Underlying is PointerType;
            var cls = pointer || path.Class == null ? (NameOf(t) is { } owner ? owner + "." + f.Name : null) : path.Class + "." + f.Name;
            path = path.Append("." + f.Name, cls, pointer || IsPointer(f.Type));
            t = f.Type;
        }
        return path;
    }

    /// <summary>Whether a held lock was taken by `o.Do(f)` (the facts model a Once as held while f runs). Onces guard
    /// per-value initialisation, often recursively over a graph of values of one type, so the class-level rules
    /// (lock order, waits under a lock) leave them out; only a re-entered Do on the same path is judged.</summary>
    public static bool IsOnceDo(Node lockedAt) => lockedAt is CallExpr { Fun: SelectorExpr { Sel.Name: "Do" } };

    /// <summary>
    /// The class the order and wait rules compare a mutex by: its <see cref="LockPath.Class"/>, or for a mutex with
    /// none that a local variable or parameter names (`var mu sync.Mutex` in a test, shared by the goroutine literals
    /// it starts) the mutex itself, by its key: one instance, so two functions never confuse theirs.
    /// </summary>
    public static string? OrderClass(LockPath p) => p.Class ?? (p.Root.IsField || IsGlobal(p.Root) ? null : "local " + p.Key);

    /// <summary>How a message names a mutex's class: the class, or the path of a local one.</summary>
    public static string ClassText(LockPath p) => p.Class ?? p.Text;

    /// <summary>A package-level variable: the same mutex in every function of the package.</summary>
    public static bool IsGlobal(Var v) => v.Pkg != null && ReferenceEquals(v.Pkg.Scope.LookupLocal(v.Name), v);

    private static bool IsPointer(GoType t) => t.Underlying is PointerType;

    private static GoType Deref(GoType t) => t.Underlying is PointerType p ? p.Elem : t;

    private static string? NameOf(GoType t) => NamedOf(t)?.Obj.Name;

    /// <summary>The named type t is or points to, as declared (a generic type's origin, not an instance).</summary>
    internal static NamedType? NamedOf(GoType t) => Deref(t) is NamedType n ? n.Origin ?? n : null;
}
