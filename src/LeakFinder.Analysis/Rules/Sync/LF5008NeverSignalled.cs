using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5008's second form: goroutines wait on a sync.Cond kept in an unexported field that no code of the package
/// ever signals or broadcasts, and that is never handed out (only `x.c.Wait()`, `x.c.L`, and assignments of the
/// field are seen): each Wait sleeps for ever once it is reached. Any other use of the field (passed, returned,
/// a method value other than Signal or Broadcast) may signal it elsewhere, and the check stays silent.
/// </summary>
internal static class LF5008NeverSignalled
{
    private sealed class FieldUse
    {
        public List<CallExpr> Waits { get; } = [];
        public bool Signalled { get; set; }
        public bool Escapes { get; set; }
    }

    public static void Run(Pass pass)
    {
        var fields = new Dictionary<Var, FieldUse>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            Walker.InspectWithAncestors(file.File, (n, ancestors) =>
            {
                if (n is not SelectorExpr sel || !pass.Info.Selections.TryGetValue(sel, out var s) || s.Kind != SelectionKind.FieldVal
                    || s.Obj is not Var { Embedded: false } field || !CondLocks.IsCond(field.Type)) return true;
                if (!fields.TryGetValue(field, out var use)) fields[field] = use = new FieldUse();
                // Exported fields may be signalled by other packages.
                if (pass.ExportedOutside(field)) use.Escapes = true;
                var parent = ancestors.Count > 0 ? ancestors[^1] : null;
                switch (parent)
                {
                    case SelectorExpr { Sel.Name: "Signal" or "Broadcast" } m when ReferenceEquals(m.X, sel):
                        use.Signalled = true;
                        break;
                    case SelectorExpr { Sel.Name: "Wait" } m when ReferenceEquals(m.X, sel) && ancestors.Count > 1 && ancestors[^2] is CallExpr call && ReferenceEquals(call.Fun, m):
                        use.Waits.Add(call);
                        break;
                    case SelectorExpr { Sel.Name: "L" } m when ReferenceEquals(m.X, sel):
                        break;
                    case AssignStmt a when a.Lhs.Any(l => ReferenceEquals(l, sel)):
                        break;
                    default:
                        use.Escapes = true;
                        break;
                }
                return true;
            });
        foreach (var (field, use) in fields)
        {
            if (use.Signalled || use.Escapes || use.Waits.Count == 0) continue;
            var wait = use.Waits.MinBy(w => w.Pos().Value)!;
            var owner = OwnerName(field, pass.Info, wait);
            pass.Report(wait,
                $"this Wait on {owner}.{field.Name} waits for a Signal or Broadcast that nothing sends: no code of the package signals {field.Name}, an unexported field that is never handed out, so the goroutine sleeps here for ever once it waits; Broadcast after each change the waiters wait for",
                use.Waits.Where(w => !ReferenceEquals(w, wait)).Select(w => new RelatedLocation(pass.Span(w), "another Wait on it")).ToArray());
        }
    }

    private static string OwnerName(Var field, TypeInfo info, CallExpr wait) =>
        Expr.Unparen(wait.Fun) is SelectorExpr { X: SelectorExpr fieldSel } && info.TypeOf(fieldSel.X) is { } t
            ? ((t.Underlying is PointerType p ? p.Elem : t) is NamedType n ? n.Obj.Name : "the struct") : "the struct";
}
