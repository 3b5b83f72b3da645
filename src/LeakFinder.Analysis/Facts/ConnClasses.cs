using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The network connections a package keeps in struct fields, as blocking objects for the lock facts: the conn field
/// and the readers and writers built on the same conn (`&amp;Client{conn: c, dec: json.NewDecoder(c), enc:
/// json.NewEncoder(c)}`, `c.r = bufio.NewReader(c.conn)`) are one class. A read from any of them (<see
/// cref="ReadTarget"/>: `c.dec.Decode(&amp;v)`, `c.conn.Read(p)`, `io.ReadFull(c.r, p)`) waits for the peer; a write
/// (<see cref="Written"/>) is what the peer of a request/response protocol answers, so it is what ends that wait. A
/// class is followed only while the package keeps it to itself: every value stored in its fields is the conn or a std
/// reader or writer on it, every use is a read, a write, a close or a harmless look. A read deadline (the read ends
/// when it passes), a field given anything else, and a field handed on or aliased in a local make it unknown.
/// </summary>
internal sealed class ConnClasses
{
    public static readonly ConnClasses None = new(null!);

    private readonly TypeInfo _info;
    /// <summary>Field class → its group (union-find parent).</summary>
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);

    private ConnClasses(TypeInfo info) => _info = info;

    public bool IsEmpty => _parent.Count == 0;

    public static ConnClasses Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        if (!UsesNet(info)) return None;
        var conns = new ConnClasses(info);
        // Fields given one local conn, or a reader or writer on it, in one function belong together.
        var byLocal = new Dictionary<Var, string>(ReferenceEqualityComparer.Instance);
        var candidates = new List<(string Cls, Expr Value)>();
        FieldValues.ForEach(info, functions, _ => true, (cls, _, value, _) =>
        {
            if (cls == null || conns.ConnOf(value) is not { } origin) return;
            candidates.Add((cls, value));
            conns.Add(cls);
            switch (origin)
            {
                case Ident id when info.ObjectOf(id) is Var v:
                    if (byLocal.TryGetValue(v, out var other)) conns.Union(cls, other);
                    else byLocal[v] = cls;
                    break;
                case SelectorExpr sel when LockPaths.Of(info, sel)?.Class is { } from:
                    conns.Add(from);
                    conns.Union(cls, from);
                    break;
            }
        });
        if (conns.IsEmpty) return None;
        // Every other value stored into one of these fields (a reader on a file, a conn we cannot follow) makes its group unknown.
        FieldValues.ForEach(info, functions, _ => true, (cls, _, value, _) =>
        {
            if (cls != null && conns._parent.ContainsKey(cls) && !candidates.Exists(c => ReferenceEquals(c.Value, value)) && !IsNil(info, value))
                conns._unknown.Add(conns.Find(cls));
        });
        foreach (var fn in functions) conns.FollowUses(fn);
        return conns;
    }

    private static bool UsesNet(TypeInfo info)
    {
        foreach (var used in info.Uses.Values)
            if (used is TypeName { Pkg.Path: "net" or "crypto/tls" }) return true;
        return false;
    }

    private static bool IsNil(TypeInfo info, Expr e) => Expr.Unparen(e) is Ident id && info.ObjectOf(id) is Nil;

    /// <summary>The conn a stored value is or is built on (a local or a field holding a conn), or null.</summary>
    private Expr? ConnOf(Expr value)
    {
        value = Expr.Unparen(value);
        if (value is CallExpr { Args.Count: > 0 } call && Calls.Callee(_info, call)?.FullName is var name
            && (Conns.IsReaderWrapper(name) || Conns.IsWriterWrapper(name)))
            value = Expr.Unparen(call.Args[0]);
        if (!Conns.IsConnType(_info.TypeOf(value))) return null;
        return value is Ident or SelectorExpr ? value : null;
    }

    private void Add(string cls) => _parent.TryAdd(cls, cls);

    private string Find(string cls)
    {
        while (_parent[cls] != cls) cls = _parent[cls] = _parent[_parent[cls]];
        return cls;
    }

    private void Union(string a, string b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra != rb) _parent[ra] = rb;
    }

    /// <summary>The group of a field of ours (`c.dec`), or null.</summary>
    private string? GroupOf(Expr e) =>
        Expr.Unparen(e) is SelectorExpr sel && _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal
        && LockPaths.Of(_info, sel)?.Class is { } cls && _parent.ContainsKey(cls) ? Find(cls) : null;

    /// <summary>Every use of a field of a group: one not understood, or a read deadline, makes the group unknown.</summary>
    private void FollowUses(FunctionBody fn) =>
        _info.Nodes.Inspect(fn.Body, NodeKinds.SelectorExpr, (n, ancestors) =>
        {
            if (n is not SelectorExpr sel || GroupOf(sel) is not { } group) return true;
            var parent = ancestors.Up(1);
            // A store into the field: its value was judged above.
            if (parent is AssignStmt a && a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel))) return false;
            if (parent is SelectorExpr { Sel.Name: var method } m && ReferenceEquals(m.X, sel) && ancestors.Up(2) is CallExpr call && ReferenceEquals(call.Fun, m)
                && IsWriteMethod(method))
                return false;
            var list = new List<Node>();
            for (var k = 1; ancestors.Up(k) is { } up; k++) list.Insert(0, up);
            var use = Conns.UseOf(_info, sel, list);
            if (use is Conns.Use.Unknown or Conns.Use.Deadline) _unknown.Add(group);
            return false;
        });

    /// <summary>Methods of a conn or of a writer on it that write (an encoder's Encode, a bufio.Writer's Flush).</summary>
    private static bool IsWriteMethod(string name) => name is "Write" or "WriteString" or "WriteByte" or "WriteRune" or "WriteTo" or "Encode" or "EncodeElement" or "Flush";

    private LockPath? Target(Expr e, string group) => LockPaths.Of(_info, e) is { } path ? path with { Class = "conn:" + group } : null;

    /// <summary>The conn a call reads from (`c.dec.Decode(&amp;v)`, `c.conn.Read(p)`, `io.ReadFull(c.r, p)`), as the field's path
    /// with the group's class, when the group is known; null otherwise.</summary>
    public LockPath? ReadTarget(CallExpr call)
    {
        if (IsEmpty) return null;
        Expr? from = null;
        if (Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: var name } sel && name is "Read" or "ReadString" or "ReadBytes" or "ReadLine" or "ReadByte" or "ReadRune" or "ReadSlice" or "Scan" or "Decode" or "Token")
            from = sel.X;
        else if (call.Args.Count > 0 && Calls.Callee(_info, call)?.FullName is "io.ReadFull" or "io.ReadAtLeast" or "encoding/binary.Read")
            from = call.Args[0];
        return from != null && GroupOf(from) is { } group && !_unknown.Contains(group) ? Target(from, group) : null;
    }

    /// <summary>The class of the conn a call writes to (`c.enc.Encode(v)`, `c.conn.Write(p)`, `c.w.Flush()`,
    /// `fmt.Fprintf(c.conn, ...)`), when the group is known; null otherwise.</summary>
    public string? Written(CallExpr call)
    {
        if (IsEmpty) return null;
        Expr? to = null;
        if (Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: var name } sel && IsWriteMethod(name))
            to = sel.X;
        else if (call.Args.Count > 0 && StdCallbacks.WritesToFirst(Calls.Callee(_info, call)?.FullName))
            to = call.Args[0];
        return to != null && GroupOf(to) is { } group && !_unknown.Contains(group) ? "conn:" + group : null;
    }
}
