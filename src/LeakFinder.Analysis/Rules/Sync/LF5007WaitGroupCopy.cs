using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007 for a copied WaitGroup: a function given the group by value (`func work(wg sync.WaitGroup)`, or a value
/// receiver whose struct holds one) calls Done or Wait on its own copy. The caller's counter never sees that Done,
/// so the caller's Wait blocks for ever; a Wait on the copy waits for Dones that go to the original.
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckCopiedGroups(Pass pass)
    {
        if (!pass.UsesFunction("(*sync.WaitGroup).Done") && !pass.UsesFunction("(*sync.WaitGroup).Wait")) return;
        foreach (var fn in pass.Functions)
        {
            var (parameters, receiver) = fn.Function switch
            {
                FuncDecl fd => (fd.Type.Params, fd.Recv),
                FuncLit lit => (lit.Type.Params, (FieldList?)null),
                _ => (null, null),
            };
            if (parameters == null) continue;
            Walker.Inspect(fn.Body, n =>
            {
                if (n is FuncLit) return false; // its own function: its parameters are its own
                if (n is not CallExpr { Fun: SelectorExpr { Sel.Name: "Done" or "Wait" } sel } call
                    || Calls.Callee(pass.Info, call)?.FullName is not ("(*sync.WaitGroup).Done" or "(*sync.WaitGroup).Wait")) return true;
                if (CopiedGroup(pass, Expr.Unparen(sel.X), parameters, receiver) is { } copy)
                {
                    var method = sel.Sel.Name;
                    var effect = method == "Done"
                        ? "lowers the copy's counter, never the one its caller's Wait watches, so that Wait blocks for ever"
                        : "waits for Dones that go to the caller's group, never to this copy, so it blocks for ever once the copy's counter is above zero";
                    pass.Report(call,
                        $"{copy} is a copy of the caller's sync.WaitGroup (passed by value): this {method} {effect}; pass a *sync.WaitGroup (or use a pointer receiver)");
                }
                return true;
            });
        }
    }

    /// <summary>How a group reached by value is named (`wg`, `w.wg`), when e is a by-value WaitGroup parameter or a
    /// WaitGroup field of a by-value receiver; null otherwise.</summary>
    private static string? CopiedGroup(Pass pass, Expr e, FieldList parameters, FieldList? receiver)
    {
        static bool Within(FieldList? list, Var v) => list != null && v.Pos >= list.Pos().Value && v.Pos < list.End().Value;
        switch (e)
        {
            case Ident id when pass.Info.ObjectOf(id) is Var { IsField: false } v && IsGroupValue(v.Type) && (Within(parameters, v) || Within(receiver, v)):
                return id.Name;
            case SelectorExpr { X: Ident recv } sel when pass.Info.ObjectOf(recv) is Var { IsField: false } r && Within(receiver, r)
                && r.Type is NamedType && pass.Info.ObjectOf(sel.Sel) is Var { IsField: true } f && IsGroupValue(f.Type):
                return $"{recv.Name}.{sel.Sel.Name}";
            default:
                return null;
        }
    }

    private static bool IsGroupValue(GoType? t) => t is NamedType { Obj: { Name: "WaitGroup", Pkg.Path: "sync" } };
}
