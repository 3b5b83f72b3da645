using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// Struct fields of type *sync.WaitGroup and the WaitGroup fields they point to: a worker that keeps a pointer
/// to its manager's group (`&amp;shard{wg: &amp;m.wg}`, `s.wg = &amp;m.wg`) calls Done on the manager's group, so the
/// manager's `m.wg.Add(1)` counts it. A pointer field is resolved only when every value the package stores in it
/// is the address of a WaitGroup field; one stored from a parameter or a variable may point anywhere.
/// </summary>
internal sealed class GroupAliases
{
    // Pointer field -> the WaitGroup fields stored in it; null once a store is not such an address.
    private readonly Dictionary<Var, HashSet<Var>?> _targets = new(ReferenceEqualityComparer.Instance);

    public static GroupAliases Of(Pass pass)
    {
        var aliases = new GroupAliases();
        foreach (var fn in pass.Functions)
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case KeyValueExpr { Key: Ident key } kv when pass.Info.ObjectOf(key) is Var { IsField: true } field:
                        aliases.Store(pass, field, kv.Value);
                        break;
                    case AssignStmt { Tok: Token.Assign } a when a.Lhs.Count == a.Rhs.Count:
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (Expr.Unparen(a.Lhs[i]) is SelectorExpr s && pass.Info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal && sel.Obj is Var f)
                                aliases.Store(pass, f, a.Rhs[i]);
                        break;
                }
                return true;
            });
        return aliases;
    }

    private void Store(Pass pass, Var field, Expr value)
    {
        if (!IsGroupPointer(field.Type)) return;
        var target = Expr.Unparen(value) is UnaryExpr { Op: Token.And } addr && Expr.Unparen(addr.X) is SelectorExpr s
                     && pass.Info.Selections.TryGetValue(s, out var sel) && sel.Kind == SelectionKind.FieldVal && sel.Obj is Var f && IsGroup(f.Type)
            ? f
            : null;
        if (_targets.TryGetValue(field, out var known) && known == null) return;
        if (target == null) _targets[field] = null;
        else (known ?? (_targets[field] = new HashSet<Var>(ReferenceEqualityComparer.Instance))).Add(target);
    }

    /// <summary>Whether the pointer field `pointer` holds the address of the WaitGroup field `group` (and nothing else).</summary>
    public bool Points(Var? pointer, Var? group) =>
        pointer != null && group != null && _targets.TryGetValue(pointer, out var targets) && targets is { Count: 1 } && targets.Contains(group);

    private static bool IsGroupPointer(GoType t) => t is PointerType { Elem: var e } && IsGroup(e);

    private static bool IsGroup(GoType t) => t is NamedType { Obj: { Name: "WaitGroup", Pkg.Path: "sync" } };
}
